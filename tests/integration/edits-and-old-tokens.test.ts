// Tokens belong to the registration and account they were granted for. An edit to another one
// leaves no old token behind to send with (or to export), and a send that was on its way when
// the credentials changed does not mark the new ones Verified.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportResult, ImportPreview } from '../../src-shared/config-file';
import { scopesFor } from '../../src-shared/oauth';
import type { Profile, ProfileView } from '../../src-shared/profile';
import { applySealed } from '../../src-main/vault/secret-vault';
import { createTestHost, type TestHost } from '../support/main-host';
import { startSmtpServer, type TestSmtpOptions } from '../support/smtp-server';

const MAILBOX = 'helpdesk@contoso.test';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Save and open dialogs that answer with files in one scratch directory (the next to open is set). */
function scratchDialogs() {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-edits-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  let next = '';
  return {
    dir,
    openNext: (file: string) => void (next = file),
    dialogs: { chooseSaveFile: async (name: string) => path.join(dir, name), chooseOpenFile: async () => next || null },
  };
}

async function rig(
  permission: 'delegated' | 'application',
  smtpOptions: TestSmtpOptions = {},
  dialogs?: ReturnType<typeof scratchDialogs>['dialogs'],
) {
  const smtp = await startSmtpServer({ onXoauth2: async () => true, ...smtpOptions });
  cleanups.push(() => smtp.close());
  const host: TestHost = createTestHost(dialogs ? { dialogs } : {});
  cleanups.push(() => host.cleanup());
  const { profile } = await host.call<ProfileView>('createProfile', { name: 'Contoso', authType: 'microsoft' });
  const microsoft: Profile = {
    ...profile,
    auth: {
      type: 'microsoft',
      email: MAILBOX,
      clientId: '11111111-1111-4111-8111-111111111111',
      tenant: 'contoso.onmicrosoft.com',
      redirectPort: null,
      permission,
      appCredential: 'secret',
      certificateThumbprint: '',
    },
    outgoing: { host: '127.0.0.1', port: smtp.port, security: 'starttls', validateCertificate: false },
    sender: { fromAddress: MAILBOX, displayName: 'Help Desk', replyTo: '' },
  };
  const saved = await host.call<ProfileView>('saveProfile', {
    profile: microsoft,
    secrets: { clientSecret: 'client-secret-value-OLD' },
  });
  // Tokens as a sign-in (delegated) or a mint (app-only) leaves them, valid for an hour.
  const sealed = await host.services.vault.seal({
    accessToken: 'access-token-of-the-OLD-registration',
    ...(permission === 'delegated' ? { refreshToken: 'refresh-token-of-the-OLD-registration' } : {}),
  });
  const now = new Date();
  await host.services.profiles.patch(profile.id, (stored) => ({
    secrets: applySealed(stored.secrets, sealed),
    authorization: {
      account: MAILBOX,
      scopes: scopesFor(saved.profile),
      accessTokenExpiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      hasRefreshToken: permission === 'delegated',
      authorizedAt: now.toISOString(),
      lastRefreshAt: now.toISOString(),
      handedOff: null,
    },
  }));
  return { host, smtp, id: profile.id };
}

describe('an edit to another registration', () => {
  it("a delegated profile saved with another client ID keeps none of the old grant's tokens: a send is refused, not Verified", async () => {
    const { host, smtp, id } = await rig('delegated');
    const { profile } = host.services.profiles.get(id);
    const saved = await host.call<ProfileView>('saveProfile', {
      profile: { ...profile, auth: { ...profile.auth, clientId: '22222222-2222-4222-8222-222222222222' } },
      secrets: {},
    });
    expect(saved.status).toMatchObject({ state: 'reauthorization_required' });
    expect(saved.secrets).toMatchObject({ accessToken: false, refreshToken: false, clientSecret: true });
    expect(saved.authorization).toBeNull();
    expect(await host.dispatch('sendTestEmail', { id, to: 'someone@example.test' })).toMatchObject({
      ok: false,
      error: { code: 'oauth_reauthorize' },
    });
    expect(smtp.messages).toHaveLength(0);
    expect(host.services.profiles.get(id).status).toMatchObject({ state: 'reauthorization_required' });
  });

  it("an import that replaces an app-only profile with another client ID drops the old client's token", async () => {
    const files = scratchDialogs();
    const { host, id } = await rig('application', {}, files.dialogs);
    const exported = await host.call<ExportResult>('exportProfiles', {
      ids: [id],
      format: 'json',
      secrets: { mode: 'omit' },
    });
    const doc = JSON.parse(readFileSync(exported.path!, 'utf8'));
    doc.profiles[0].auth.clientId = '33333333-3333-4333-8333-333333333333';
    const edited = path.join(files.dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(doc));
    files.openNext(edited);
    const preview = (await host.call<ImportPreview>('chooseImportFile'))!;
    expect(preview.changes).toMatchObject([{ action: 'update', changedFields: ['auth.clientId'] }]);
    await host.call('applyImport', { sessionId: preview.sessionId });
    const after = host.services.profiles.get(id);
    expect(after.profile.auth).toMatchObject({ clientId: '33333333-3333-4333-8333-333333333333' });
    expect(after.secrets).toMatchObject({ accessToken: false });
    expect(after.authorization).toBeNull();
  });

  it("a delegated profile's rotated client secret keeps its grant (the registration is the same)", async () => {
    const { host, id } = await rig('delegated');
    const { profile } = host.services.profiles.get(id);
    const saved = await host.call<ProfileView>('saveProfile', {
      profile,
      secrets: { clientSecret: 'client-secret-value-ROTATED' },
    });
    expect(saved.secrets).toMatchObject({ accessToken: true, refreshToken: true });
    expect(saved.authorization).not.toBeNull();
  });
});

describe('a send on its way while the credentials change', () => {
  it('an app-only send that started before a new client secret was saved does not mark the new secret Verified', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atData = new Promise<void>((resolve) => (reached = resolve));
    const { host, smtp, id } = await rig('application', {
      beforeAcceptingData: async () => {
        reached();
        await gate;
      },
    });
    const sending = host.dispatch('sendTestEmail', { id, to: 'someone@example.test' });
    await atData;
    const before = host.services.profiles.get(id);
    const saved = await host.call<ProfileView>('saveProfile', {
      profile: before.profile,
      secrets: { clientSecret: 'client-secret-value-NEW' },
      baseRevision: before.revision,
    });
    expect(saved.status.state).toBe('not_verified');
    release();
    expect(await sending).toMatchObject({ ok: true }); // the message went out, with the old token
    expect(smtp.messages).toHaveLength(1);
    expect(host.services.profiles.get(id).status).toMatchObject({ state: 'not_verified', lastVerifiedSend: null });
  });
});
