// The window's "Which one to choose?" and the README's table must not drift apart: every choice
// the window advises is one the README's table names, and the other way round.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOGLE_ADVICE, MICROSOFT_ADVICE } from '../../src-shared/choosing-sign-in';

const readme = readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
const table = readme.slice(readme.indexOf('### Which one to choose'), readme.indexOf('### Other OAuth 2.0 providers'));

describe('choosing how to sign in', () => {
  it("the README's table has the section the advice mirrors", () => {
    expect(table).toMatch(/^### Which one to choose/);
    expect(table.length).toBeLessThan(3000);
  });

  it.each([
    'Sign in as the mailbox',
    'Sign in with a code',
    'mailprefs authorize --device',
    'Application permission, no sign-in',
    'Service account with domain-wide delegation',
  ])('"%s" is in the README table and in the window', (choice) => {
    expect(table).toContain(choice);
    const advised = [...MICROSOFT_ADVICE, ...GOOGLE_ADVICE].map((a) => a.choose).join('\n');
    expect(advised).toContain(choice);
  });
});
