// The file logger with a real Redactor and a real file: secrets that JSON encoding would escape
// (quotes, backslashes, newlines) must be blanked too, wherever in the record they appear.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileLogger } from '../../src-main/logging/logger';
import { Redactor } from '../../src-main/logging/redactor';

const SECRETS = [
  'pa"ss"word-1234',
  'C:\\secret\\vault-5678',
  'line one\nline two-9012',
  'pässwörd-🔑-ключ',
  'tab\there"and\\there',
];

/** Loggers keep their file open: each test's are closed after it. */
const made: { close(): void }[] = [];
afterEach(() => made.splice(0).forEach((logger) => logger.close()));
const fileLogger = (...args: Parameters<typeof createFileLogger>) => {
  const logger = createFileLogger(...args);
  made.push(logger);
  return logger;
};
/** Where this process's open descriptors can be listed (Linux). */
const HAVE_PROC_FD = existsSync('/proc/self/fd');
if (!HAVE_PROC_FD) console.warn('skipping the descriptor count: /proc/self/fd does not exist here (not Linux)');

describe('file logger', () => {
  it('redacts secrets with characters JSON escapes, in nested values, arrays and keys', () => {
    const redactor = new Redactor();
    SECRETS.forEach((s) => redactor.add(s));
    const logger = fileLogger(mkdtempSync(path.join(tmpdir(), 'mailprefs-log-')), redactor);
    logger.log('warn', 'smtp.reply', {
      detail: `535 rejected ${SECRETS[0]}`,
      nested: { deeper: [SECRETS[1], { value: SECRETS[2] }] },
      [SECRETS[3]!]: 'as a key',
      list: [SECRETS[4], 42, null, true],
      when: new Date('2026-01-01T00:00:00Z'),
    });
    const text = readFileSync(logger.file, 'utf8');
    for (const secret of SECRETS) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
    const record = JSON.parse(text.trim());
    expect(record).toMatchObject({
      level: 'warn',
      event: 'smtp.reply',
      detail: '535 rejected [redacted]',
      nested: { deeper: ['[redacted]', { value: '[redacted]' }] },
      '[redacted]': 'as a key',
      list: ['[redacted]', 42, null, true],
      when: '2026-01-01T00:00:00.000Z',
    });
  });

  it('writes info lines after the turn, warn lines at once and in order', async () => {
    const logger = fileLogger(mkdtempSync(path.join(tmpdir(), 'mailprefs-log-')), new Redactor());
    logger.log('info', 'first');
    expect(existsSync(logger.file)).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    logger.log('info', 'second');
    logger.log('warn', 'third');
    const events = readFileSync(logger.file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(['first', 'second', 'third']);
  });

  it('builds info lines after the turn, redacting a secret learned later in that turn', async () => {
    const redactor = new Redactor();
    const logger = fileLogger(mkdtempSync(path.join(tmpdir(), 'mailprefs-log-')), redactor);
    logger.log('info', 'smtp.reply', { detail: `235 ok for ${SECRETS[0]}` });
    redactor.add(SECRETS[0]); // the vault reads the secret after the line was asked for
    await new Promise((resolve) => setImmediate(resolve));
    const text = readFileSync(logger.file, 'utf8');
    expect(text).not.toContain(SECRETS[0]);
    expect(JSON.parse(text)).toMatchObject({ level: 'info', event: 'smtp.reply', detail: '235 ok for [redacted]' });
  });

  it('writes queued lines before the Redactor forgets a secret they hold', () => {
    const redactor = new Redactor(2);
    const logger = fileLogger(mkdtempSync(path.join(tmpdir(), 'mailprefs-log-')), redactor);
    redactor.add(SECRETS[0]);
    logger.log('info', 'smtp.reply', { detail: `235 ok for ${SECRETS[0]}` });
    redactor.add(SECRETS[1]);
    redactor.add(SECRETS[2]); // the third pushes the first out: the queued line must be written first
    logger.flush();
    const text = readFileSync(logger.file, 'utf8');
    expect(text).not.toContain(SECRETS[0]);
    expect(text).toContain('235 ok for [redacted]');
  });

  it('writes a line whose fields cannot be encoded as unloggable, and the lines around it', () => {
    const logger = fileLogger(mkdtempSync(path.join(tmpdir(), 'mailprefs-log-')), new Redactor());
    logger.log('info', 'before');
    logger.log('info', 'bad', { value: { toJSON: () => ({ big: 1n }) } });
    logger.log('warn', 'after');
    const lines = readFileSync(logger.file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line['event'])).toEqual(['before', 'bad', 'after']);
    expect(lines[1]).toMatchObject({ unloggable: 'its fields could not be encoded' });
  });

  it('writes a long batch before the turn ends', () => {
    const logger = fileLogger(mkdtempSync(path.join(tmpdir(), 'mailprefs-log-')), new Redactor());
    for (let i = 0; i < 300; i++) logger.log('info', `line ${i}`);
    expect(readFileSync(logger.file, 'utf8').split('\n').length).toBeGreaterThan(256);
  });

  it('logs a record that refers to itself instead of throwing', () => {
    const redactor = new Redactor();
    redactor.add(SECRETS[0]);
    const logger = fileLogger(mkdtempSync(path.join(tmpdir(), 'mailprefs-log-')), redactor);
    const cyclic: Record<string, unknown> = { note: `see ${SECRETS[0]}` };
    cyclic['self'] = cyclic;
    logger.log('info', 'x', { cyclic });
    logger.flush();
    expect(JSON.parse(readFileSync(logger.file, 'utf8'))).toMatchObject({
      cyclic: { note: 'see [redacted]', self: '[circular]' },
    });
  });

  describe('the open log file', () => {
    afterEach(() => vi.restoreAllMocks());
    const events = (file: string) =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { event: string }).event);
    /** Descriptors of this process open on `file` (Linux: /proc/self/fd). */
    const openOn = (file: string) =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
        } catch {
          return false; // closed while listing (the listing's own descriptor)
        }
      }).length;

    it.skipIf(!HAVE_PROC_FD)('is written to again and again through one descriptor, which close() releases', () => {
      const logger = fileLogger(mkdtempSync(path.join(tmpdir(), 'mailprefs-log-')), new Redactor());
      for (let i = 0; i < 5; i++) logger.log('warn', `line ${i}`);
      expect(events(logger.file)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
      expect(openOn(logger.file)).toBe(1);
      logger.log('info', 'queued');
      logger.close();
      expect(openOn(logger.file)).toBe(0);
      expect(events(logger.file).at(-1)).toBe('queued'); // close() wrote what was queued
      logger.log('warn', 'after close');
      expect(events(logger.file).at(-1)).toBe('after close');
      logger.close();
    });

    it('never throws when the log cannot be written, and writes again once it can', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-log-'));
      const logger = fileLogger(path.join(dir, 'logs'), new Redactor());
      let clock = 1_000_000;
      vi.spyOn(Date, 'now').mockImplementation(() => clock);
      logger.log('warn', 'first');
      rmSync(path.join(dir, 'logs'), { recursive: true }); // the directory gone (or the disk full)
      clock += 1_500;
      expect(() => logger.log('error', 'oauth.refresh.failed')).not.toThrow();
      expect(() => logger.log('warn', 'store.deferred_write_failed')).not.toThrow();
      for (let i = 0; i < 300; i++) expect(() => logger.log('info', 'many')).not.toThrow(); // the overflow path
      mkdirSync(path.join(dir, 'logs'));
      clock += 1_500;
      logger.log('warn', 'back');
      expect(events(logger.file).at(-1)).toBe('back');
      logger.close();
    });

    it('starts a new file when the old one was deleted or moved away, within a second', () => {
      const logger = fileLogger(mkdtempSync(path.join(tmpdir(), 'mailprefs-log-')), new Redactor());
      let clock = 1_000_000;
      vi.spyOn(Date, 'now').mockImplementation(() => clock);
      logger.log('warn', 'first');
      rmSync(logger.file); // an admin clearing the log
      clock += 1_500;
      logger.log('warn', 'after delete');
      expect(events(logger.file)).toEqual(['after delete']);

      renameSync(logger.file, `${logger.file}.old`); // moved away: the old file keeps its lines
      clock += 1_500;
      logger.log('warn', 'after move');
      expect(events(logger.file)).toEqual(['after move']);
      expect(events(`${logger.file}.old`)).toEqual(['after delete']);
      logger.close();
    });
  });
});
