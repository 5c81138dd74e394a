// Office 365 app-only with a certificate instead of a client secret: the app signs a client
// assertion (private_key_jwt, x5t, aud = the token URL) with the certificate's key from the vault,
// at a real oidc-provider that holds the uploaded certificate, and sends through a real SMTP
// server modelling Exchange's mailbox permission. A certificate Entra does not hold is explained,
// and `mailprefs` mints from an exported (sealed) certificate profile on the server.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppCertificate, IncomingTestResult } from '../../src-shared/ipc';
import { SECRET_PLACEHOLDER, type ExportResult } from '../../src-shared/config-file';
import type { Profile, ProfileView } from '../../src-shared/profile';
import { generateCertificate, type GeneratedCertificate } from '../../src-main/oauth/certificate';
import { ageKeypair } from '../support/age-cli';
import { startAuthServer, type TestAuthServer } from '../support/auth-server';
import { dovecotIncoming, type TestDovecot } from '../support/dovecot';
import { expectServerState, exportWithApp, json, sandbox, type Sandbox } from '../support/cli';
import { createTestHost, type TestHost } from '../support/main-host';
import {
  APP_MAILBOX,
  APP_PERMISSIONS,
  appOnlyProfile,
  introspectingXoauth2,
  startExchangeDovecot,
  UNGRANTED_MAILBOX,
} from '../support/oauth-profiles';
import { findSecrets } from '../support/secret-scan';
import { opensslCertificatePair } from '../support/tls';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { failure } from '../support/app-error';
import { moveProfile } from '../support/move-profile';
import type { FileDialogs } from '../../src-main/export/file-dialogs';

let auth: TestAuthServer;
let smtp: TestSmtpServer;
let dovecot: TestDovecot;
/** Exchange's mailbox permissions; each uploaded certificate's client gets APP_MAILBOX. */
const permissions: Record<string, string[]> = { ...APP_PERMISSIONS } as Record<string, string[]>;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  auth = await startAuthServer('microsoft');
  smtp = await startSmtpServer({ onXoauth2: introspectingXoauth2(auth, permissions) });
  dovecot = await startExchangeDovecot(auth);
}, 30_000);
afterAll(async () => {
  await dovecot?.close();
  await smtp?.close();
  await auth?.close();
});
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A certificate the app generated, uploaded to the app registration (a client of its own). */
async function uploaded(): Promise<{ certificate: GeneratedCertificate; clientId: string }> {
  const certificate = await generateCertificate('Mail Preferences - helpdesk');
  const clientId = await auth.registerCertificateClient(certificate.certificatePem);
  permissions[clientId] = [APP_MAILBOX];
  dovecot.grantAppPermission(clientId, [APP_MAILBOX]);
  return { certificate, clientId };
}

function certificateProfile(
  id: string,
  clientId: string,
  certificate: GeneratedCertificate,
  mailbox = APP_MAILBOX,
): Profile {
  const base = appOnlyProfile(id, smtp.port, mailbox);
  return {
    ...base,
    name: 'Certificate relay',
    auth: {
      ...(base.auth as Extract<Profile['auth'], { type: 'microsoft' }>),
      clientId,
      appCredential: 'certificate',
      certificateThumbprint: certificate.thumbprint,
    },
  };
}

async function app(
  clientId: string,
  certificate: GeneratedCertificate,
  incoming?: { protocol: 'imap' | 'pop3'; mailbox?: string },
  dialogs?: FileDialogs,
): Promise<{ host: TestHost; id: string }> {
  const host = createTestHost({ endpoints: auth.endpoints, ...(dialogs ? { dialogs } : {}) });
  cleanups.push(() => host.cleanup());
  const created = await host.call<ProfileView>('createProfile', { name: 'Certificate relay', authType: 'microsoft' });
  const id = created.profile.id;
  const profile = certificateProfile(id, clientId, certificate, incoming?.mailbox);
  await host.call('saveProfile', {
    profile: incoming ? { ...profile, incoming: dovecotIncoming(dovecot, incoming.protocol) } : profile,
    secrets: { clientSecret: certificate.privateKey },
  });
  return { host, id };
}

describe('app-only with a certificate', () => {
  it('a test send signs a client assertion with the vault key; Exchange accepts; Verified', async () => {
    const { certificate, clientId } = await uploaded();
    const { host, id } = await app(clientId, certificate);
    const before = auth.clientCredentialsRequests();
    await host.call('sendTestEmail', { id, to: 'admin@example.test' });
    expect(smtp.messages.at(-1)?.user).toBe(APP_MAILBOX);
    expect(auth.clientCredentialsRequests()).toBe(before + 1);
    expect(host.services.profiles.get(id).status.state).toBe('verified');
    const token = (await host.services.vault.get(id, 'accessToken'))!;
    expect(await auth.introspect(token)).toMatchObject({ active: true, client_id: clientId });
    // The private key and the token are ciphertext on disk and in the log.
    expect(findSecrets(host.dataDirectory, [certificate.privateKey, token])).toEqual([]);
  });

  it('a certificate the app registration does not hold: AADSTS700027, with the upload step', async () => {
    const { clientId } = await uploaded();
    const other = await generateCertificate('Replaced certificate');
    const { host, id } = await app(clientId, other);
    const error = await failure(host.call('sendTestEmail', { id, to: 'admin@example.test' }));
    expect(error.message).toMatch(/did not accept the certificate \(AADSTS700027\)/);
    expect(error.hint).toContain('Upload certificate');
    expect(host.services.profiles.get(id).status.state).not.toBe('verified');
  });

  it('the right key with another thumbprint named (x5t): refused the same way', async () => {
    const { certificate, clientId } = await uploaded();
    const { thumbprint } = await generateCertificate('another');
    const { host, id } = await app(clientId, { ...certificate, thumbprint });
    const delivered = smtp.messages.length;
    const error = await failure(host.call('sendTestEmail', { id, to: 'admin@example.test' }));
    // The key signs correctly: only the certificate the assertion names (x5t) is wrong.
    expect(error.message).toContain('AADSTS700027');
    expect(smtp.messages).toHaveLength(delivered);
  });

  it('moved to another workstation (sealed export, import): thumbprint and key go along; Verified there', async () => {
    const { certificate, clientId } = await uploaded();
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-move-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dialogs = { chooseSaveFile: async (name: string) => path.join(dir, name), chooseOpenFile: async () => null };
    const { host, id } = await app(clientId, certificate, undefined, dialogs);
    const { target, imported, file } = await moveProfile(host, id, (targetDialogs) => {
      const made = createTestHost({ endpoints: auth.endpoints, dialogs: targetDialogs });
      cleanups.push(() => made.cleanup());
      return made;
    });
    expect(readFileSync(file, 'utf8')).not.toContain(certificate.privateKey.slice(0, 40));
    expect(imported.profile.auth).toMatchObject({
      appCredential: 'certificate',
      certificateThumbprint: certificate.thumbprint,
    });
    expect(await target.services.vault.get(imported.profile.id, 'clientSecret')).toBe(certificate.privateKey);
    await target.call('sendTestEmail', { id: imported.profile.id, to: 'admin@example.test' });
    expect(target.services.profiles.get(imported.profile.id).status.state).toBe('verified');
    const token = (await target.services.vault.get(imported.profile.id, 'accessToken'))!;
    expect(findSecrets(target.dataDirectory, [certificate.privateKey, token])).toEqual([]);

    // Or with the key left out: the file names the certificate, holds a placeholder for the key.
    const omitted = await host.call<ExportResult>('exportProfiles', {
      ids: [id],
      format: 'json',
      secrets: { mode: 'omit' },
    });
    const text = readFileSync(omitted.path!, 'utf8');
    expect(text).not.toContain(certificate.privateKey.slice(0, 40));
    const profile = (JSON.parse(text) as { profiles: { auth: unknown; secrets: unknown }[] }).profiles[0]!;
    expect(profile.auth).toMatchObject({ certificateThumbprint: certificate.thumbprint });
    expect(profile.secrets).toEqual({ clientSecret: SECRET_PLACEHOLDER });
  });

  it.each(['imap', 'pop3'] as const)('test incoming (%s) logs in with a certificate-minted token', async (protocol) => {
    const { certificate, clientId } = await uploaded();
    const { host, id } = await app(clientId, certificate, { protocol });
    const result = await host.call<IncomingTestResult>('testIncoming', { id });
    expect(result).toMatchObject({ protocol, messages: 2 });
    const token = (await host.services.vault.get(id, 'accessToken'))!;
    expect(await auth.introspect(token)).toMatchObject({ active: true, client_id: clientId });
  });

  it('IMAP for a mailbox the certificate app has no permission on: refused and explained', async () => {
    const { certificate, clientId } = await uploaded();
    const { host, id } = await app(clientId, certificate, { protocol: 'imap', mailbox: UNGRANTED_MAILBOX });
    const error = await failure(host.call('testIncoming', { id }));
    expect(error.hint).toMatch(/IMAP\.AccessAsApp/);
    expect(host.services.profiles.get(id).status.state).not.toBe('verified');
  });
});

describe('the certificate through IPC: the key stays in main', () => {
  it('Generate keeps the key in main until Save stores it; a thumbprint without its key is refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-cer-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const host = createTestHost({
      endpoints: auth.endpoints,
      dialogs: { chooseSaveFile: async (name) => path.join(dir, name), chooseOpenFile: async () => null },
    });
    cleanups.push(() => host.cleanup());
    const created = await host.call<ProfileView>('createProfile', { name: 'Relay', authType: 'microsoft' });
    const id = created.profile.id;
    const refused = await host.dispatch('createAppCertificate', {
      id: '00000000-0000-4000-8000-000000000000',
      name: 'x',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const made = await host.call<AppCertificate>('createAppCertificate', { id, name: 'Mail Preferences - Relay' });
    expect(Object.keys(made).sort()).toEqual(['certificatePem', 'notAfter', 'thumbprint']);
    expect(made.certificatePem).not.toContain('PRIVATE KEY');
    expect(await host.services.vault.get(id, 'clientSecret')).toBeUndefined();

    // Another thumbprint than the one generated: no key for it, so no save.
    const other = await generateCertificate('other');
    const profile = (thumbprint: string) =>
      certificateProfile(id, 'some-client', { ...made, privateKey: '', thumbprint });
    const noKey = await host.dispatch('saveProfile', { profile: profile(other.thumbprint), secrets: {} });
    expect(noKey).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no private key for that/) } });

    await host.call('saveProfile', { profile: profile(made.thumbprint), secrets: {} });
    const key = (await host.services.vault.get(id, 'clientSecret'))!;
    expect(createPrivateKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType).toBe(
      'rsa',
    );
    expect(
      new X509Certificate(made.certificatePem).checkPrivateKey(
        createPrivateKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'pkcs8' }),
      ),
    ).toBe(true);
    // Saved again unchanged: the stored key stays.
    await host.call('saveProfile', { profile: profile(made.thumbprint), secrets: {} });
    expect(await host.services.vault.get(id, 'clientSecret')).toBe(key);

    // The .cer file holds the certificate only; anything else is refused and nothing is written.
    const saved = await host.call<{ path: string }>('saveCertificateFile', {
      certificatePem: made.certificatePem,
      name: 'Relay',
    });
    expect(path.basename(saved.path)).toBe('relay-certificate.cer');
    expect(readFileSync(saved.path, 'utf8')).toBe(new X509Certificate(made.certificatePem).toString());
    const pemKey = createPrivateKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'pkcs8' })
      .export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const notACertificate = await host.dispatch('saveCertificateFile', { certificatePem: pemKey, name: 'Leak' });
    expect(notACertificate).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not a certificate/) },
    });
    expect(readdirSync(dir)).toEqual(['relay-certificate.cer']);
    expect(findSecrets(host.dataDirectory, [key])).toEqual([]);
  });
});

describe('importing a certificate the admin has', () => {
  function importer(files: string[]) {
    const queue = [...files];
    const host = createTestHost({
      endpoints: auth.endpoints,
      dialogs: { chooseSaveFile: async () => null, chooseOpenFile: async () => queue.shift() ?? null },
    });
    cleanups.push(() => host.cleanup());
    return host;
  }

  it('one PEM with both (openssl pkcs12 -nodes output) or two files: imported, saved, and a test send is Verified', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-pem-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    opensslCertificatePair(dir, 'imported');
    openssl('pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-out', 'cert.pfx', '-passout', 'pass:');
    openssl('pkcs12', '-in', 'cert.pfx', '-nodes', '-out', 'both.pem', '-passin', 'pass:');
    const certificatePem = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    const clientId = await auth.registerCertificateClient(certificatePem);
    permissions[clientId] = [APP_MAILBOX];

    for (const files of [['both.pem'], ['cert.pem', 'key.pem']]) {
      const host = importer(files.map((f) => path.join(dir, f)));
      const { profile: created } = await host.call<ProfileView>('createProfile', {
        name: 'Imported',
        authType: 'microsoft',
      });
      const imported = (await host.call<AppCertificate>('importAppCertificate', { id: created.id }))!;
      expect(imported.thumbprint).toBe(
        createHash('sha1').update(new X509Certificate(certificatePem).raw).digest('hex').toUpperCase(),
      );
      const profile = certificateProfile(created.id, clientId, { ...imported, privateKey: '' });
      await host.call('saveProfile', { profile, secrets: {} });
      await host.call('sendTestEmail', { id: created.id, to: 'admin@example.test' });
      expect(host.services.profiles.get(created.id).status.state).toBe('verified');
    }

    // A .pfx exported without a password opens as it is.
    const plainPfx = importer([path.join(dir, 'cert.pfx')]);
    const { profile: p0 } = await plainPfx.call<ProfileView>('createProfile', { name: 'Pfx', authType: 'microsoft' });
    const opened = await plainPfx.call<AppCertificate>('importAppCertificate', { id: p0.id });
    expect(opened.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(opened.certificatePem).toBe(new X509Certificate(certificatePem).toString());

    // An encrypted key in a PEM file, a closed dialog: refused or nothing, saying why.
    openssl('pkey', '-in', 'key.pem', '-out', 'locked.pem', '-aes256', '-passout', 'pass:secret-pass');
    const locked = importer([path.join(dir, 'cert.pem'), path.join(dir, 'locked.pem')]);
    const { profile: p2 } = await locked.call<ProfileView>('createProfile', { name: 'Locked', authType: 'microsoft' });
    expect(await locked.dispatch('importAppCertificate', { id: p2.id })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/encrypted with a password/) },
    });
    const notCertificate = importer([path.join(dir, 'notes.txt')]);
    writeFileSync(path.join(dir, 'notes.txt'), 'thumbprint: 1234\n');
    const { profile: p4 } = await notCertificate.call<ProfileView>('createProfile', {
      name: 'Text',
      authType: 'microsoft',
    });
    expect(await notCertificate.dispatch('importAppCertificate', { id: p4.id })).toMatchObject({
      ok: false,
      error: { message: 'notes.txt is neither a PEM file nor a PKCS#12 (.pfx/.p12) bundle.' },
    });
    const closed = importer([]);
    const { profile: p3 } = await closed.call<ProfileView>('createProfile', { name: 'Closed', authType: 'microsoft' });
    expect(await closed.call('importAppCertificate', { id: p3.id })).toBeNull();
  });
});

describe('a password-protected .pfx', () => {
  it('asks for the password, refuses a wrong one keeping the file, opens with the right one; Verified; the password is nowhere', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-pfx-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    opensslCertificatePair(dir, 'windows-export');
    const password = 'Export-Pa55-7f3c9e';
    // What Windows' "Export with private key" writes with its TripleDES-SHA1 choice.
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-in',
        'cert.pem',
        '-inkey',
        'key.pem',
        '-out',
        'relay.pfx',
        '-passout',
        `pass:${password}`,
        '-certpbe',
        'PBE-SHA1-3DES',
        '-keypbe',
        'PBE-SHA1-3DES',
        '-macalg',
        'sha1',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    const clientId = await auth.registerCertificateClient(readFileSync(path.join(dir, 'cert.pem'), 'utf8'));
    permissions[clientId] = [APP_MAILBOX];
    const queue = [path.join(dir, 'relay.pfx')];
    const host = createTestHost({
      endpoints: auth.endpoints,
      dialogs: { chooseSaveFile: async () => null, chooseOpenFile: async () => queue.shift() ?? null },
    });
    cleanups.push(() => host.cleanup());
    const { profile } = await host.call<ProfileView>('createProfile', { name: 'Pfx relay', authType: 'microsoft' });

    const noneHeld = await host.dispatch('unlockAppCertificate', { id: profile.id, password });
    expect(noneHeld).toMatchObject({ ok: false, error: { message: 'No .pfx file is waiting for a password.' } });
    expect(await host.call('importAppCertificate', { id: profile.id })).toEqual({ passwordFor: 'relay.pfx' });
    const wrong = await host.dispatch('unlockAppCertificate', { id: profile.id, password: 'not-it' });
    expect(wrong).toMatchObject({ ok: false, error: { message: 'That password does not open relay.pfx.' } });
    const made = await host.call<AppCertificate>('unlockAppCertificate', { id: profile.id, password });
    expect(Object.keys(made).sort()).toEqual(['certificatePem', 'notAfter', 'thumbprint']);
    // Opened once: the held file is gone with it.
    const again = await host.dispatch('unlockAppCertificate', { id: profile.id, password });
    expect(again).toMatchObject({ ok: false, error: { message: 'No .pfx file is waiting for a password.' } });

    await host.call('saveProfile', {
      profile: certificateProfile(profile.id, clientId, { ...made, privateKey: '' }),
      secrets: {},
    });
    await host.call('sendTestEmail', { id: profile.id, to: 'admin@example.test' });
    expect(host.services.profiles.get(profile.id).status.state).toBe('verified');
    const key = (await host.services.vault.get(profile.id, 'clientSecret'))!;
    expect(findSecrets(host.dataDirectory, [key, password])).toEqual([]);
  });
});

describe('mailprefs with a certificate profile', () => {
  let box: Sandbox;
  beforeAll(async () => {
    box = await sandbox();
  });
  afterAll(() => box?.cleanup());

  it('the sealed export carries the key and thumbprint; mailprefs token and send mint with the certificate', async () => {
    const { certificate, clientId } = await uploaded();
    const key = ageKeypair();
    const dir = path.join(box.cwd, 'export');
    mkdirSync(dir);
    const file = await exportWithApp(
      dir,
      [
        {
          profile: (id) => ({
            ...certificateProfile(id, clientId, certificate),
            incoming: dovecotIncoming(dovecot, 'imap'),
          }),
          secrets: { clientSecret: certificate.privateKey },
        },
      ],
      { mode: 'recipient', recipient: key.recipient },
      auth.endpoints,
    );
    expect(readFileSync(file, 'utf8')).not.toContain(certificate.privateKey.slice(0, 40));
    const withKey = { AGE_IDENTITY_FILE: key.keyFile };
    const validated = await box.run(['validate', file, '--json'], withKey);
    expect(json(validated)).toMatchObject({ ok: true });

    const token = await box.run(['token', file, '--json'], withKey);
    const minted = json(token);
    expect(minted, token.stdout).toMatchObject({ ok: true, user: APP_MAILBOX, refreshed: true });
    expect(await auth.introspect(minted['accessToken'] as string)).toMatchObject({ active: true, client_id: clientId });
    const sent = await box.run(['send', file, '--to', 'ops@example.test', '--json'], withKey);
    expect(json(sent)).toMatchObject({ ok: true });
    expect(smtp.messages.at(-1)?.user).toBe(APP_MAILBOX);
    // check: the SMTP login and the IMAP login, both with certificate-minted tokens.
    const checked = await box.run(['check', file, '--json'], withKey);
    expect(json(checked), checked.stdout + checked.stderr).toMatchObject({
      ok: true,
      steps: [
        { step: 'smtp', ok: true, auth: 'XOAUTH2' },
        { step: 'imap', ok: true, messages: 2 },
      ],
    });
    // The server's side: the key is nowhere in plaintext (the file is sealed, the state never
    // copies it); the minted token only in the 0600 state file.
    expectServerState(box, [certificate.privateKey], String(minted['accessToken']));
  });
});
