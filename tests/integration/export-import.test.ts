// Export and import with real files, the real `age` binary, the .env and properties readers
// servers use, and the server-side example run against real SMTP and OAuth servers.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseProperties } from 'dot-properties';
import { parse as parseDotenv } from 'dotenv';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  configDocumentSchema,
  type ExportResult,
  type ImportPreview,
  type SecretsChoice,
} from '../../src-shared/config-file';
import type { ProfileView } from '../../src-shared/profile';
import { AppError } from '../../src-shared/errors';
import { parseDocument } from '../../src-main/export/parse-config-document';
import { ageDecryptWithKey, ageDecryptWithPassphrase, ageKeypair } from '../support/age-cli';
import { CLIENT_ID, CLIENT_SECRET, startAuthServer, type TestAuthServer } from '../support/auth-server';
import { createTestHost, type TestHost } from '../support/main-host';
import { introspectingXoauth2, oauthProfile } from '../support/oauth-profiles';
import { standardProfile } from '../support/profiles';
import { readWithJavaProperties } from '../support/java-properties';
import { readWithNodeEnvFile } from '../support/node-env';
import { readWithPythonDotenv } from '../support/python-dotenv';
import { findSecrets } from '../support/secret-scan';
import { readWithSh } from '../support/sh-env';
import { SMTP_PASSWORD, startSmtpServer } from '../support/smtp-server';

const run = promisify(execFile);
const PASSPHRASE = 'Correct-Horse-9-Battery';
const REFRESH = 'refresh-token-value-0123456789';
const hosts: TestHost[] = [];
afterEach(() => hosts.splice(0).forEach((h) => h.cleanup()));

function hostWithFiles() {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-files-'));
  let next = '';
  const host = createTestHost({
    dialogs: { chooseSaveFile: async (name) => path.join(dir, name), chooseOpenFile: async () => next || null },
  });
  hosts.push(host);
  return { host, dir, openNext: (file: string) => (next = file) };
}

/** Four profiles, one per auth type, with their secrets stored. */
async function seed(host: TestHost, auth?: TestAuthServer) {
  const ids: string[] = [];
  const make = async (name: string, type: 'standard' | 'google' | 'microsoft' | 'generic') =>
    (await host.call<ProfileView>('createProfile', { name, authType: type })).profile.id;
  const std = await make('Relay', 'standard');
  await host.call('saveProfile', {
    profile: standardProfile(std, 2525, { name: 'Relay' }),
    secrets: { password: SMTP_PASSWORD },
  });
  ids.push(std);
  for (const kind of ['google', 'microsoft', 'generic'] as const) {
    const id = await make(`${kind} account`, kind);
    const server =
      auth ??
      ({
        kind,
        issuer: 'https://id.example.com',
        endpoints: {
          google: {
            issuer: 'https://accounts.google.com',
            authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
            tokenEndpoint: 'https://oauth2.googleapis.com/token',
            revocationEndpoint: 'https://oauth2.googleapis.com/revoke',
          },
          microsoftAuthority: 'https://login.microsoftonline.com',
        },
      } as unknown as TestAuthServer);
    const profile = {
      ...oauthProfile({ ...server, kind } as TestAuthServer, id, 587, { email: 'helpdesk@example.test' }),
      name: `${kind} account`,
    };
    if (profile.auth.type === 'generic')
      profile.auth = {
        ...profile.auth,
        issuer: '',
        authorizationEndpoint: 'https://id.example.com/auth',
        tokenEndpoint: 'https://id.example.com/token',
      };
    await host.call('saveProfile', { profile, secrets: { clientSecret: CLIENT_SECRET } });
    await host.services.vault.update(id, { refreshToken: `${REFRESH}-${kind}` });
    ids.push(id);
  }
  return ids;
}

async function exportTo(
  host: TestHost,
  ids: string[],
  format: 'json' | 'dotenv' | 'properties',
  secrets: SecretsChoice,
) {
  return host.call<ExportResult>('exportProfiles', { ids, format, secrets });
}

describe('export', () => {
  it('round-trips every auth type through JSON into a fresh install', async () => {
    const { host } = hostWithFiles();
    const ids = await seed(host);
    const result = await exportTo(host, ids, 'json', { mode: 'plaintext', confirmed: true });
    expect(result).toMatchObject({ cancelled: false, sealed: false, profiles: 4 });
    expect(statSync(result.path!).mode & 0o777).toBe(0o600);
    // The file validates against the published JSON Schema, as a server would check it.
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(path.resolve('schema/mail-config.v2.schema.json'), 'utf8')));
    expect(validate(JSON.parse(readFileSync(result.path!, 'utf8')))).toBe(true);

    const target = hostWithFiles();
    target.openNext(result.path!);
    const preview = (await target.host.call<ImportPreview>('chooseImportFile'))!;
    expect(preview.changes.map((c) => [c.name, c.action])).toEqual([
      ['Relay', 'create'],
      ['google account', 'create'],
      ['microsoft account', 'create'],
      ['generic account', 'create'],
    ]);
    expect(await target.host.call('applyImport', { sessionId: preview.sessionId })).toEqual({ applied: 4 });

    const before = await host.call<ProfileView[]>('listProfiles');
    const after = await target.host.call<ProfileView[]>('listProfiles');
    const strip = (v: ProfileView) => ({ ...v.profile, id: undefined });
    expect(after.map(strip)).toEqual(before.map(strip));
    for (const [i, view] of after.entries()) {
      const original = before[i]!.profile.id;
      for (const kind of ['password', 'clientSecret', 'refreshToken'] as const) {
        expect(await target.host.services.vault.get(view.profile.id, kind)).toBe(
          await host.services.vault.get(original, kind),
        );
      }
    }
    // An imported refresh token makes the OAuth profile usable right away.
    expect(after[1]!.authorization).toMatchObject({ hasRefreshToken: true, account: 'helpdesk@example.test' });
  });

  it('seals to the server key so the real `age -d -i key` opens it', async () => {
    const { host } = hostWithFiles();
    const ids = await seed(host);
    const key = ageKeypair();
    const result = await exportTo(host, ids, 'json', { mode: 'recipient', recipient: key.recipient });
    expect(result.path).toMatch(/\.json\.age$/);
    const sealed = readFileSync(result.path!, 'utf8');
    expect(sealed).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    expect(sealed).not.toContain(SMTP_PASSWORD);
    const doc = configDocumentSchema.parse(JSON.parse(ageDecryptWithKey(result.path!, key.keyFile)));
    expect(doc.profiles[0]!.secrets.password).toBe(SMTP_PASSWORD);
    expect(doc.profiles[1]!.secrets.refreshToken).toBe(`${REFRESH}-google`);
  });

  it('seals with a passphrase (scrypt) that the real `age -d` accepts; weak passphrases are refused', async () => {
    const { host } = hostWithFiles();
    const [std] = await seed(host);
    const weak = await host.dispatch('exportProfiles', {
      ids: [std],
      format: 'json',
      secrets: { mode: 'passphrase', passphrase: 'password1' },
    });
    expect(weak).toMatchObject({ ok: false, error: { code: 'invalid_input', message: /too weak/ } });
    const result = await exportTo(host, [std!], 'json', { mode: 'passphrase', passphrase: PASSPHRASE });
    const doc = configDocumentSchema.parse(JSON.parse(await ageDecryptWithPassphrase(result.path!, PASSPHRASE)));
    expect(doc.profiles[0]!.secrets.password).toBe(SMTP_PASSWORD);
  }, 60_000);

  it('writes a .env that dotenv, node --env-file, python-dotenv and sh read, and properties Java reads', async () => {
    const { host } = hostWithFiles();
    const [std, google] = await seed(host);
    const envFile = (await exportTo(host, [std!], 'dotenv', { mode: 'plaintext', confirmed: true })).path!;
    const standardEnv = {
      MAIL_AUTH_TYPE: 'standard',
      MAIL_SMTP_HOST: '127.0.0.1',
      MAIL_SMTP_PORT: '2525',
      MAIL_SMTP_SECURITY: 'starttls',
      MAIL_USERNAME: 'notifications@example.test',
      MAIL_PASSWORD: SMTP_PASSWORD,
      MAIL_FROM: 'notifications@example.test',
      MAIL_FROM_NAME: 'Help Desk',
    };
    expect(parseDotenv(readFileSync(envFile, 'utf8'))).toMatchObject(standardEnv);
    // The same file as a Node server (--env-file), a Python server and a shell script load it.
    expect(readWithNodeEnvFile([envFile])[0]).toMatchObject(standardEnv);
    expect(readWithPythonDotenv([envFile]).values[0]).toMatchObject(standardEnv);
    expect(readWithSh([envFile]).values[0]).toMatchObject(standardEnv);
    const oauthEnv = parseDotenv(
      readFileSync((await exportTo(host, [google!], 'dotenv', { mode: 'omit' })).path!, 'utf8'),
    );
    expect(oauthEnv).toMatchObject({
      MAIL_AUTH_TYPE: 'google',
      MAIL_OAUTH_CLIENT_ID: CLIENT_ID,
      MAIL_OAUTH_TOKEN_ENDPOINT: 'https://oauth2.googleapis.com/token',
      MAIL_OAUTH_SCOPE: 'https://mail.google.com/ openid email',
      MAIL_OAUTH_CLIENT_SECRET: '',
      MAIL_OAUTH_REFRESH_TOKEN: '',
    });
    const propsFile = (await exportTo(host, [std!], 'properties', { mode: 'plaintext', confirmed: true })).path!;
    const standardProps = {
      'spring.mail.host': '127.0.0.1',
      'spring.mail.port': '2525',
      'spring.mail.username': 'notifications@example.test',
      'spring.mail.password': SMTP_PASSWORD,
      'spring.mail.properties.mail.smtp.auth': 'true',
      'spring.mail.properties.mail.smtp.starttls.enable': 'true',
      'spring.mail.properties.mail.smtp.ssl.trust': '127.0.0.1',
      'mailprefs.from': 'notifications@example.test',
    };
    expect(parseProperties(readFileSync(propsFile, 'utf8'))).toMatchObject(standardProps);
    expect(readWithJavaProperties([propsFile])[0]!.stream).toMatchObject(standardProps);
    const multi = await host.dispatch('exportProfiles', {
      ids: [std, google],
      format: 'dotenv',
      secrets: { mode: 'omit' },
    });
    expect(multi).toMatchObject({ ok: false, error: { message: /one account/ } });
  });

  it('refuses a .env or properties export it cannot write exactly, naming the field', async () => {
    const { host } = hostWithFiles();
    const [std] = await seed(host);
    const profile = (await host.call<ProfileView[]>('listProfiles')).find((v) => v.profile.id === std)!.profile;
    await host.call('saveProfile', { profile, secrets: { password: `it's "${'$'}{HOME}"` } });
    const attempt = (format: 'dotenv' | 'properties') =>
      host.dispatch('exportProfiles', { ids: [std], format, secrets: { mode: 'plaintext', confirmed: true } });
    expect(await attempt('dotenv')).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          /^The password of profile "Relay" cannot be written to a \.env file \(MAIL_PASSWORD\): it holds \$\{…\}/,
        hint: /^Export JSON instead/,
        fields: [{ path: 'profiles[0].secrets.password' }],
      },
    });
    expect(await attempt('properties')).toMatchObject({
      ok: false,
      error: { message: /\(spring\.mail\.password\): it holds "\$\{", which Spring/, hint: /^Export JSON instead/ },
    });
    // Quotes alone: .env cannot hold both kinds with a $, .properties can.
    await host.call('saveProfile', { profile, secrets: { password: `it's "$HOME"` } });
    expect(await attempt('dotenv')).toMatchObject({
      ok: false,
      error: { message: /it holds a single quote and a double quote/, hint: /^Export JSON or \.properties instead/ },
    });
    const props = await exportTo(host, [std!], 'properties', { mode: 'plaintext', confirmed: true });
    expect(readWithJavaProperties([props.path!])[0]!.stream['spring.mail.password']).toBe(`it's "$HOME"`);
  });

  it('an export without secrets contains none of them', async () => {
    const { host, dir } = hostWithFiles();
    const ids = await seed(host);
    for (const format of ['json'] as const) await exportTo(host, ids, format, { mode: 'omit' });
    await exportTo(host, [ids[0]!], 'dotenv', { mode: 'omit' });
    await exportTo(host, [ids[1]!], 'properties', { mode: 'omit' });
    const secrets = [SMTP_PASSWORD, CLIENT_SECRET, `${REFRESH}-google`, `${REFRESH}-microsoft`, `${REFRESH}-generic`];
    expect(findSecrets(dir, secrets)).toEqual([]);
    expect(readFileSync(path.join(dir, 'mail-profiles.json'), 'utf8')).toContain('__SET_ON_SERVER__');
    // and never in plaintext in the app's own data directory either
    expect(findSecrets(host.dataDirectory, secrets)).toEqual([]);
  });

  it('a profile chosen twice is refused, and no file is written (its own import would refuse it)', async () => {
    const { host, dir } = hostWithFiles();
    const [relay] = await seed(host);
    expect(
      await host.dispatch('exportProfiles', { ids: [relay, relay], format: 'json', secrets: { mode: 'omit' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringMatching(/Choose each profile once/) },
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('plaintext export needs an explicit confirmation', async () => {
    const { host } = hostWithFiles();
    const [std] = await seed(host);
    const result = await host.dispatch('exportProfiles', {
      ids: [std],
      format: 'json',
      secrets: { mode: 'plaintext' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('import refuses bad input and changes nothing', () => {
  async function attempt(content: string | Buffer, key: { passphrase?: string; identity?: string } = {}) {
    const { host, dir, openNext } = hostWithFiles();
    await seed(host);
    const before = JSON.stringify(await host.call('listProfiles'));
    const file = path.join(dir, 'input.json');
    writeFileSync(file, content);
    openNext(file);
    const chosen = await host.dispatch('chooseImportFile', {});
    let result = chosen;
    if (chosen.ok && (chosen.value as ImportPreview).needs) {
      result = await host.dispatch('previewImport', { sessionId: (chosen.value as ImportPreview).sessionId, ...key });
    }
    expect(JSON.stringify(await host.call('listProfiles'))).toBe(before);
    return result;
  }

  async function goodExport(secrets: SecretsChoice = { mode: 'plaintext', confirmed: true }) {
    const { host } = hostWithFiles();
    const ids = await seed(host);
    return readFileSync((await exportTo(host, ids, 'json', secrets)).path!);
  }

  it('a truncated file', async () => {
    const good = await goodExport();
    const r = await attempt(good.subarray(0, good.length / 2));
    expect(r).toMatchObject({ ok: false, error: { message: /not valid JSON/, hint: /truncated/ } });
  });

  it('a wrong passphrase and a wrong key', async () => {
    const sealed = await goodExport({ mode: 'passphrase', passphrase: PASSPHRASE });
    expect(await attempt(sealed, { passphrase: 'Wrong-Passphrase-42' })).toMatchObject({
      ok: false,
      error: { message: 'The file could not be decrypted with that passphrase.' },
    });
    const key = ageKeypair();
    const toKey = await goodExport({ mode: 'recipient', recipient: key.recipient });
    expect(await attempt(toKey, { identity: ageKeypair().identity })).toMatchObject({
      ok: false,
      error: { message: 'The file could not be decrypted with that key.' },
    });
  }, 60_000);

  it('a sealed file an editor saved again (a UTF-8 BOM, CRLF line ends) is still seen as sealed and opens', async () => {
    const sealed = (await goodExport({ mode: 'passphrase', passphrase: PASSPHRASE })).toString('utf8');
    const resaved = `\ufeff${sealed.replace(/\n/g, '\r\n')}`;
    expect(await attempt(resaved, { passphrase: PASSPHRASE })).toMatchObject({
      ok: true,
      value: { needs: null, changes: expect.arrayContaining([expect.objectContaining({ action: 'update' })]) },
    });
  }, 60_000);

  it('a field of the wrong type, an unknown auth type, and schema version 999', async () => {
    const doc = JSON.parse((await goodExport()).toString('utf8'));
    doc.profiles[0].outgoing.port = '587';
    expect(await attempt(JSON.stringify(doc))).toMatchObject({
      ok: false,
      error: { message: /profiles\[0\]\.outgoing\.port/, fields: [{ path: 'profiles[0].outgoing.port' }] },
    });
    doc.profiles[0].outgoing.port = 587;
    doc.profiles[1].auth.type = 'kerberos';
    expect(await attempt(JSON.stringify(doc))).toMatchObject({
      ok: false,
      error: { fields: [{ path: 'profiles[1].auth.type' }] },
    });
    doc.profiles[1].auth.type = 'google';
    doc.version = 999;
    expect(await attempt(JSON.stringify(doc))).toMatchObject({
      ok: false,
      error: { message: /newer Mail Preferences \(format version 999/, hint: /Update Mail Preferences/ },
    });
  });

  it('an update shows which fields change, and applies them', async () => {
    const { host, dir, openNext } = hostWithFiles();
    const [std] = await seed(host);
    const doc = JSON.parse(readFileSync((await exportTo(host, [std!], 'json', { mode: 'omit' })).path!, 'utf8'));
    doc.profiles[0].outgoing.port = 2526;
    const file = path.join(dir, 'edited.json');
    writeFileSync(file, JSON.stringify(doc));
    openNext(file);
    const preview = (await host.call<ImportPreview>('chooseImportFile'))!;
    expect(preview.changes).toEqual([
      { name: 'Relay', action: 'update', changedFields: ['outgoing.port'], secrets: [] },
    ]);
    await host.call('applyImport', { sessionId: preview.sessionId });
    const relay = (await host.call<ProfileView[]>('listProfiles')).find((v) => v.profile.name === 'Relay')!;
    expect(relay.profile.outgoing.port).toBe(2526);
    expect(await host.services.vault.get(relay.profile.id, 'password')).toBe(SMTP_PASSWORD); // placeholder kept it
  });

  it('never crashes on fuzzed files (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ version: 1, profiles: [v] })),
        ),
        (text) => {
          try {
            parseDocument(text);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the server-side example', () => {
  it('sends with a sealed OAuth export, refreshing the access token from the refresh token', async () => {
    const auth = await startAuthServer('generic');
    const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
    try {
      // A real authorization first, to get a real refresh token.
      const { chromium } = await import('@playwright/test');
      const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('../support/chromium');
      const { consentInNewContext } = await import('../support/consent');
      const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-files-'));
      const opened: string[] = [];
      const host = createTestHost({
        endpoints: auth.endpoints,
        openExternal: async (url) => void opened.push(url),
        dialogs: { chooseSaveFile: async (name) => path.join(dir, name), chooseOpenFile: async () => null },
      });
      hosts.push(host);
      const created = await host.call<ProfileView>('createProfile', { name: 'Server account', authType: 'generic' });
      await host.call('saveProfile', {
        profile: { ...oauthProfile(auth, created.profile.id, smtp.port), name: 'Server account' },
        secrets: { clientSecret: CLIENT_SECRET },
      });
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      await host.call('beginAuthorization', { id: created.profile.id });
      const outcome = host.dispatch('awaitAuthorization', { id: created.profile.id });
      await consentInNewContext(browser, opened[0]!);
      await browser.close();
      expect(await outcome).toMatchObject({ ok: true });

      const key = ageKeypair();
      const exported = await exportTo(host, [created.profile.id], 'json', {
        mode: 'recipient',
        recipient: key.recipient,
      });
      const { stdout } = await run(
        process.execPath,
        [path.resolve('docs/examples/server-send.mjs'), exported.path!, 'ops@example.test'],
        {
          env: { ...process.env, AGE_IDENTITY_FILE: key.keyFile, NODE_TLS_REJECT_UNAUTHORIZED: '1' },
        },
      );
      expect(stdout).toMatch(/^sent .*250/);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatchObject({ user: 'helpdesk@example.test', rcptTo: ['ops@example.test'] });
    } finally {
      await smtp.close();
      await auth.close();
    }
  }, 60_000);

  it('sends with a plaintext Standard export', async () => {
    const smtp = await startSmtpServer();
    try {
      const { host } = hostWithFiles();
      const created = await host.call<ProfileView>('createProfile', { name: 'Relay', authType: 'standard' });
      await host.call('saveProfile', {
        profile: standardProfile(created.profile.id, smtp.port, { name: 'Relay' }),
        secrets: { password: SMTP_PASSWORD },
      });
      const exported = await exportTo(host, [created.profile.id], 'json', { mode: 'plaintext', confirmed: true });
      const { stdout } = await run(process.execPath, [
        path.resolve('docs/examples/server-send.mjs'),
        exported.path!,
        'ops@example.test',
      ]);
      expect(stdout).toMatch(/^sent /);
      expect(smtp.messages[0]?.user).toBe('notifications@example.test');
    } finally {
      await smtp.close();
    }
  });
});
