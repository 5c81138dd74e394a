// Google Workspace service account with domain-wide delegation: the key signs a JWT bearer
// assertion (RFC 7523) for the mailbox, the Google-like test server verifies the signature with
// the service account's public key and issues a token the SMTP server accepts by introspection.
// A replaced key, a mailbox outside the domain and a missing delegation are each explained.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../src-shared/config-file';
import type { TestSendResult } from '../../src-shared/ipc';
import type { ProfileView } from '../../src-shared/profile';
import { parseServiceAccountKey } from '../../src-shared/service-account-key';
import {
  SERVICE_ACCOUNT_EMAIL,
  SERVICE_ACCOUNT_KEY_ID,
  startAuthServer,
  type AuthServerOptions,
} from '../support/auth-server';
import { TEST_MAILBOX } from '../support/consent';
import { createTestHost } from '../support/main-host';
import { introspectingXoauth2, oauthProfile } from '../support/oauth-profiles';
import { expectServerState, exportWithApp, json, readJson, sandbox } from '../support/cli';
import { findSecrets } from '../support/secret-scan';
import { startSmtpServer } from '../support/smtp-server';
import { failure } from '../support/app-error';
import { moveProfile } from '../support/move-profile';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(options: AuthServerOptions & { mailbox?: string; foreignKey?: boolean } = {}) {
  const auth = await startAuthServer('google', options);
  cleanups.push(() => auth.close());
  const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
  cleanups.push(() => smtp.close());
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-sa-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;
  const host = createTestHost({
    endpoints: auth.endpoints,
    dialogs: { chooseSaveFile: async (name) => path.join(dir, `${files++}-${name}`), chooseOpenFile: async () => null },
  });
  cleanups.push(() => host.cleanup());
  const parsed = parseServiceAccountKey(
    options.foreignKey ? auth.foreignServiceAccountKeyFile : auth.serviceAccountKeyFile,
  );
  if (!parsed.ok) throw new Error(parsed.message);
  const { key } = parsed;
  const created = await host.call<ProfileView>('createProfile', { name: 'Workspace relay', authType: 'google' });
  const id = created.profile.id;
  const base = oauthProfile(auth, id, smtp.port);
  await host.call('saveProfile', {
    profile: {
      ...base,
      auth: {
        type: 'google',
        email: options.mailbox ?? TEST_MAILBOX,
        clientId: key.clientEmail,
        keyId: key.privateKeyId,
        credential: 'service_account',
        redirectPort: null,
      },
    },
    secrets: { clientSecret: key.privateKey },
  });
  return { auth, smtp, host, id, key, dir };
}

describe('Google service account (domain-wide delegation)', () => {
  it('the key file is read as the app needs it: client_email, private_key_id, the private key', async () => {
    const auth = await startAuthServer('google');
    cleanups.push(() => auth.close());
    const parsed = parseServiceAccountKey(auth.serviceAccountKeyFile);
    expect(parsed).toMatchObject({
      ok: true,
      key: { clientEmail: SERVICE_ACCOUNT_EMAIL, privateKeyId: SERVICE_ACCOUNT_KEY_ID },
    });
  });

  it('sends as the mailbox with a token minted from the signed assertion; no refresh token, nothing in plaintext', async () => {
    const r = await rig();
    const result = await r.host.call<TestSendResult>('sendTestEmail', { id: r.id, to: TEST_MAILBOX });
    expect(result.accepted).toEqual([TEST_MAILBOX]);
    expect(r.smtp.messages[0]?.user).toBe(TEST_MAILBOX);
    const view = r.host.services.profiles.get(r.id);
    expect(view.status.state).toBe('verified');
    expect(view.authorization).toMatchObject({ account: TEST_MAILBOX, hasRefreshToken: false });
    expect(await r.host.services.vault.get(r.id, 'refreshToken')).toBeUndefined();
    const first = await r.host.services.vault.get(r.id, 'accessToken');
    // A second send within the token's life uses the cached token.
    await r.host.call('sendTestEmail', { id: r.id, to: TEST_MAILBOX });
    expect(await r.host.services.vault.get(r.id, 'accessToken')).toBe(first);

    // Exported with secrets: the key goes along (the server mints itself), no refresh token.
    const exported = await r.host.call<ExportResult>('exportProfiles', {
      ids: [r.id],
      format: 'json',
      secrets: { mode: 'plaintext', confirmed: true },
    });
    const profile = JSON.parse(readFileSync(exported.path!, 'utf8')).profiles[0];
    expect(profile.auth).toMatchObject({ credential: 'service_account', clientId: SERVICE_ACCOUNT_EMAIL });
    expect(profile.secrets.clientSecret).toBe(r.key.privateKey);
    expect(profile.secrets.refreshToken).toBeUndefined();
    // The key signs; it is never sent as a client secret.
    expect(profile.oauth).toMatchObject({ clientAuthMethod: 'none', scope: 'https://mail.google.com/' });

    expect(findSecrets(r.host.dataDirectory, [r.key.privateKey, r.key.privateKey.slice(0, 64), first!])).toEqual([]);
  });

  it('moved to another workstation (sealed export, import): the key goes along, and it sends there', async () => {
    const r = await rig();
    const { target, imported, file } = await moveProfile(r.host, r.id, (dialogs) => {
      const made = createTestHost({ endpoints: r.auth.endpoints, dialogs });
      cleanups.push(() => made.cleanup());
      return made;
    });
    expect(readFileSync(file, 'utf8')).not.toContain(r.key.privateKey.slice(0, 64));
    expect(imported.profile.auth).toMatchObject({
      credential: 'service_account',
      clientId: SERVICE_ACCOUNT_EMAIL,
      keyId: SERVICE_ACCOUNT_KEY_ID,
    });
    const result = await target.call<TestSendResult>('sendTestEmail', { id: imported.profile.id, to: TEST_MAILBOX });
    expect(result.accepted).toEqual([TEST_MAILBOX]);
    expect(target.services.profiles.get(imported.profile.id).status.state).toBe('verified');
    const token = (await target.services.vault.get(imported.profile.id, 'accessToken'))!;
    expect(findSecrets(target.dataDirectory, [r.key.privateKey, token])).toEqual([]);
  });

  it('a key Google no longer knows (deleted or replaced): the signature is refused, explained', async () => {
    const r = await rig({ foreignKey: true });
    const error = await failure(r.host.call('sendTestEmail', { id: r.id, to: TEST_MAILBOX }));
    expect(error.message).toMatch(/did not accept the signature/);
    expect(error.hint).toMatch(/Add key/);
    expect(r.smtp.messages).toHaveLength(0);
  });

  it('a mailbox outside the Workspace domain: refused, explained', async () => {
    const r = await rig({ mailbox: 'someone@gmail.com' });
    const error = await failure(r.host.call('sendTestEmail', { id: r.id, to: TEST_MAILBOX }));
    expect(error.message).toMatch(/not a user of the Workspace domain/);
  });

  it('domain-wide delegation not granted: unauthorized_client, with the Admin console steps', async () => {
    const r = await rig({ serviceAccountDelegated: false });
    const error = await failure(r.host.call('sendTestEmail', { id: r.id, to: TEST_MAILBOX }));
    expect(error.message).toMatch(/domain-wide delegation is not granted/);
    expect(error.hint).toMatch(/Manage Domain Wide Delegation/);
    expect(error.hint).toMatch(/https:\/\/mail\.google\.com\//);
  });

  it('Authorize is refused: nobody signs in with a service account', async () => {
    const r = await rig();
    const error = await failure(r.host.call('beginAuthorization', { id: r.id }));
    expect(error.code).toBe('invalid_input');
  });
});

describe('mailprefs with a service account export', () => {
  it('token mints from the exported key with the JWT bearer grant; send delivers as the mailbox', async () => {
    const auth = await startAuthServer('google');
    cleanups.push(() => auth.close());
    const smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth) });
    cleanups.push(() => smtp.close());
    const b = await sandbox();
    cleanups.push(() => b.cleanup());
    const parsed = parseServiceAccountKey(auth.serviceAccountKeyFile);
    if (!parsed.ok) throw new Error(parsed.message);
    const file = await exportWithApp(
      b.cwd,
      [
        {
          profile: (id) => ({
            ...oauthProfile(auth, id, smtp.port),
            name: 'Workspace relay',
            auth: {
              type: 'google',
              email: TEST_MAILBOX,
              clientId: parsed.key.clientEmail,
              keyId: parsed.key.privateKeyId,
              credential: 'service_account',
              redirectPort: null,
            },
          }),
          secrets: { clientSecret: parsed.key.privateKey },
        },
      ],
      { mode: 'plaintext', confirmed: true },
      auth.endpoints,
    );
    expect((readJson(file) as { profiles: { auth: unknown }[] }).profiles[0]!.auth).toMatchObject({
      credential: 'service_account',
    });
    const token = await b.run(['token', file, '--json']);
    expect(json(token), token.stderr).toMatchObject({ ok: true, user: TEST_MAILBOX });
    expect(await auth.introspect(String(json(token)['accessToken']))).toMatchObject({
      active: true,
      email: TEST_MAILBOX,
    });
    const sent = await b.run(['send', file, '--to', TEST_MAILBOX]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(smtp.messages.at(-1)?.user).toBe(TEST_MAILBOX);
    const checked = await b.run(['check', file, '--json']);
    expect(json(checked), checked.stdout + checked.stderr).toMatchObject({
      ok: true,
      steps: [{ step: 'smtp', ok: true, auth: 'XOAUTH2' }],
    });
    // The export is plaintext by the admin's choice. The server's state never copies the key, and
    // the token it caches is only in 0600 state files (docs/server-setup.md, "the state directory").
    expectServerState(b, [parsed.key.privateKey], String(json(token)['accessToken']), {
      plaintextExportInCwd: true,
    });
  });
});
