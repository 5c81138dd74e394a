// The three-way merge behind the form and behind main's save: a field one side changed takes
// that side; a field both changed differently is a conflict; protocols are never mixed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeProfiles, valueAt, withValueAt } from '../../src-shared/merge-profile';
import type { Profile } from '../../src-shared/profile';
import { standardProfile } from '../support/profiles';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-8c9d0e1f2a3b';
const base = standardProfile(ID, 587, { name: 'Relay' });
const edit = (p: Profile, path: string, value: unknown) => withValueAt(p, path, value);

describe('mergeProfiles', () => {
  it('takes each side where only that side changed', () => {
    const mine = edit(base, 'description', 'mine');
    const theirs = edit(edit(base, 'name', 'Renamed'), 'sender.displayName', 'Theirs');
    const { merged, conflicts } = mergeProfiles(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.description).toBe('mine');
    expect(merged.name).toBe('Renamed');
    expect(merged.sender.displayName).toBe('Theirs');
  });

  it('reports a field both changed to different values, keeping mine', () => {
    const { merged, conflicts } = mergeProfiles(
      base,
      edit(base, 'outgoing.port', 2525),
      edit(base, 'outgoing.port', 465),
    );
    expect(conflicts).toEqual([{ path: 'outgoing.port', mine: 2525, theirs: 465 }]);
    expect(merged.outgoing.port).toBe(2525);
  });

  it('does not mix the fields of two protocols', () => {
    const google: Profile = {
      ...base,
      auth: { type: 'google', email: '', clientId: 'c', redirectPort: null, credential: 'user', keyId: '' },
    };
    const theirs = edit(base, 'auth.username', 'other@example.test');
    const { conflicts } = mergeProfiles(base, google, theirs);
    expect(conflicts.map((c) => c.path)).toEqual(['auth']);
  });

  it('property: with no conflicts, every field is mine where I changed it, else theirs', () => {
    const paths = ['name', 'description', 'sender.displayName', 'sender.replyTo', 'outgoing.host', 'outgoing.port'];
    const change = fc.record({ path: fc.constantFrom(...paths), value: fc.string({ maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 4 }), fc.array(change, { maxLength: 4 }), (a, b) => {
        const mine = a.reduce((p, c) => edit(p, c.path, c.value), base);
        const theirs = b.reduce((p, c) => edit(p, c.path, c.value), base);
        const { merged, conflicts } = mergeProfiles(base, mine, theirs);
        for (const path of paths) {
          const [m, t, o] = [valueAt(mine, path), valueAt(theirs, path), valueAt(base, path)];
          const conflicted = conflicts.some((c) => c.path === path);
          expect(conflicted).toBe(m !== o && t !== o && m !== t);
          expect(valueAt(merged, path)).toEqual(m !== o ? m : t);
        }
      }),
    );
  });
});
