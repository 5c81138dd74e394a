// Ordinary bad import files, through the real dispatch and real files: each is refused with a
// message that says what is wrong and what to do, and the data directory stays byte-identical.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../src-shared/config-file';
import type { AppErrorData, Result } from '../../src-shared/errors';
import type { ProfileView } from '../../src-shared/profile';
import { armor, Encrypter } from 'age-encryption';
import { sealWithPassphrase } from '../../src-main/export/seal';
import { createTestHost, type TestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';
import { filesUnder } from '../support/secret-scan';

const PASSPHRASE = 'Correct-Horse-9-Battery';
const hosts: TestHost[] = [];
afterEach(() => hosts.splice(0).forEach((h) => h.cleanup()));

/** A valid one-profile document, as an export writes it; cases break one thing each. */
function goodDocument() {
  return {
    $schema: './mail-config.v1.schema.json',
    version: 1,
    generator: 'Mail Preferences test',
    exportedAt: '2026-01-01T00:00:00.000Z',
    secrets: 'included',
    profiles: [
      {
        name: 'Imported relay',
        description: '',
        auth: { type: 'standard', useAuthentication: true, username: 'relay@example.test' },
        outgoing: { host: 'smtp.example.test', port: 587, security: 'starttls', validateCertificate: true },
        incoming: null,
        sender: { fromAddress: 'relay@example.test', displayName: 'Relay', replyTo: '' },
        oauth: null,
        secrets: { password: 'imported-password-1234' },
      },
    ],
  };
}
type Doc = ReturnType<typeof goodDocument>;
const edited = (change: (doc: Doc) => void) => {
  const doc = goodDocument();
  change(doc);
  return JSON.stringify(doc, null, 2);
};
const secondProfile = (doc: Doc, name: string) => doc.profiles.push({ ...structuredClone(doc.profiles[0]!), name });

/** A host with one saved profile ("Relay") and an open dialog that returns whatever file is next. */
async function seededHost(options: { now?: () => Date } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-import-'));
  let next = '';
  const host = createTestHost({
    ...options,
    dialogs: { chooseSaveFile: async () => null, chooseOpenFile: async () => next || null },
  });
  hosts.push(host);
  const { profile } = await host.call<ProfileView>('createProfile', { name: 'Relay', authType: 'standard' });
  await host.call('saveProfile', {
    profile: standardProfile(profile.id, 2525, { name: 'Relay' }),
    secrets: { password: 'stored-password-5678' },
  });
  const choose = (file: string) => {
    next = file;
    return host.dispatch('chooseImportFile', {}) as Promise<Result<ImportPreview | null>>;
  };
  const write = (content: string | Buffer, name = 'input.json') => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  return { host, dir, choose, write };
}

/**
 * Every file's hash. logs/ is left out on purpose: the dispatch log records each refused call
 * (method, code, message), which is the one write a refusal is expected to make.
 */
function snapshot(dataDirectory: string): Record<string, string> {
  return Object.fromEntries(
    filesUnder(dataDirectory)
      .filter((file) => !path.relative(dataDirectory, file).startsWith(`logs${path.sep}`))
      .map((file) => [
        path.relative(dataDirectory, file),
        createHash('sha256').update(readFileSync(file)).digest('hex'),
      ]),
  );
}

interface BadFile {
  name: string;
  /** The file to choose: content written for it, or a path made by the case. */
  file: (dir: string) => string | Buffer | { path: string } | Promise<string | Buffer>;
  /** Sealed files: the key tried in the preview. */
  passphrase?: string;
  message: RegExp;
  hint: RegExp;
  /** A wrong key leaves the import open for another try; everything else ends it. */
  openAfter?: number;
}

const BAD_FILES: BadFile[] = [
  {
    name: 'a 50 MB file (refused before it is read)',
    file: (dir) => {
      const file = path.join(dir, 'huge.json');
      writeFileSync(
        file,
        edited(() => undefined),
      );
      truncateSync(file, 50 * 1000 * 1000); // sparse: a huge size on disk without writing 50 MB
      return { path: file };
    },
    message: /That file is 47\.7 MiB, larger than any config file can be \(the limit is 1\.0 MiB\)/,
    hint: /Choose the file Mail Preferences exported/,
  },
  {
    name: '100 000 nested brackets',
    file: () => `{"version":1,"profiles":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    message: /nests lists and objects more than 32 levels deep/,
    hint: /Choose a file exported by Mail Preferences/,
  },
  {
    name: 'a name with a newline',
    file: () => edited((d) => (d.profiles[0]!.name = 'Imported\nrelay')),
    message: /profiles\[0\]\.name: Remove the line break, tab or other control character/,
    hint: /Correct the field named above/,
  },
  {
    // Save refuses it; imported, it reached the POP3 server as commands of its own.
    name: 'a password with line breaks (a second command)',
    file: () => edited((d) => (d.profiles[0]!.secrets.password = 'pw\r\nDELE 1\r\nQUIT')),
    message: /profiles\[0\]\.secrets\.password: .*line break/,
    hint: /Correct the field named above/,
  },
  {
    // Applied, it put OAuth tokens and an authorization on a Standard profile; the next start
    // removed them again, logged as a repair the admin never saw.
    name: 'a Standard profile carrying a refresh token',
    file: () => edited((d) => Object.assign(d.profiles[0]!.secrets, { refreshToken: 'refresh-token-of-nothing-1' })),
    message:
      /profiles\[0\]\.secrets\.refreshToken: A Standard profile signs in with a password and has no refresh token/,
    hint: /Correct the field named above/,
  },
  {
    name: 'a client secret with a line break (it would split a token request)',
    file: () => edited((d) => Object.assign(d.profiles[0]!.secrets, { clientSecret: 'client-secret\r\nscope=all' })),
    message: /profiles\[0\]\.secrets\.clientSecret: .*line break/,
    hint: /Correct the field named above/,
  },
  {
    name: 'a name ending in a newline (would be trimmed into a valid name)',
    file: () => edited((d) => (d.profiles[0]!.name = 'Relay\n')),
    message: /profiles\[0\]\.name: Remove the line break/,
    hint: /Correct the field/,
  },
  {
    name: 'a name with a terminal escape sequence',
    file: () => edited((d) => (d.profiles[0]!.name = 'Relay\u001b[31m')),
    message: /profiles\[0\]\.name: Remove the line break, tab or other control character/,
    hint: /Correct the field/,
  },
  {
    name: 'a name with a bidi override',
    file: () => edited((d) => (d.profiles[0]!.name = 'Relay\u202eyaler')),
    message: /profiles\[0\]\.name: Remove/,
    hint: /Correct the field/,
  },
  {
    name: 'two profiles whose names differ only in case',
    file: () => edited((d) => secondProfile(d, 'IMPORTED RELAY')),
    message: /profiles\[1\]\.name: The name "IMPORTED RELAY" is already used by profiles\[0\] \("Imported relay"\)/,
    hint: /Correct the field/,
  },
  {
    name: 'an unknown field in a nested object',
    file: () => edited((d) => Object.assign(d.profiles[0]!.outgoing, { colour: 'blue' })),
    message: /profiles\[0\]\.outgoing\.colour: Unknown field "colour": remove it, or check its spelling/,
    hint: /Correct the field named above/,
  },
  {
    name: 'an unknown field in the auth settings and at the top',
    file: () => edited((d) => Object.assign(d, { comment: 'x' }) && Object.assign(d.profiles[0]!.auth, { prot: 1 })),
    message:
      /Unknown field "comment".*profiles\[0\]\.auth\.prot: Unknown field "prot"|profiles\[0\]\.auth\.prot.*comment/,
    hint: /Correct the field/,
  },
  {
    name: 'version "1" (text, not a number)',
    file: () => edited((d) => Object.assign(d, { version: '1' })),
    message: /"version" is the text "1", but it must be the number 1/,
    hint: /Remove the quotes around the version/,
  },
  {
    name: 'version 3',
    file: () => edited((d) => (d.version = 3)),
    message: /made by a newer Mail Preferences \(format version 3; this app reads up to 2\)/,
    hint: /Update Mail Preferences, then import the file again/,
  },
  {
    name: 'no version',
    file: () => edited((d) => delete (d as Partial<Doc>).version),
    message: /has no "version" field, so it is not a Mail Preferences config file/,
    hint: /"version": 2/,
  },
  {
    name: 'version 0',
    file: () => edited((d) => (d.version = 0)),
    message: /"version" is 0, which is not a config format version/,
    hint: /Set "version": 2/,
  },
  {
    name: 'truncated JSON',
    file: () => edited(() => undefined).slice(0, 300),
    message: /not valid JSON/,
    hint: /truncated or edited by hand/,
  },
  {
    name: 'not JSON at all',
    file: () => 'MAIL_SMTP_HOST=smtp.example.test\nMAIL_SMTP_PORT=587\n',
    message: /not valid JSON/,
    hint: /Export it again, or fix the JSON/,
  },
  {
    name: 'an empty file',
    file: () => '',
    message: /^The file is empty\.$/,
    hint: /copy it again/,
  },
  {
    name: 'a file of blank lines',
    file: () => '\r\n\r\n  \n',
    message: /^The file is empty\.$/,
    hint: /Choose the file/,
  },
  {
    name: 'UTF-16 with a byte-order mark (Notepad "Unicode")',
    file: () =>
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(
          edited(() => undefined),
          'utf16le',
        ),
      ]),
    message: /saved as UTF-16/,
    hint: /Save it again as UTF-8/,
  },
  {
    name: 'UTF-16 without a byte-order mark',
    file: () =>
      Buffer.from(
        edited(() => undefined),
        'utf16le',
      ),
    message: /saved as UTF-16/,
    hint: /Save it again as UTF-8/,
  },
  {
    name: 'binary garbage (a JPEG header)',
    file: () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xc3, 0x28]),
    message: /not text \(it is not valid UTF-8\)/,
    hint: /Choose the file Mail Preferences exported/,
  },
  {
    name: 'a sealed file with the wrong passphrase',
    file: () =>
      sealWithPassphrase(
        edited(() => undefined),
        PASSPHRASE,
      ),
    passphrase: 'Wrong-Passphrase-42',
    message: /could not be decrypted with that passphrase/,
    hint: /Check the passphrase \(it is case-sensitive\)/,
    openAfter: 1,
  },
  {
    // Sealed after an editor saved it as Latin-1: refused as the unsealed file is, not imported
    // with "Büro" and the password's "ä" silently turned into U+FFFD.
    name: 'a sealed file whose content is not UTF-8 (Latin-1)',
    file: async () => {
      const encrypter = new Encrypter();
      encrypter.setPassphrase(PASSPHRASE);
      const latin1 = Buffer.from(
        edited((d) => (d.profiles[0]!.sender.displayName = 'Büro Müller')),
        'latin1',
      );
      return armor.encode(await encrypter.encrypt(latin1));
    },
    passphrase: PASSPHRASE,
    message: /not text \(it is not valid UTF-8\)/,
    hint: /A sealed file must be the \.age file exactly as exported/,
  },
  {
    name: 'a JSON list at the top',
    file: () => JSON.stringify([goodDocument()]),
    message: /holds a list \(\[…\]\), not a Mail Preferences config file/,
    hint: /Choose a file exported by Mail Preferences/,
  },
  {
    name: 'null',
    file: () => 'null',
    message: /holds null, not a Mail Preferences config file/,
    hint: /Choose a file exported/,
  },
  {
    name: 'a profile with port 70000',
    file: () => edited((d) => (d.profiles[0]!.outgoing.port = 70000)),
    message: /profiles\[0\]\.outgoing\.port: Enter a port between 1 and 65535/,
    hint: /Correct the field named above/,
  },
  {
    name: 'no profiles',
    file: () => edited((d) => (d.profiles = [])),
    message: /profiles: The file contains no profiles/,
    hint: /Correct the field/,
  },
  {
    name: 'a Standard profile without a From address (a rule across fields)',
    file: () => edited((d) => (d.profiles[0]!.sender.fromAddress = '')),
    message: /profiles\[0\]\.sender\.fromAddress: Enter the From address/,
    hint: /Correct the field/,
  },
  {
    name: 'a folder instead of a file',
    file: (dir) => {
      mkdirSync(path.join(dir, 'folder.json'));
      return { path: path.join(dir, 'folder.json') };
    },
    message: /not a regular file/,
    hint: /Choose the file Mail Preferences exported/,
  },
];

describe('import refuses ordinary bad files, clearly, and changes nothing', () => {
  it.each(BAD_FILES)(
    '$name',
    async (bad) => {
      const { host, dir, choose, write } = await seededHost();
      const made = await bad.file(dir);
      const file = typeof made === 'object' && 'path' in made ? made.path : write(made);
      const before = snapshot(host.dataDirectory);
      const profilesBefore = await host.call('listProfiles');

      let result: Result<unknown> = await choose(file);
      if (bad.passphrase) {
        expect(result).toMatchObject({ ok: true, value: { needs: 'passphrase' } });
        const { sessionId } = (result as { value: ImportPreview }).value;
        result = await host.dispatch('previewImport', { sessionId, passphrase: bad.passphrase });
      }

      expect(result.ok).toBe(false);
      const error = (result as { error: AppErrorData }).error;
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(bad.message);
      expect(error.hint).toMatch(bad.hint);
      expect(snapshot(host.dataDirectory)).toEqual(before);
      expect(await host.call('listProfiles')).toEqual(profilesBefore);
      expect(host.services.imports.openSessions).toBe(bad.openAfter ?? 0);
    },
    30_000,
  );
});

describe('import accepts what editors do to good files', () => {
  it('a UTF-8 byte-order mark (Notepad), in a plain and in a sealed file', async () => {
    const { host, choose, write } = await seededHost();
    const withBom = '\ufeff' + edited(() => undefined);
    const plain = await choose(write(withBom));
    expect(plain).toMatchObject({ ok: true, value: { changes: [{ name: 'Imported relay', action: 'create' }] } });

    const sealed = await choose(write(await sealWithPassphrase(withBom, PASSPHRASE), 'input.json.age'));
    const { sessionId } = (sealed as { value: ImportPreview }).value;
    expect(await host.dispatch('previewImport', { sessionId, passphrase: PASSPHRASE })).toMatchObject({
      ok: true,
      value: { changes: [{ name: 'Imported relay', action: 'create' }] },
    });
  }, 30_000);

  it('a name matching an existing profile in another case replaces it: never two such profiles', async () => {
    const { host, choose, write } = await seededHost();
    const result = await choose(write(edited((d) => (d.profiles[0]!.name = 'RELAY'))));
    const preview = (result as { value: ImportPreview }).value;
    expect(preview.changes).toEqual([
      expect.objectContaining({ name: 'RELAY', action: 'update', changedFields: expect.arrayContaining(['name']) }),
    ]);
    await host.call('applyImport', { sessionId: preview.sessionId });
    const names = (await host.call<ProfileView[]>('listProfiles')).map((v) => v.profile.name);
    expect(names).toEqual(['RELAY']);
  });
});

describe('import applies exactly what the preview showed', () => {
  it('refuses when a profile was created, changed or deleted after the preview, and changes nothing', async () => {
    const { host, choose, write } = await seededHost();
    const file = write(
      edited((d) => {
        d.profiles[0]!.name = 'Relay';
        secondProfile(d, 'Backup relay');
      }),
    );
    // Created meanwhile: the preview said "create", applying now would replace it.
    let preview = ((await choose(file)) as { value: ImportPreview }).value;
    expect(preview.changes.map((c) => c.action)).toEqual(['update', 'create']);
    await host.call('createProfile', { name: 'Backup relay', authType: 'standard' });
    let before = snapshot(host.dataDirectory);
    let result = await host.dispatch('applyImport', { sessionId: preview.sessionId });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: /"Backup relay" changed after the import preview/ },
    });
    expect(snapshot(host.dataDirectory)).toEqual(before);
    // Changed meanwhile: the preview's list of changed fields no longer tells the truth.
    preview = ((await choose(file)) as { value: ImportPreview }).value;
    const relay = host.services.profiles.findByName('Relay')!;
    await host.call('renameProfile', { id: relay.profile.id, name: 'Relay' });
    before = snapshot(host.dataDirectory);
    result = await host.dispatch('applyImport', { sessionId: preview.sessionId });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(snapshot(host.dataDirectory)).toEqual(before);
    // Unchanged since its preview: it applies.
    preview = ((await choose(file)) as { value: ImportPreview }).value;
    await host.call('applyImport', { sessionId: preview.sessionId });
    expect((await host.call<ProfileView[]>('listProfiles')).map((v) => v.profile.name)).toEqual([
      'Relay',
      'Backup relay',
    ]);
  });
});

describe('import while a profile it replaces is being signed out or deleted', () => {
  it('the preview is refused, and the session cannot then be applied unguarded', async () => {
    const { host, choose, write } = await seededHost();
    const sealed = await sealWithPassphrase(
      edited((d) => void (d.profiles[0]!.name = 'Relay')),
      PASSPHRASE,
    );
    const first = ((await choose(write(sealed, 'input.json.age'))) as { value: ImportPreview }).value;
    expect(first.needs).toBe('passphrase');
    const relay = host.services.profiles.findByName('Relay')!;
    // Sign-out of "Relay" is waiting for the provider to revoke (operation-guard.ts, shut).
    const reopen = host.services.guard.shut(relay.profile.id, 'Cancelled by signing out');
    try {
      const before = snapshot(host.dataDirectory);
      const preview = await host.dispatch('previewImport', { sessionId: first.sessionId, passphrase: PASSPHRASE });
      expect(preview).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(await host.dispatch('applyImport', { sessionId: first.sessionId })).toMatchObject({ ok: false });
      expect(snapshot(host.dataDirectory)).toEqual(before);
    } finally {
      reopen();
    }
  });
});

describe('import sessions end', () => {
  const GONE = /This import was cancelled or expired/;

  it('when a profile it replaces was signed out or deleted after the preview: said once, then gone', async () => {
    const { host, choose, write } = await seededHost();
    const preview = (
      (await choose(write(edited((d) => void (d.profiles[0]!.name = 'Relay'))))) as { value: ImportPreview }
    ).value;
    const relay = host.services.profiles.findByName('Relay')!;
    host.services.guard.bump(relay.profile.id, 'Cancelled by signing out');
    expect(await host.dispatch('applyImport', { sessionId: preview.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'cancelled', hint: /Choose the file again/ },
    });
    // The session held the decrypted document for nothing: every later apply failed the same way.
    expect(host.services.imports.openSessions).toBe(0);
    expect(await host.dispatch('applyImport', { sessionId: preview.sessionId })).toMatchObject({
      ok: false,
      error: { message: GONE },
    });
  });

  it('on cancel: a sealed file waiting for its passphrase, and a previewed file waiting to apply', async () => {
    const { host, choose, write } = await seededHost();
    const sealed = (await choose(
      write(
        await sealWithPassphrase(
          edited(() => undefined),
          PASSPHRASE,
        ),
      ),
    )) as {
      value: ImportPreview;
    };
    expect(host.services.imports.openSessions).toBe(1);
    expect(await host.call('cancelImport', { sessionId: sealed.value.sessionId })).toEqual({ cancelled: true });
    expect(host.services.imports.openSessions).toBe(0);
    expect(
      await host.dispatch('previewImport', { sessionId: sealed.value.sessionId, passphrase: PASSPHRASE }),
    ).toMatchObject({ ok: false, error: { code: 'not_found', message: GONE, hint: /Choose the file again/ } });

    const plain = (await choose(write(edited(() => undefined)))) as { value: ImportPreview };
    const before = snapshot(host.dataDirectory);
    await host.call('cancelImport', { sessionId: plain.value.sessionId });
    expect(await host.dispatch('applyImport', { sessionId: plain.value.sessionId })).toMatchObject({
      ok: false,
      error: { message: GONE, hint: /Choose the file again/ },
    });
    expect(snapshot(host.dataDirectory)).toEqual(before);
    // Cancelling twice (Escape, then the window closing) is harmless.
    expect(await host.call('cancelImport', { sessionId: plain.value.sessionId })).toEqual({ cancelled: false });
  }, 30_000);

  it('after ten minutes, by the services clock', async () => {
    let now = new Date('2026-03-01T12:00:00Z');
    const { host, choose, write } = await seededHost({ now: () => now });
    const plain = (await choose(write(edited(() => undefined)))) as { value: ImportPreview };
    now = new Date(now.getTime() + 9 * 60_000);
    expect(host.services.imports.openSessions).toBe(1);
    now = new Date(now.getTime() + 60_000);
    expect(await host.dispatch('applyImport', { sessionId: plain.value.sessionId })).toMatchObject({
      ok: false,
      error: { message: GONE },
    });
    expect(host.services.imports.openSessions).toBe(0);
    expect((await host.call<ProfileView[]>('listProfiles')).map((v) => v.profile.name)).toEqual(['Relay']);
  });
});
