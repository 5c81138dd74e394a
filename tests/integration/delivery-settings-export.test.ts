// The settings added in config format 2 (alternate SMTP server, fetch interval, signature,
// senders per purpose, receiver lists) through every export format: JSON back through import
// into a fresh install, .env through npm dotenv, Node, python-dotenv and sh, .properties through
// java.util.Properties. And a version-1 file (no such fields) imports to the same profile as before.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ExportFormat, ExportResult, ImportPreview } from '../../src-shared/config-file';
import type { AppErrorData } from '../../src-shared/errors';
import type { Profile, ProfileView } from '../../src-shared/profile';
import { createTestHost, type TestHost } from '../support/main-host';
import { readWithJavaProperties } from '../support/java-properties';
import { readWithNodeParseEnv } from '../support/node-env';
import { readWithNpmDotenv } from '../support/npm-dotenv';
import { standardProfile } from '../support/profiles';
import { readWithPythonDotenv } from '../support/python-dotenv';
import { readWithSh } from '../support/sh-env';
import { SMTP_PASSWORD } from '../support/smtp-server';

const hosts: TestHost[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-delivery-'));
afterEach(() => hosts.splice(0).forEach((h) => h.cleanup()));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function newHost(open?: string) {
  const host = createTestHost({
    dialogs: {
      chooseSaveFile: async (name) => path.join(dir, `${files++}-${name}`),
      chooseOpenFile: async () => open ?? null,
    },
  });
  hosts.push(host);
  return host;
}

// Multi-line, non-ASCII, and characters each format's quoting must carry ($, ", backslash, =, #);
// a value with both quote kinds is refused by .env (tested in env-file-parsers.test.ts).
const SIGNATURE_TEXT = 'Help Desk — Contoso\nCall 555-0100 ("urgent"? use # or = or $5)\n\\ back office';
const SIGNATURE_HTML = '<p><b>Help Desk</b><br>\n<a href="https://contoso.example/help?a=1&b=2">Help</a></p>';

function withDeliverySettings(p: Profile): Profile {
  return {
    ...p,
    incoming: {
      protocol: 'imap',
      host: 'imap.example.test',
      port: 993,
      security: 'tls',
      validateCertificate: true,
      folder: 'INBOX',
      fetchIntervalMinutes: 15,
    },
    alternateOutgoing: { host: 'smtp2.example.test', port: 465, security: 'tls', validateCertificate: false },
    signature: { text: SIGNATURE_TEXT, html: SIGNATURE_HTML },
    senders: [
      { purpose: 'General notifications', address: '', displayName: '' },
      { purpose: 'Management reports', address: 'reports@example.test', displayName: 'Reports — Contoso' },
    ],
    receivers: [
      { name: 'Printer alerts', addresses: ['ops@example.test', 'night.shift@example.test'] },
      { name: 'Management', addresses: ['ceo@example.test'] },
    ],
  };
}

async function seeded() {
  const host = newHost();
  const created = await host.call<ProfileView>('createProfile', { name: 'Relay', authType: 'standard' });
  const profile = withDeliverySettings(standardProfile(created.profile.id, 2525, { name: 'Relay' }));
  await host.call('saveProfile', { profile, secrets: { password: SMTP_PASSWORD } });
  return { host, id: created.profile.id, profile };
}

const exportTo = (host: TestHost, id: string, format: ExportFormat) =>
  host.call<ExportResult>('exportProfiles', { ids: [id], format, secrets: { mode: 'plaintext', confirmed: true } });

describe('format-2 settings in every export format', () => {
  it('JSON: every new field comes back through import into a fresh install, unchanged', async () => {
    const { host, id, profile } = await seeded();
    const result = await exportTo(host, id, 'json');
    const target = newHost(result.path!);
    const preview = (await target.call<ImportPreview>('chooseImportFile'))!;
    await target.call('applyImport', { sessionId: preview.sessionId });
    const [imported] = await target.call<ProfileView[]>('listProfiles');
    const pick = (p: Profile) => ({
      incoming: p.incoming,
      alternateOutgoing: p.alternateOutgoing,
      signature: p.signature,
      senders: p.senders,
      receivers: p.receivers,
    });
    expect(pick(imported!.profile)).toEqual(pick(profile));
  });

  it('.env: all four readers read the new keys back exactly (multi-line signature included)', async () => {
    const { host, id } = await seeded();
    const file = (await exportTo(host, id, 'dotenv')).path!;
    const expected = {
      MAIL_INCOMING_FETCH_INTERVAL_MINUTES: '15',
      MAIL_SMTP_ALT_HOST: 'smtp2.example.test',
      MAIL_SMTP_ALT_PORT: '465',
      MAIL_SMTP_ALT_SECURITY: 'tls',
      MAIL_SMTP_ALT_VALIDATE_CERTIFICATE: 'false',
      MAIL_SIGNATURE_TEXT: SIGNATURE_TEXT,
      MAIL_SIGNATURE_HTML: SIGNATURE_HTML,
      MAIL_SENDER_1_PURPOSE: 'General notifications',
      MAIL_SENDER_1_ADDRESS: 'notifications@example.test', // defaulted to the profile's From
      MAIL_SENDER_1_NAME: 'Help Desk',
      MAIL_SENDER_2_PURPOSE: 'Management reports',
      MAIL_SENDER_2_ADDRESS: 'reports@example.test',
      MAIL_SENDER_2_NAME: 'Reports — Contoso',
      MAIL_RECEIVERS_1_NAME: 'Printer alerts',
      MAIL_RECEIVERS_1_ADDRESSES: 'ops@example.test,night.shift@example.test',
      MAIL_RECEIVERS_2_NAME: 'Management',
      MAIL_RECEIVERS_2_ADDRESSES: 'ceo@example.test',
    };
    const readings = {
      'npm dotenv': readWithNpmDotenv([file])[0]!,
      'node util.parseEnv': readWithNodeParseEnv([file])[0]!,
      'python-dotenv': readWithPythonDotenv([file]).values[0]!,
      sh: readWithSh([file]).values[0]!,
    };
    for (const [reader, values] of Object.entries(readings)) {
      const subset = Object.fromEntries(Object.keys(expected).map((k) => [k, values[k]]));
      expect({ reader, subset }).toEqual({ reader, subset: expected });
    }
  });

  it('.properties: java.util.Properties reads the new keys back exactly (both loaders)', async () => {
    const { host, id } = await seeded();
    const file = (await exportTo(host, id, 'properties')).path!;
    const expected = {
      'mailprefs.incoming.fetch-interval-minutes': '15',
      'mailprefs.smtp-alternate.host': 'smtp2.example.test',
      'mailprefs.smtp-alternate.port': '465',
      'mailprefs.smtp-alternate.security': 'tls',
      'mailprefs.smtp-alternate.validate-certificate': 'false',
      'mailprefs.signature.text': SIGNATURE_TEXT,
      'mailprefs.signature.html': SIGNATURE_HTML,
      'mailprefs.senders[0].purpose': 'General notifications',
      'mailprefs.senders[0].address': 'notifications@example.test',
      'mailprefs.senders[0].display-name': 'Help Desk',
      'mailprefs.senders[1].purpose': 'Management reports',
      'mailprefs.senders[1].address': 'reports@example.test',
      'mailprefs.senders[1].display-name': 'Reports — Contoso',
      'mailprefs.receivers[0].name': 'Printer alerts',
      'mailprefs.receivers[0].addresses': 'ops@example.test,night.shift@example.test',
      'mailprefs.receivers[1].name': 'Management',
      'mailprefs.receivers[1].addresses': 'ceo@example.test',
    };
    const [{ stream, reader }] = readWithJavaProperties([file]) as [
      { stream: Record<string, string>; reader: Record<string, string> },
    ];
    for (const values of [stream, reader]) {
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, values[k]]))).toEqual(expected);
    }
  });

  it('.env refuses a signature python-dotenv would read differently, naming the field', async () => {
    const { host, id, profile } = await seeded();
    await host.call('saveProfile', {
      profile: { ...profile, signature: { text: 'Cost: ${PRICE}', html: '' } },
      secrets: {},
    });
    const error = await exportTo(host, id, 'dotenv').then(
      () => null,
      (e: AppErrorData) => e,
    );
    expect(error?.message).toMatch(
      /The signature of profile "Relay" cannot be written to a \.env file \(MAIL_SIGNATURE_TEXT\)/,
    );
  });
});

describe('version-1 files', () => {
  it('import unchanged: the migration adds only the defaults, and the settings a v1 file held stay as they were', async () => {
    const v1 = {
      $schema: './mail-config.v1.schema.json',
      version: 1,
      generator: 'Mail Preferences 0.1',
      exportedAt: '2026-01-01T00:00:00.000Z',
      secrets: 'omitted',
      profiles: [
        {
          name: 'Old relay',
          description: 'exported by version 1',
          auth: { type: 'standard', useAuthentication: true, username: 'relay@example.test' },
          outgoing: { host: 'smtp.example.test', port: 587, security: 'starttls', validateCertificate: true },
          incoming: {
            protocol: 'pop3',
            host: 'pop.example.test',
            port: 995,
            security: 'tls',
            validateCertificate: true,
            folder: 'INBOX',
          },
          sender: { fromAddress: 'relay@example.test', displayName: 'Relay', replyTo: '' },
          oauth: null,
          secrets: { password: '__SET_ON_SERVER__' },
        },
      ],
    };
    const file = path.join(dir, 'v1.json');
    writeFileSync(file, JSON.stringify(v1));
    const host = newHost(file);
    const preview = (await host.call<ImportPreview>('chooseImportFile'))!;
    expect(preview.changes).toMatchObject([{ name: 'Old relay', action: 'create' }]);
    await host.call('applyImport', { sessionId: preview.sessionId });
    const [view] = await host.call<ProfileView[]>('listProfiles');
    const { name, description, auth, outgoing, incoming, sender } = v1.profiles[0]!;
    expect(view!.profile).toMatchObject({ name, description, auth, outgoing, sender });
    expect(view!.profile.incoming).toEqual({ ...incoming, fetchIntervalMinutes: 5 });
    expect(view!.profile).toMatchObject({
      alternateOutgoing: null,
      signature: { text: '', html: '' },
      senders: [],
      receivers: [],
    });
    // The file itself was only read.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(v1);
  });
});
