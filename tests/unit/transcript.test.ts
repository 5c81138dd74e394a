import { describe, expect, it } from 'vitest';
import { MAX_TRANSCRIPT_LINES, TRANSCRIPT_TAIL_LINES, Transcript } from '../../src-main/incoming/transcript';
import { Redactor } from '../../src-main/logging/redactor';

function transcript(secrets: string[] = []) {
  const redactor = new Redactor();
  secrets.forEach((s) => redactor.add(s));
  return new Transcript(redactor);
}

describe('protocol transcript', () => {
  it('hides LOGIN, PASS and AUTH arguments', () => {
    const t = transcript();
    t.client('A1 LOGIN alice s3cret-pass');
    t.client('PASS s3cret-pass');
    t.client('AUTH XOAUTH2 dXNlcj1hbGljZQFhdXRoPUJlYXJlciB0b2tlbgEB');
    t.client('AUTH PLAIN AGFsaWNlAHMzY3JldA==');
    t.client('USER alice');
    expect(t.lines.map((l) => l.text)).toEqual([
      'A1 LOGIN alice [credentials hidden]',
      'PASS [hidden]',
      'AUTH XOAUTH2 [credentials hidden]',
      'AUTH PLAIN [credentials hidden]',
      'USER alice',
    ]);
  });

  it('hides the SASL response that follows a bare AUTH and a server challenge', () => {
    const t = transcript();
    t.client('4 AUTHENTICATE PLAIN');
    t.server('+');
    t.client('AGFsaWNlAHMzY3JldA==');
    t.server('4 OK Logged in');
    t.client('5 LIST "" "*"');
    expect(t.lines.map((l) => `${l.dir}:${l.text}`)).toEqual([
      'c:4 AUTHENTICATE PLAIN',
      's:+',
      'c:[credentials hidden]',
      's:4 OK Logged in',
      'c:5 LIST "" "*"',
    ]);
  });

  it('the empty answer to a refused XOAUTH2 ends the SASL exchange: the next command is shown as it is', () => {
    const t = transcript();
    t.client('AUTH XOAUTH2 dXNlcj1hbGljZQFhdXRoPUJlYXJlciB0b2tlbgEB');
    t.server('+ eyJzdGF0dXMiOiI0MDEifQ==');
    t.client('');
    t.server('-ERR [AUTH] Invalid credentials');
    t.client('CAPA');
    expect(t.lines.map((l) => `${l.dir} ${l.text}`)).toEqual([
      'c AUTH XOAUTH2 [credentials hidden]',
      's + eyJzdGF0dXMiOiI0MDEifQ==',
      'c [empty response]',
      's -ERR [AUTH] Invalid credentials',
      'c CAPA',
    ]);
  });

  it('keeps at most MAX_TRANSCRIPT_LINES lines: the start and the end, with what was left out between', () => {
    const t = transcript();
    for (let i = 0; i < MAX_TRANSCRIPT_LINES + 500; i++) t.server(`+OK line ${i}`);
    t.server('-ERR the line that explains the failure');
    const lines = t.lines;
    expect(lines).toHaveLength(MAX_TRANSCRIPT_LINES + 1);
    const head = MAX_TRANSCRIPT_LINES - TRANSCRIPT_TAIL_LINES;
    expect(lines[0]!.text).toBe('+OK line 0');
    expect(lines[head - 1]!.text).toBe(`+OK line ${head - 1}`);
    expect(lines[head]).toEqual({ dir: 'i', text: expect.stringMatching(/^\[501 lines left out here/) });
    expect(lines[head + 1]!.text).toBe(`+OK line ${head + 501}`);
    expect(lines.at(-2)!.text).toBe(`+OK line ${MAX_TRANSCRIPT_LINES + 499}`);
    expect(lines.at(-1)).toEqual({ dir: 's', text: '-ERR the line that explains the failure' });
  });

  it('leaves nothing out and says nothing of it up to the limit', () => {
    const t = transcript();
    for (let i = 0; i < MAX_TRANSCRIPT_LINES; i++) t.server(`+OK line ${i}`);
    expect(t.lines.map((l) => l.text)).toEqual(Array.from({ length: MAX_TRANSCRIPT_LINES }, (_, i) => `+OK line ${i}`));
  });

  it('removes any known secret wherever it appears, raw or base64', () => {
    const t = transcript(['tok-1234567890']);
    t.server(`NO token tok-1234567890 rejected ${Buffer.from('tok-1234567890').toString('base64')}`);
    expect(t.lines[0]!.text).toBe('NO token [redacted] rejected [redacted]');
  });
});
