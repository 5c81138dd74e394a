import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeLeftoverTemps, tempPath, writeDurably } from '../../../src-main/fs/atomic-file';
import type { ProfileView } from '../../../src-shared/profile';
import { failOpen, restoreFs } from '../../support/fs-faults';
import { createTestHost } from '../../support/main-host';

const dirs: string[] = [];
afterEach(() => {
  restoreFs();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'atomic-'));
  dirs.push(dir);
  return dir;
};

/** Opening `dir` for reading (the directory's fsync) fails, as in a drop-box folder (0733) or at EMFILE. */
const refuseToOpenDirectory = (dir: string) => failOpen((file, flags) => file === dir && flags === 'r', 'EACCES');

describe('writeDurably', () => {
  it('counts a write as done once the rename is: a directory that cannot be synced does not undo it', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'mail.env');
    refuseToOpenDirectory(dir);
    expect(() => writeDurably(target, 'MAIL_OAUTH_REFRESH_TOKEN=one-holder\n')).not.toThrow();
    expect(readFileSync(target, 'utf8')).toBe('MAIL_OAUTH_REFRESH_TOKEN=one-holder\n');
    expect(readdirSync(dir)).toEqual(['mail.env']);
  });

  it('keeps the store and its file in step when the directory cannot be synced', async () => {
    const host = createTestHost();
    try {
      const { profile } = await host.call<ProfileView>('createProfile', { name: 'First', authType: 'standard' });
      refuseToOpenDirectory(host.dataDirectory);
      const answer = await host.dispatch('renameProfile', { id: profile.id, name: 'Renamed' });
      expect(answer.ok).toBe(true);
      const onDisk = JSON.parse(readFileSync(host.services.store.path, 'utf8')) as {
        profiles: Record<string, { profile: { name: string } }>;
      };
      expect(onDisk.profiles[profile.id]!.profile.name).toBe('Renamed');
      expect(host.services.profiles.get(profile.id).profile.name).toBe('Renamed');
    } finally {
      host.cleanup();
    }
  });

  it('an export into a folder that cannot be synced is done, and the log says its survival of a power cut is not sure', async () => {
    const dir = tempDir();
    const host = createTestHost({
      dialogs: { chooseSaveFile: async (name) => path.join(dir, name), chooseOpenFile: async () => null },
    });
    try {
      const { profile } = await host.call<ProfileView>('createProfile', { name: 'Relay', authType: 'standard' });
      refuseToOpenDirectory(dir);
      const result = await host.call<{ path: string }>('exportProfiles', {
        ids: [profile.id],
        format: 'dotenv',
        secrets: { mode: 'omit' },
      });
      expect(readFileSync(result.path, 'utf8')).toContain('MAIL_');
      const lines = readFileSync(host.services.logger.file, 'utf8').trim().split('\n');
      expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
        expect.objectContaining({ level: 'warn', event: 'export.directory_not_synced', code: 'EACCES' }),
      );
    } finally {
      host.cleanup();
    }
  });

  it.each([
    ['ASCII', 'a'.repeat(250) + '.env'],
    ['multi-byte', 'Büro-Müller-'.repeat(17) + 'Büro.env'],
  ])('writes a legal long file name (%s), and its leftover temp files are found again', (_kind, name) => {
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(name)).toBeGreaterThan(237);
    const dir = tempDir();
    const target = path.join(dir, name);
    writeDurably(target, 'MAIL_HOST=smtp.example.test\n');
    expect(readFileSync(target, 'utf8')).toBe('MAIL_HOST=smtp.example.test\n');
    const leftover = tempPath(target);
    expect(Buffer.byteLength(path.basename(leftover))).toBeLessThanOrEqual(255);
    writeFileSync(leftover, 'a killed write');
    removeLeftoverTemps(target);
    expect(readdirSync(dir)).toEqual([name]);
  });
});
