// Issue 14, "files every parser reads right": every value in an exported .env is read back byte
// for byte by npm dotenv (both parsers), Node (util.parseEnv, as node --env-file), python-dotenv
// (Debian's, defaults), dash and bash (`set -a; . file`); every value in an exported .properties
// by java.util.Properties, as InputStream and as Reader. What the exporter refuses, it must refuse
// for a reason: the refused .env value is misread under every plain quoting by some reader.
// Many values go into one file, and all files of a run to one process per reader.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONFIG_VERSION,
  type ConfigDocument,
  type ExportedProfile,
  type ExportResult,
} from '../../src-shared/config-file';
import type { AppErrorData } from '../../src-shared/errors';
import type { AuthType, ProfileView } from '../../src-shared/profile';
import { newProfile } from '../../src-shared/new-profile';
import { encodeDotenv, renderDotenv } from '../../src-main/export/formats/dotenv';
import { encodeProperties, renderProperties } from '../../src-main/export/formats/properties';
import { type JavaReading, readWithJavaProperties } from '../support/java-properties';
import { createTestHost } from '../support/main-host';
import { readWithNodeParseEnv } from '../support/node-env';
import { readWithNpmDotenv, readWithNpmDotenvFast } from '../support/npm-dotenv';
import { readWithPythonDotenv } from '../support/python-dotenv';
import { readWithSh } from '../support/sh-env';

const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-parsers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function writeTemp(content: string, ext: string): string {
  const file = path.join(dir, `f${fileCount++}.${ext}`);
  writeFileSync(file, content);
  return file;
}

type Reading = Record<string, string | null>;
interface FileReadings {
  values: Record<string, Reading>;
  /** What sourcing the file printed, in sh and in bash. */
  printed: { sh: ShPrinted; bash: ShPrinted };
}
type ShPrinted = ReturnType<typeof readWithSh>['printed'][number];

/** Per file: what each reader read from it. */
function readEnvFiles(files: string[]): FileReadings[] {
  const sh = readWithSh(files);
  const bash = readWithSh(files, '/bin/bash');
  const readers: Record<string, Reading[]> = {
    'npm dotenv': readWithNpmDotenv(files),
    'npm dotenv (fast)': readWithNpmDotenvFast(files),
    'node util.parseEnv': readWithNodeParseEnv(files),
    'python-dotenv': readWithPythonDotenv(files).values,
    sh: sh.values,
    bash: bash.values,
  };
  return files.map((_, i) => ({
    values: Object.fromEntries(Object.entries(readers).map(([name, all]) => [name, all[i]!])),
    printed: { sh: sh.printed[i]!, bash: bash.printed[i]! },
  }));
}

/** What every reader must have read: the same variables, byte for byte; and the shells printed nothing. */
function expectAllRead(readings: FileReadings, expected: Record<string, string>, file: string) {
  for (const [reader, reading] of Object.entries(readings.values)) {
    expect({ reader, file, values: reading }).toEqual({ reader, file, values: expected });
  }
  const silent = { stdout: '', stderr: '' };
  expect({ file, printed: readings.printed }).toEqual({ file, printed: { sh: silent, bash: silent } });
}

// Values: printable ASCII and what the quotings trip over, non-ASCII, and (anyText) controls.
const SPECIALS = [
  ...`'"\\$\`#= `,
  '\\\\',
  '${',
  '}',
  '$X',
  '${X}',
  '${A:-b}',
  '$(',
  '$[',
  ' #',
  'export ',
  'A=',
  '\\n',
  '\\t',
  '\\x',
  'é',
  'ü',
  '€',
  '中',
  '😀',
  '\u00a0',
  '\ufeff',
];
const CONTROLS = [
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\0',
  '\x01',
  '\x1b',
  '\x0b',
  '\x0c',
  '\x7f',
  '\x85',
  '\u2028',
  '\u2029',
  '\ud800',
];
const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const textOf = (pieces: fc.Arbitrary<string>[], maxLength = 12) =>
  fc.array(fc.oneof(...pieces), { maxLength }).map((p) => p.join(''));
/** What the profile schema accepts in free-text fields: no control characters (tabs neither). */
const fieldText = textOf([printable, printable, fc.constantFrom(...SPECIALS), fc.constantFrom(...SPECIALS)]);
/** Anything a string can hold, for values that bypass the schema (tokens from a server). */
const anyText = textOf([
  printable,
  fc.constantFrom(...SPECIALS),
  fc.constantFrom(...SPECIALS),
  fc.constantFrom(...CONTROLS),
]);
const emailLocal = fc
  .array(fc.constantFrom(...`abc09!#$%&'*+/=?^_\`{|}~-`), { minLength: 1, maxLength: 10 })
  .map((c) => c.join(''));
const email = emailLocal.map((l) => `${l}@example.test`);

/** The plain quotings someone might try for a value, each in a file with neighbours to disturb. */
function probeFiles(value: string): { quoting: string; file: string }[] {
  const quotings = {
    single: `'${value}'`,
    double: `"${value}"`,
    'double, escaped': `"${value.replace(/[\\"$`]/g, '\\$&')}"`,
    'single, escaped': `'${value.replace(/[\\']/g, '\\$&')}'`,
    unquoted: value,
  };
  return Object.entries(quotings).map(([quoting, text]) => ({
    quoting,
    file: writeTemp(`FIRST='a'\nPROBE=${text}\nNEXT='b'\nLAST="c"\n`, 'env'),
  }));
}

/** The quotings under which every reader reads `value` (and its neighbours) right: must be none. */
function quotingsThatWork(probes: { quoting: string; file: string }[], value: string, read: FileReadings[]) {
  return probes
    .filter((_, i) =>
      Object.values(read[i]!.values).every(
        (r) => r['PROBE'] === value && r['FIRST'] === 'a' && r['NEXT'] === 'b' && r['LAST'] === 'c',
      ),
    )
    .map((p) => p.quoting);
}

describe('.env quoting (encodeDotenv) against the real readers', () => {
  it('what it writes all six read exactly; what it refuses, no plain quoting gets read right', () => {
    let written = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 40, maxLength: 40 }), (values) => {
        const expected: Record<string, string> = {};
        const lines: string[] = ['# values'];
        const probes: { value: string; probes: ReturnType<typeof probeFiles> }[] = [];
        values.forEach((value, i) => {
          const encoded = encodeDotenv(value);
          if ('text' in encoded) {
            lines.push(`V${i}=${encoded.text}`);
            expected[`V${i}`] = value;
          } else probes.push({ value, probes: probeFiles(value) });
        });
        const main = writeTemp(lines.join('\n') + '\n', 'env');
        const files = [main, ...probes.flatMap((p) => p.probes.map((f) => f.file))];
        const [mainRead, ...probeRead] = readEnvFiles(files);
        expectAllRead(mainRead!, expected, main);
        probes.forEach(({ value, probes: files }, i) => {
          const read = probeRead.slice(i * files.length, (i + 1) * files.length);
          expect({ value, works: quotingsThatWork(files, value, read) }).toEqual({ value, works: [] });
        });
        written += Object.keys(expected).length;
        refused += probes.length;
      }),
      { numRuns: 12 },
    );
    // Neither half is vacuous.
    expect(written).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(20);
  });
});

describe('the sh reader itself', () => {
  it('a file that prints (a bare `export`) and then breaks does not run into the next file', () => {
    // A misquoted probe can do both; its listing on stdout once swallowed the next end marker.
    const broken = writeTemp("A=1 export\nB='unterminated\n", 'env');
    const next = writeTemp('C=2\n', 'env');
    for (const shell of ['/bin/sh', '/bin/bash'] as const) {
      const { values, printed } = readWithSh([broken, next], shell);
      expect(values).toEqual([{}, { C: '2' }]);
      // Each file's own output: the listing and the syntax error of the first, nothing of the second.
      expect(printed[0]!.stdout).toMatch(/^(export|declare -x) /m);
      expect(printed[0]!.stderr).toMatch(/unterminated|unexpected EOF/i);
      expect(printed[1]).toEqual({ stdout: '', stderr: '' });
    }
  });
});

describe('.properties escaping (encodeProperties) against java.util.Properties', () => {
  it('reads back every value exactly, as InputStream and as Reader; only "${" is refused', () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 60, maxLength: 60 }), (values) => {
        const expected: Record<string, string> = {};
        const lines = ['# values'];
        values.forEach((value, i) => {
          const encoded = encodeProperties(value);
          expect('refused' in encoded).toBe(value.includes('${'));
          if ('text' in encoded) {
            lines.push(`v${i}=${encoded.text}`);
            expected[`v${i}`] = value;
          }
        });
        const text = lines.join('\n') + '\n';
        expect(text).toMatch(/^[\x20-\x7e\n]*$/);
        const [{ stream, reader }] = readWithJavaProperties([writeTemp(text, 'properties')]) as [JavaReading];
        expect(stream).toEqual(expected);
        expect(reader).toEqual(expected);
      }),
      { numRuns: 5 },
    );
  });
});

/** A document for one standard profile with the given texts, bypassing the schema. */
function documentWith(texts: { name: string; description: string; value: string }): ConfigDocument {
  const base = newProfile('00000000-0000-4000-8000-000000000000', texts.name, 'standard');
  const profile: ExportedProfile = {
    name: texts.name,
    description: texts.description,
    auth: { type: 'standard', useAuthentication: true, username: 'user' },
    outgoing: { host: 'smtp.example.test', port: 587, security: 'starttls', validateCertificate: true },
    incoming: null,
    alternateOutgoing: null,
    sender: { ...base.sender, fromAddress: 'a@example.test', displayName: texts.value },
    signature: base.signature,
    senders: [],
    receivers: [],
    oauth: null,
    secrets: { password: 'pw' },
  };
  return {
    version: CONFIG_VERSION,
    generator: 'test',
    exportedAt: '2026-01-01T00:00:00.000Z',
    secrets: 'included',
    profiles: [profile],
  };
}

describe('header comments cannot be broken out of', () => {
  it('a name or description with line breaks and controls stays in its comment line, in both formats', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: anyText, description: anyText, value: fc.constantFrom('Help Desk', 'x') }), {
          minLength: 6,
          maxLength: 6,
        }),
        (docs) => {
          const env: string[] = [];
          const props: string[] = [];
          for (const texts of docs) {
            const doc = documentWith({ ...texts, name: `${texts.name}\nMAIL_INJECTED=1\r\u2028X=1` });
            const dotenv = renderDotenv(doc);
            const properties = renderProperties(doc);
            for (const text of [dotenv, properties]) {
              const lines = text.split('\n').slice(0, -1);
              // Comment lines first, then only key=value lines; every line one printable line.
              expect(lines.filter((l) => l.startsWith('#')).length).toBe(texts.description ? 3 : 2);
              expect(lines.filter((l) => !/^(# |[A-Za-z_.-]+=)/.test(l))).toEqual([]);
            }
            expect(properties).toMatch(/^[\x20-\x7e\n]*$/);
            env.push(writeTemp(dotenv, 'env'));
            props.push(writeTemp(properties, 'properties'));
          }
          for (const [i, read] of readEnvFiles(env).entries()) {
            for (const reading of Object.values(read.values)) {
              expect(reading['MAIL_INJECTED']).toBeUndefined();
              expect(reading['X']).toBeUndefined();
              expect(reading['MAIL_FROM_NAME']).toBe(docs[i]!.value);
            }
            // Nothing in a comment ran as a command in the shells.
            expect(read.printed).toEqual({ sh: { stdout: '', stderr: '' }, bash: { stdout: '', stderr: '' } });
          }
          for (const [i, { stream, reader }] of readWithJavaProperties(props).entries()) {
            const keyLines = readFileSync(props[i]!, 'utf8')
              .split('\n')
              .filter((l) => /^[a-z]/.test(l));
            expect(Object.keys(stream)).toHaveLength(keyLines.length);
            expect(stream['mailprefs.from-name']).toBe(docs[i]!.value);
            expect(reader).toEqual(stream);
          }
        },
      ),
      { numRuns: 6 },
    );
  });
});

// ---- Through the real export code: profiles saved through dispatch, exported to files. ----

interface Hostile {
  type: AuthType;
  name: string;
  description: string;
  username: string;
  password: string;
  email: string;
  fromAddress: string;
  displayName: string;
  replyTo: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  tokenPath: string;
  scope: string;
  folder: string;
  incoming: boolean;
  signature: string;
  signatureHtml: string;
  senderPurpose: string;
  senderName: string;
  senderAddress: string;
  receiverName: string;
}

/** The same values, every string passed through `tame`. */
function tamed(h: Hostile, tame: (value: string) => string): Hostile {
  return Object.fromEntries(
    Object.entries(h).map(([k, v]) => [k, typeof v === 'string' ? tame(v) : v]),
  ) as unknown as Hostile;
}

/** Every "${" broken up, so a .properties export of it is never refused. */
const withoutPlaceholders = (h: Hostile) => tamed(h, (v) => v.replaceAll('${', '$_'));

/**
 * No `"`, backtick, `\` or `$` (so double quotes hold it), no NUL or CR, no lone surrogate: a .env
 * export of it is never refused. A value with a `'` is written in double quotes, any other in
 * single quotes, so both branches are read back. `'`, `#`, `=`, line breaks and non-ASCII stay.
 */
const envWritable = (h: Hostile) =>
  tamed(h, (v) =>
    v
      .replace(/["`\\$\0\r]/g, '_')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

const hostile = (type: AuthType): fc.Arbitrary<Hostile> =>
  fc.record({
    type: fc.constant(type),
    name: fieldText,
    description: fieldText,
    username: fieldText,
    password: fieldText.filter((p) => p.length > 0),
    email,
    fromAddress: fc.oneof(email, fc.constant('')),
    displayName: fieldText,
    replyTo: fc.oneof(email, fc.constant('')),
    clientId: fieldText,
    clientSecret: fieldText.filter((p) => p.length > 0),
    refreshToken: anyText.filter((p) => p.length > 0),
    tokenPath: fieldText,
    scope: fieldText,
    folder: fieldText,
    incoming: fc.boolean(),
    // Format 2: the signature is the one value with line breaks; the rest are names on one line.
    signature: fc.array(fieldText, { maxLength: 3 }).map((lines) => lines.join('\n')),
    signatureHtml: fc.array(fieldText, { maxLength: 2 }).map((lines) => lines.join('\n')),
    senderPurpose: fieldText,
    senderName: fieldText,
    senderAddress: fc.oneof(email, fc.constant('')),
    receiverName: fieldText,
  });

function profileFrom(id: string, name: string, h: Hostile) {
  const base = newProfile(id, name, h.type);
  const incoming = h.incoming
    ? {
        protocol: 'imap' as const,
        host: 'imap.example.test',
        port: 993,
        security: 'tls' as const,
        validateCertificate: true,
        folder: h.folder,
        fetchIntervalMinutes: 7,
      }
    : null;
  const sender = { fromAddress: h.fromAddress, displayName: h.displayName, replyTo: h.replyTo };
  const outgoing = { host: 'smtp.example.test', port: 587, security: 'starttls' as const, validateCertificate: true };
  const common = {
    ...base,
    description: h.description,
    incoming,
    outgoing,
    sender,
    alternateOutgoing: { host: 'smtp2.example.test', port: 465, security: 'tls' as const, validateCertificate: false },
    signature: { text: h.signature, html: h.signatureHtml },
    senders: [{ purpose: `p${h.senderPurpose}`, address: h.senderAddress, displayName: h.senderName }],
    receivers: [{ name: `r${h.receiverName}`, addresses: [h.email, 'b@example.test'] }],
  };
  const clientId = `c${h.clientId}`;
  switch (h.type) {
    case 'standard':
      return {
        ...common,
        auth: { type: 'standard' as const, useAuthentication: true, username: `u${h.username}` },
        sender: { ...sender, fromAddress: h.fromAddress || h.email },
      };
    case 'google':
      return {
        ...common,
        auth: { type: 'google' as const, email: h.email, clientId, redirectPort: null, credential: 'user', keyId: '' },
      };
    case 'microsoft':
      return {
        ...common,
        auth: { type: 'microsoft' as const, email: h.email, clientId, tenant: 'contoso.com', redirectPort: null },
      };
    case 'generic':
      return {
        ...common,
        auth: {
          type: 'generic' as const,
          email: h.email,
          clientId,
          issuer: '',
          authorizationEndpoint: 'https://id.example.test/auth',
          tokenEndpoint: `https://id.example.test/t/${h.tokenPath}`,
          scope: `openid ${h.scope}`,
          clientAuthMethod: 'client_secret_post' as const,
          redirectPort: null,
        },
      };
  }
}

/** What the .env must say, from the JSON export (written out here, not taken from the exporter). */
function expectedEnv(p: ExportedProfile): Record<string, string> {
  const e: Record<string, string> = {
    MAIL_AUTH_TYPE: p.auth.type,
    MAIL_SMTP_HOST: p.outgoing.host,
    MAIL_SMTP_PORT: String(p.outgoing.port),
    MAIL_SMTP_SECURITY: p.outgoing.security,
    MAIL_SMTP_VALIDATE_CERTIFICATE: String(p.outgoing.validateCertificate),
    MAIL_FROM: p.sender.fromAddress || p.oauth?.user || '',
    MAIL_FROM_NAME: p.sender.displayName,
    MAIL_REPLY_TO: p.sender.replyTo,
  };
  if (p.auth.type === 'standard') {
    Object.assign(e, {
      MAIL_USE_AUTHENTICATION: String(p.auth.useAuthentication),
      MAIL_USERNAME: p.auth.username,
      MAIL_PASSWORD: p.secrets.password ?? '',
    });
  } else {
    Object.assign(e, {
      MAIL_USERNAME: p.oauth!.user,
      MAIL_OAUTH_CLIENT_ID: p.auth.clientId,
      MAIL_OAUTH_TOKEN_ENDPOINT: p.oauth!.tokenEndpoint,
      MAIL_OAUTH_SCOPE: p.oauth!.scope,
      MAIL_OAUTH_CLIENT_AUTH_METHOD: p.oauth!.clientAuthMethod,
      MAIL_OAUTH_CLIENT_SECRET: p.secrets.clientSecret ?? '',
      MAIL_OAUTH_REFRESH_TOKEN: p.secrets.refreshToken ?? '',
    });
    if (p.auth.type === 'microsoft') e['MAIL_OAUTH_TENANT'] = p.auth.tenant;
  }
  if (p.incoming) {
    Object.assign(e, {
      MAIL_INCOMING_PROTOCOL: p.incoming.protocol,
      MAIL_INCOMING_HOST: p.incoming.host,
      MAIL_INCOMING_PORT: String(p.incoming.port),
      MAIL_INCOMING_SECURITY: p.incoming.security,
      MAIL_INCOMING_VALIDATE_CERTIFICATE: String(p.incoming.validateCertificate),
      MAIL_INCOMING_FOLDER: p.incoming.folder,
      MAIL_INCOMING_FETCH_INTERVAL_MINUTES: String(p.incoming.fetchIntervalMinutes),
    });
  }
  if (p.alternateOutgoing) {
    Object.assign(e, {
      MAIL_SMTP_ALT_HOST: p.alternateOutgoing.host,
      MAIL_SMTP_ALT_PORT: String(p.alternateOutgoing.port),
      MAIL_SMTP_ALT_SECURITY: p.alternateOutgoing.security,
      MAIL_SMTP_ALT_VALIDATE_CERTIFICATE: String(p.alternateOutgoing.validateCertificate),
    });
  }
  if (p.signature.text) e['MAIL_SIGNATURE_TEXT'] = p.signature.text;
  if (p.signature.html) e['MAIL_SIGNATURE_HTML'] = p.signature.html;
  p.senders.forEach((s, i) => {
    e[`MAIL_SENDER_${i + 1}_PURPOSE`] = s.purpose;
    e[`MAIL_SENDER_${i + 1}_ADDRESS`] = s.address || p.sender.fromAddress || p.oauth?.user || '';
    e[`MAIL_SENDER_${i + 1}_NAME`] = s.displayName || p.sender.displayName;
  });
  p.receivers.forEach((r, i) => {
    e[`MAIL_RECEIVERS_${i + 1}_NAME`] = r.name;
    e[`MAIL_RECEIVERS_${i + 1}_ADDRESSES`] = r.addresses.join(',');
  });
  return e;
}

/** The free-text values of the .properties export, from the JSON export. */
function expectedProperties(p: ExportedProfile): Record<string, string> {
  const e: Record<string, string> = {
    'spring.mail.host': p.outgoing.host,
    'spring.mail.username': p.auth.type === 'standard' ? p.auth.username : p.oauth!.user,
    'mailprefs.from': p.sender.fromAddress || p.oauth?.user || '',
    'mailprefs.from-name': p.sender.displayName,
    'mailprefs.reply-to': p.sender.replyTo,
  };
  if (p.auth.type === 'standard') e['spring.mail.password'] = p.secrets.password ?? '';
  else {
    Object.assign(e, {
      'mailprefs.oauth2.client-id': p.auth.clientId,
      'mailprefs.oauth2.token-endpoint': p.oauth!.tokenEndpoint,
      'mailprefs.oauth2.scope': p.oauth!.scope,
      'mailprefs.oauth2.client-secret': p.secrets.clientSecret ?? '',
      'mailprefs.oauth2.refresh-token': p.secrets.refreshToken ?? '',
    });
    if (p.auth.type === 'microsoft') e['mailprefs.oauth2.tenant'] = p.auth.tenant;
  }
  if (p.incoming) e['mailprefs.incoming.folder'] = p.incoming.folder;
  if (p.signature.text) e['mailprefs.signature.text'] = p.signature.text;
  if (p.signature.html) e['mailprefs.signature.html'] = p.signature.html;
  p.senders.forEach((s, i) => {
    e[`mailprefs.senders[${i}].purpose`] = s.purpose;
    e[`mailprefs.senders[${i}].display-name`] = s.displayName || p.sender.displayName;
  });
  p.receivers.forEach((r, i) => (e[`mailprefs.receivers[${i}].name`] = r.name));
  return e;
}

/** `profiles[0].secrets.password` → that value in the one-profile document. */
function valueAt(doc: ConfigDocument, fieldPath: string): string {
  let v: unknown = doc;
  for (const part of fieldPath.replace(/\[(\d+)\]/g, '.$1').split('.')) v = (v as Record<string, unknown>)[part];
  return String(v);
}

function expectNamedRefusal(error: AppErrorData, profileName: string, format: '.env' | '.properties') {
  expect(error.code).toBe('invalid_input');
  expect(error.message).toContain(`of profile "${profileName}" cannot be written to a ${format} file (`);
  expect(error.hint).toMatch(/^Export JSON/);
  expect(error.fields?.[0]?.path).toMatch(
    /^profiles\[0\]\.(auth|outgoing|incoming|sender|oauth|secrets|signature|senders\[\d+\]|receivers\[\d+\])\.\w+$/,
  );
}

describe('exports through the real export code', () => {
  it('every field of every auth type reads back as the JSON export says, or the export names the field', async () => {
    const host = createTestHost({
      dialogs: {
        chooseSaveFile: async (name) => path.join(dir, `${fileCount++}-${name}`),
        chooseOpenFile: async () => null,
      },
    });
    let counter = 0;
    const outcomes = { envWritten: 0, envRefused: 0, propsWritten: 0, propsRefused: 0 };
    try {
      await fc.assert(
        fc.asyncProperty(
          // Plus the first profile without "${" anywhere and the second tamed for .env: with ~20
          // hostile fields per profile most exports of either kind are refused, and each run must
          // still write (and Java, or the .env readers, read) one of each.
          fc
            .tuple(hostile('standard'), hostile('google'), hostile('microsoft'), hostile('generic'))
            .map((ps) => [...ps, withoutPlaceholders(ps[0]), envWritable(ps[1])]),
          async (profiles) => {
            const envChecks: { file: string; expected: Record<string, string> }[] = [];
            const refusedEnv: { value: string; probes: ReturnType<typeof probeFiles> }[] = [];
            const propsChecks: { file: string; expected: Record<string, string> }[] = [];
            for (const h of profiles) {
              const name = `${h.name} ${counter++}`.trim();
              const { profile } = await host.call<ProfileView>('createProfile', { name, authType: h.type });
              const secrets = h.type === 'standard' ? { password: h.password } : { clientSecret: h.clientSecret };
              const saved = await host.call<ProfileView>('saveProfile', {
                profile: profileFrom(profile.id, name, h),
                secrets,
              });
              if (h.type !== 'standard') await host.services.vault.update(profile.id, { refreshToken: h.refreshToken });
              const exportAs = (format: string) =>
                host.dispatch('exportProfiles', {
                  ids: [profile.id],
                  format,
                  secrets: { mode: 'plaintext', confirmed: true },
                });
              const json = await exportAs('json');
              if (!json.ok) throw new Error(json.error.message);
              const doc = JSON.parse(readFileSync((json.value as ExportResult).path!, 'utf8')) as ConfigDocument;
              const exported = doc.profiles[0]!;

              const env = await exportAs('dotenv');
              if (env.ok) {
                envChecks.push({ file: (env.value as ExportResult).path!, expected: expectedEnv(exported) });
                outcomes.envWritten++;
              } else {
                // The name as the renderer gets it: dispatch blanks any secret seen so far out of messages.
                expectNamedRefusal(env.error, host.services.redactor.redact(saved.profile.name), '.env');
                const value = valueAt(doc, env.error.fields![0]!.path);
                refusedEnv.push({ value, probes: probeFiles(value) });
                outcomes.envRefused++;
              }

              const props = await exportAs('properties');
              if (props.ok) {
                propsChecks.push({ file: (props.value as ExportResult).path!, expected: expectedProperties(exported) });
                outcomes.propsWritten++;
              } else {
                expectNamedRefusal(props.error, host.services.redactor.redact(saved.profile.name), '.properties');
                expect(valueAt(doc, props.error.fields![0]!.path)).toContain('${');
                outcomes.propsRefused++;
              }
              await host.call('deleteProfile', { id: profile.id });
            }

            const probeList = refusedEnv.flatMap((r) => r.probes.map((p) => p.file));
            const read = readEnvFiles([...envChecks.map((c) => c.file), ...probeList]);
            envChecks.forEach(({ file, expected }, i) => expectAllRead(read[i]!, expected, file));
            const probeRead = read.slice(envChecks.length);
            refusedEnv.forEach(({ value, probes }, i) => {
              const mine = probeRead.slice(i * probes.length, (i + 1) * probes.length);
              expect({ value, works: quotingsThatWork(probes, value, mine) }).toEqual({ value, works: [] });
            });

            if (propsChecks.length === 0) return;
            const java = readWithJavaProperties(propsChecks.map((c) => c.file));
            propsChecks.forEach(({ file, expected }, i) => {
              const text = readFileSync(file, 'utf8');
              expect(text).toMatch(/^[\x20-\x7e\n]*$/);
              const { stream, reader } = java[i]!;
              expect(reader).toEqual(stream);
              expect(stream).toMatchObject(expected);
              // Every key=value line is one property: no value spilled into another.
              expect(Object.keys(stream)).toHaveLength(text.split('\n').filter((l) => /^[a-z]/.test(l)).length);
            });
          },
        ),
        { numRuns: 8 },
      );
    } finally {
      host.cleanup();
    }
    expect(outcomes.envWritten).toBeGreaterThan(0);
    expect(outcomes.envRefused).toBeGreaterThan(0);
    expect(outcomes.propsWritten).toBeGreaterThan(0);
  }, 120_000);
});
