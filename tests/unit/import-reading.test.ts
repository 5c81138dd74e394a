// The import file's first line of defence, below the dispatch: the bounded read, the bracket
// depth scan, and the session store's timer.
import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readImportFile } from '../../src-main/export/import-file';
import { ImportSessions } from '../../src-main/export/import-sessions';
import { assertDepth, jsonPath } from '../../src-main/export/parse-config-document';

describe('bounded read', () => {
  // /proc files report size 0 and then deliver content: exactly a file that "grew after the stat".
  const GROWING = '/proc/self/maps';
  const haveProc = existsSync(GROWING) && statSync(GROWING).size === 0;
  if (!haveProc) console.warn(`skipping the growing-file case: ${GROWING} is not a size-0 procfs file here`);

  it.skipIf(!haveProc)('stops at limit + 1 bytes even when the size on disk said 0', () => {
    expect(() => readImportFile(GROWING, 64)).toThrow(/That file is more than 1 KiB, larger than any config file/);
    expect(readImportFile(GROWING, 1024 * 1024).length).toBeGreaterThan(64);
  });
});

describe('bracket depth scan', () => {
  it('counts brackets outside strings only, escaped quotes included', () => {
    expect(() => assertDepth('[[[[]]]]', 4)).not.toThrow();
    expect(() => assertDepth('[[[[[]]]]]', 4)).toThrow(/more than 4 levels deep/);
    const inString = JSON.stringify({ name: `\\"${'['.repeat(100)}` });
    expect(() => assertDepth(inString, 2)).not.toThrow();
    // An escaped backslash ends right before the closing quote: the brackets after it count.
    expect(() => assertDepth(`{"a":"\\\\","b":${'['.repeat(3)}`, 3)).toThrow(/more than 3 levels/);
  });
});

describe('JSON paths in messages', () => {
  it('write array indexes in brackets', () => {
    expect(jsonPath(['profiles', 0, 'outgoing', 'colour'])).toBe('profiles[0].outgoing.colour');
    expect(jsonPath(['version'])).toBe('version');
    expect(jsonPath([])).toBe('');
  });
});

describe('import sessions', () => {
  afterEach(() => vi.useRealTimers());

  it('are freed by their timer even if the clock is never consulted again', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const frozen = new Date('2026-03-01T12:00:00Z');
    const sessions = new ImportSessions<string>(() => frozen, 60_000);
    const id = sessions.add('decrypted document');
    vi.advanceTimersByTime(59_999);
    expect(sessions.get(id)).toBe('decrypted document');
    vi.advanceTimersByTime(1);
    // The clock has not moved, so only the timer can have removed it.
    expect(sessions.size).toBe(0);
    expect(() => sessions.get(id)).toThrow(/cancelled or expired \(an import stays open for 1 minutes\)/);
  });

  it('delete clears the timer and reports whether the session was open', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sessions = new ImportSessions<string>(() => new Date(), 60_000);
    const id = sessions.add('x');
    expect(vi.getTimerCount()).toBe(1);
    expect(sessions.delete(id)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(sessions.delete(id)).toBe(false);
  });
});
