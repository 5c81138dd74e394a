// The registration assistant's content follows the profile: redirect URI, permissions for its
// incoming protocol, and command lines whose arguments are exactly the profile's values, checked by
// running the generated bash through the system's sh with `az` and `gcloud` replaced by a printer.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newProfile } from '../../src-shared/new-profile';
import { redirectUriFor, scopesFor } from '../../src-shared/oauth';
import type { Profile } from '../../src-shared/profile';
import { registrationGuide } from '../../src-shared/registration-guide';
import { psQuote } from '../../src-shared/shell-quote';
import { createTestHost } from '../support/main-host';

const ID = '2b7c1f0e-9a4d-4e3b-8c5a-6d7e8f9a0b1c';

function microsoft(
  overrides: Partial<Extract<Profile['auth'], { type: 'microsoft' }>> = {},
  incoming?: 'imap' | 'pop3',
) {
  const p = newProfile(ID, 'Help desk', 'microsoft');
  return {
    ...p,
    auth: {
      ...(p.auth as Extract<Profile['auth'], { type: 'microsoft' }>),
      clientId: 'app-123',
      tenant: 'contoso.com',
      email: 'helpdesk@contoso.com',
      ...overrides,
    },
    incoming: incoming
      ? {
          host: 'outlook.office365.com',
          port: 993,
          security: 'tls' as const,
          validateCertificate: true,
          protocol: incoming,
          folder: 'INBOX',
          fetchIntervalMinutes: 5,
        }
      : null,
  };
}

/** Runs bash text with az/gcloud printing their arguments, NUL-separated, one call per line. */
function argumentsOf(script: string): string[][] {
  const r = spawnSync(
    'sh',
    [
      '-c',
      `az() { printf '%s\\0' az "$@"; printf '\\n'; }\ngcloud() { printf '%s\\0' gcloud "$@"; printf '\\n'; }\n${script}`,
    ],
    {
      encoding: 'utf8',
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\0').slice(0, -1));
}

function step(guide: ReturnType<typeof registrationGuide>, id: string) {
  const found = guide?.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

describe('registration guide', () => {
  it('Microsoft: the redirect URI the Authorization panel shows, and the app created with it', () => {
    for (const port of [null, 53682]) {
      const profile = microsoft({ redirectPort: port });
      const register = step(registrationGuide(profile), 'ms-register');
      const redirect = redirectUriFor('microsoft', port);
      expect(register.details.join(' ')).toContain(`URI ${redirect}`);
      expect(register.details.join(' ')).toContain('Mobile and desktop applications');
      const [create] = argumentsOf(register.commands[0]!.text);
      expect(create).toEqual([
        'az',
        'ad',
        'app',
        'create',
        '--display-name',
        'Mail Preferences - Help desk',
        '--sign-in-audience',
        'AzureADMyOrg',
        '--public-client-redirect-uris',
        redirect,
        '--query',
        'appId',
        '-o',
        'tsv',
      ]);
    }
  });

  it('Microsoft: the permissions are the scopes the app requests for this profile, IMAP or POP as configured', () => {
    for (const incoming of [undefined, 'imap', 'pop3'] as const) {
      const profile = microsoft({}, incoming);
      const permissions = step(registrationGuide(profile), 'ms-permissions');
      // Each Outlook scope the app asks for appears by its permission name, and no other mail one.
      const asked = scopesFor(profile)
        .filter((s) => s.startsWith('https://outlook.office.com/'))
        .map((s) => s.split('/').pop()!);
      const listed = permissions.details[0]!.match(/Delegated: (.*)\.$/)![1]!.split(', ');
      expect(listed.filter((p) => p.includes('.'))).toEqual(asked);
      for (const p of ['offline_access', 'openid', 'email']) expect(listed).toContain(p);
      const mailbox = step(registrationGuide(profile), 'ms-mailbox').commands[0]!.text;
      expect(mailbox).toContain("-Identity 'helpdesk@contoso.com' -SmtpClientAuthenticationDisabled $false");
      expect(mailbox.includes('-ImapEnabled $true')).toBe(incoming === 'imap');
      expect(mailbox.includes('-PopEnabled $true')).toBe(incoming === 'pop3');
    }
  });

  it('any profile name and client id reach az and gcloud as one literal argument each (nothing runs)', () => {
    const printable = fc.string({
      minLength: 1,
      maxLength: 40,
      unit: fc.constantFrom(...`ab $\`'"\\;|&()<>*?!#~%{}é-`.split('')),
    });
    fc.assert(
      fc.property(printable, printable, (name, clientId) => {
        const marker = `/tmp/mailprefs-guide-${randomBytes(4).toString('hex')}`;
        const profile = { ...microsoft({ clientId: `${clientId}$(touch ${marker})` }), name };
        const guide = registrationGuide(profile)!;
        const [create] = argumentsOf(step(guide, 'ms-register').commands[0]!.text);
        expect(create![5]).toBe(`Mail Preferences - ${name}`);
        const [device] = argumentsOf(step(guide, 'ms-device-code').commands[0]!.text);
        expect(device).toEqual([
          'az',
          'ad',
          'app',
          'update',
          '--id',
          profile.auth.clientId,
          '--is-fallback-public-client',
          'true',
        ]);
        const [consent] = argumentsOf(step(guide, 'ms-consent').commands[0]!.text);
        expect(consent).toEqual(['az', 'ad', 'app', 'permission', 'admin-consent', '--id', profile.auth.clientId]);
        const adds = argumentsOf(step(guide, 'ms-permissions').commands[0]!.text).filter((a) => a[3] === 'permission');
        expect(adds.length).toBe(4); // SMTP.Send, offline_access, openid, email
        for (const add of adds) expect(add.slice(4, 7)).toEqual(['add', '--id', profile.auth.clientId]);
        const g = registrationGuide({ ...newProfile(ID, name, 'google'), incoming: null })!;
        const [project] = argumentsOf(step(g, 'g-project').commands[0]!.text);
        expect(project![3]).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/); // a valid Google project id
        expect(spawnSync('test', ['-e', marker]).status).toBe(1); // the $(touch) never ran
      }),
      { numRuns: 60 },
    );
  });

  it('PowerShell quoting keeps any value literal: every quote character doubled inside single quotes', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...`a'‘’‚‛"$\`@ `.split('')) }), (value) => {
        const quoted = psQuote(value);
        expect(quoted.startsWith("'") && quoted.endsWith("'")).toBe(true);
        // Reading it back the way PowerShell does: a doubled quote character is one literal quote.
        const inner = quoted.slice(1, -1);
        expect(inner.replace(/(['‘’‚‛])\1/g, '')).not.toMatch(/['‘’‚‛]/);
        expect(inner.replace(/(['‘’‚‛])\1/g, '$1')).toBe(value);
      }),
    );
  });

  it('Microsoft app-only: application permissions for the protocols used, admin consent, and the Exchange service principal with the mailbox', () => {
    for (const incoming of [undefined, 'imap', 'pop3'] as const) {
      const profile = microsoft({ permission: 'application' }, incoming);
      const guide = registrationGuide(profile)!;
      expect(guide.steps.map((s) => s.id)).toEqual([
        'ms-register',
        'ms-app-permissions',
        'ms-consent',
        'ms-secret',
        'ms-service-principal',
        'ms-mailbox',
      ]);
      // No redirect URI: nobody signs in.
      expect(step(guide, 'ms-register').commands[0]!.text).not.toContain('redirect');
      const permissions = step(guide, 'ms-app-permissions');
      const listed = permissions.details[0]!.match(/Application permissions: (.*)\.$/)![1]!.split(', ');
      expect(listed).toEqual([
        'SMTP.SendAsApp',
        ...(incoming === 'imap' ? ['IMAP.AccessAsApp'] : []),
        ...(incoming === 'pop3' ? ['POP.AccessAsApp'] : []),
      ]);
      // The loop adds each one as an app role of Office 365 Exchange Online, with the profile's client id.
      const calls = argumentsOf(permissions.commands[0]!.text);
      expect(calls.filter((c) => c[3] === 'permission').map((c) => c.slice(0, 7))).toEqual(
        listed.map(() => ['az', 'ad', 'app', 'permission', 'add', '--id', 'app-123']),
      );
      const exchange = step(guide, 'ms-service-principal').commands[1]!.text;
      expect(exchange).toContain("New-ServicePrincipal -AppId 'app-123' -ObjectId $objectId");
      expect(exchange).toContain(
        "Add-MailboxPermission -Identity 'helpdesk@contoso.com' -User $objectId -AccessRights FullAccess",
      );
      expect(step(guide, 'ms-service-principal').details.join(' ')).toMatch(/535 5\.7\.3/);
    }
  });

  it('Google service account: create it, a JSON key imported here, domain-wide delegation for the mail scope', () => {
    const auth = {
      ...(newProfile(ID, 'Workspace relay', 'google').auth as Extract<Profile['auth'], { type: 'google' }>),
      credential: 'service_account' as const,
      clientId: 'mail-sender@proj-1.iam.gserviceaccount.com',
      email: 'alerts@example.com',
    };
    const guide = registrationGuide({ name: 'Workspace relay', auth, incoming: null })!;
    expect(guide.portal.url).toContain('serviceaccounts');
    expect(guide.steps.map((s) => s.id)).toEqual(['g-service-account', 'g-sa-key', 'g-delegation']);
    const [create] = argumentsOf(step(guide, 'g-service-account').commands[0]!.text);
    expect(create!.slice(0, 5)).toEqual(['gcloud', 'iam', 'service-accounts', 'create', 'mail-sender']);
    const [key] = argumentsOf(step(guide, 'g-sa-key').commands[0]!.text);
    expect(key).toContain('mail-sender@proj-1.iam.gserviceaccount.com');
    const delegation = step(guide, 'g-delegation').details.join(' ');
    expect(delegation).toContain('Manage Domain Wide Delegation');
    expect(delegation).toContain('https://mail.google.com/');
    expect(delegation).toContain('alerts@example.com');
  });

  it('Microsoft app-only: a hostile mailbox or client id stays one literal PowerShell argument', () => {
    const profile = microsoft({ permission: 'application', clientId: "x'; Remove-Item C:\\ -Recurse; '" });
    const exchange = step(registrationGuide(profile), 'ms-service-principal').commands[1]!.text;
    expect(exchange).toContain(`-AppId ${psQuote(profile.auth.clientId)} `);
    expect(exchange).not.toMatch(/-AppId 'x'; Remove-Item/);
  });

  it('generic providers get no assistant (their console is their own)', () => {
    expect(registrationGuide(newProfile(ID, 'x', 'generic'))).toBeNull();
  });

  it('the checklist is saved with the profile and survives a restart; unknown or repeated ids are refused', async () => {
    const host = createTestHost({ key: Buffer.alloc(32, 7) });
    const { profile } = await host.call<{ profile: Profile }>('createProfile', { name: 'M', authType: 'microsoft' });
    const saved = {
      ...microsoft(),
      id: profile.id,
      health: { ...profile.health, checklist: ['ms-register', 'ms-consent'] },
    };
    await host.call('saveProfile', { profile: saved, secrets: { clientSecret: 'secret-value-1' } });
    const again = createTestHost({ dataDirectory: host.dataDirectory, key: Buffer.alloc(32, 7) });
    const [view] = await again.call<{ profile: Profile }[]>('listProfiles');
    expect(view!.profile.health.checklist).toEqual(['ms-register', 'ms-consent']);
    for (const checklist of [['constructor'], ['ms-register', 'ms-register']]) {
      const r = await again.dispatch('saveProfile', { profile: { ...saved, health: { ...saved.health, checklist } } });
      expect(r.ok).toBe(false);
    }
    host.cleanup();
  });
});
