// The registration assistant's content, computed from a profile: the numbered steps an admin
// follows in Entra ID or Google Cloud, with the exact redirect URI, the permissions this profile
// needs (its incoming protocol decides IMAP or POP), and command lines with the profile's values
// quoted in (shell-quote.ts). Pure data, so the renderer shows it and tests check it alike.
import { GOOGLE, redirectUriFor } from './oauth';
import type { Profile } from './profile';
import { type ChecklistStepId } from './checklist-steps';
import { googleServiceAccountGuide, microsoftAppOnlyGuide } from './registration-guide-app-only';
import { psQuote, shQuote } from './shell-quote';

export interface GuideCommand {
  /** Where it runs: the admin picks the one they have. */
  shell: 'Azure CLI (bash)' | 'Exchange Online PowerShell' | 'gcloud (bash)';
  purpose: string;
  text: string;
}

export interface GuideStep {
  /** Stable id, kept in the profile's checklist (health.checklist). */
  id: ChecklistStepId;
  title: string;
  /** Sentences, in order. */
  details: string[];
  commands: GuideCommand[];
}

export interface RegistrationGuide {
  portal: { name: string; url: string };
  steps: GuideStep[];
}

/** Microsoft Graph's application id: the delegated mail permissions are listed under it. */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export function registrationGuide(profile: Pick<Profile, 'name' | 'auth' | 'incoming'>): RegistrationGuide | null {
  if (profile.auth.type === 'microsoft')
    return profile.auth.permission === 'application' ? microsoftAppOnlyGuide(profile) : microsoftGuide(profile);
  if (profile.auth.type === 'google')
    return profile.auth.credential === 'service_account' ? googleServiceAccountGuide(profile) : googleGuide(profile);
  return null; // a generic provider's console is its own: the form's hints cover it
}

function mailboxOrPlaceholder(email: string): string {
  return email || 'helpdesk@contoso.com';
}

function microsoftGuide(profile: Pick<Profile, 'name' | 'auth' | 'incoming'>): RegistrationGuide {
  const auth = profile.auth as Extract<Profile['auth'], { type: 'microsoft' }>;
  const redirect = redirectUriFor('microsoft', auth.redirectPort);
  const clientId = auth.clientId || '<application (client) id>';
  const mailbox = mailboxOrPlaceholder(auth.email);
  const incoming = profile.incoming?.protocol;
  const permissions = [
    'SMTP.Send',
    ...(incoming === 'imap' ? ['IMAP.AccessAsUser.All'] : []),
    ...(incoming === 'pop3' ? ['POP.AccessAsUser.All'] : []),
    'offline_access',
    'openid',
    'email',
  ];
  const displayName = `Mail Preferences - ${profile.name}`;
  return {
    portal: {
      name: 'Microsoft Entra admin center',
      url: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps',
    },
    steps: [
      {
        id: 'ms-register',
        title: 'Register the app',
        details: [
          'App registrations › New registration. Supported account types: this organizational directory only.',
          `Redirect URI: platform "Mobile and desktop applications", URI ${redirect}${
            auth.redirectPort
              ? ''
              : ' (the port is left out: Entra ID accepts any port for a loopback address on this platform)'
          }.`,
          'A "Web" platform needs the exact URI with its port: set "Fixed redirect port" first if you must use Web.',
          'Copy the Application (client) ID into "Client ID" and the Directory (tenant) ID into "Tenant ID".',
        ],
        commands: [
          {
            shell: 'Azure CLI (bash)',
            purpose: 'Create the registration and print its client id',
            text: `az ad app create --display-name ${shQuote(displayName)} --sign-in-audience AzureADMyOrg --public-client-redirect-uris ${shQuote(redirect)} --query appId -o tsv`,
          },
        ],
      },
      {
        id: 'ms-permissions',
        title: 'Add the mail permissions',
        details: [
          `API permissions › Add a permission › Microsoft Graph › Delegated: ${permissions.join(', ')}.`,
          'Do not add other Graph permissions to this app: SMTP refuses a token meant for Graph (535 5.7.3).',
        ],
        commands: [
          {
            shell: 'Azure CLI (bash)',
            purpose: 'Look up each permission by name and add it',
            text: [
              `for p in ${permissions.map(shQuote).join(' ')}; do`,
              `  id=$(az ad sp show --id ${GRAPH_APP_ID} --query "oauth2PermissionScopes[?value=='$p'].id" -o tsv)`,
              `  az ad app permission add --id ${shQuote(clientId)} --api ${GRAPH_APP_ID} --api-permissions "$id=Scope"`,
              'done',
            ].join('\n'),
          },
        ],
      },
      {
        id: 'ms-consent',
        title: 'Grant admin consent (if users may not consent)',
        details: [
          'Where the tenant does not let users consent to apps, an admin must: API permissions › Grant admin consent. Without it sign-in stops with AADSTS65001 or AADSTS90094.',
        ],
        commands: [
          {
            shell: 'Azure CLI (bash)',
            purpose: 'Grant consent for the whole tenant',
            text: `az ad app permission admin-consent --id ${shQuote(clientId)}`,
          },
        ],
      },
      {
        id: 'ms-device-code',
        title: 'Allow public client flows (only for "Sign in with a code")',
        details: [
          'Authentication › Advanced settings › "Allow public client flows" = Yes. Needed for "Sign in with a code" here and for "mailprefs authorize --device" on a server; without it Microsoft answers unauthorized_client (AADSTS7000218).',
          'Skip this step if the mailbox is only ever authorized in the browser on this computer.',
        ],
        commands: [
          {
            shell: 'Azure CLI (bash)',
            purpose: 'Turn on public client flows for the registration',
            text: `az ad app update --id ${shQuote(clientId)} --is-fallback-public-client true`,
          },
        ],
      },
      {
        id: 'ms-secret',
        title: 'Create a client secret (only for a Web platform)',
        details: [
          'Skip this step for a public client: the "Mobile and desktop applications" platform above needs no secret, and the "Client secret" field stays empty.',
          'Certificates & secrets › New client secret. Copy its Value (shown once), not the Secret ID, into "Client secret".',
          'Enter its expiry date in Token health so the app warns 30 days before.',
        ],
        commands: [
          {
            shell: 'Azure CLI (bash)',
            purpose: 'Add a secret valid for one year (keeps existing ones) and print its value',
            text: `az ad app credential reset --id ${shQuote(clientId)} --append --display-name 'Mail Preferences' --years 1 --query password -o tsv`,
          },
        ],
      },
      {
        id: 'ms-mailbox',
        title: 'Allow the mailbox to authenticate',
        details: [
          'Authenticated SMTP must be on for the mailbox (it overrides the tenant default; without it: 535 5.7.139).',
          ...(incoming ? [`${incoming === 'imap' ? 'IMAP' : 'POP'} must be enabled for the mailbox.`] : []),
          'Security Defaults do not block OAuth: they block basic authentication only.',
        ],
        commands: [
          {
            shell: 'Exchange Online PowerShell',
            purpose: 'Turn on authenticated SMTP for this mailbox',
            text: [
              'Connect-ExchangeOnline',
              `Set-CASMailbox -Identity ${psQuote(mailbox)} -SmtpClientAuthenticationDisabled $false${
                incoming === 'imap' ? ' -ImapEnabled $true' : incoming === 'pop3' ? ' -PopEnabled $true' : ''
              }`,
            ].join('\n'),
          },
        ],
      },
    ],
  };
}

function googleGuide(profile: Pick<Profile, 'name' | 'auth' | 'incoming'>): RegistrationGuide {
  const auth = profile.auth as Extract<Profile['auth'], { type: 'google' }>;
  const redirect = redirectUriFor('google', auth.redirectPort);
  const mailbox = mailboxOrPlaceholder(auth.email);
  const incoming = profile.incoming?.protocol;
  const projectId = projectIdFrom(profile.name);
  return {
    portal: { name: 'Google Cloud console', url: 'https://console.cloud.google.com/auth/overview' },
    steps: [
      {
        id: 'g-project',
        title: 'Pick or create a project',
        details: ['Use a project your organization owns, and enable the Gmail API in it.'],
        commands: [
          {
            shell: 'gcloud (bash)',
            purpose: 'Create a project for the registration and enable the Gmail API',
            text: [
              `gcloud projects create ${shQuote(projectId)} --name=${shQuote(`Mail Preferences ${profile.name}`.slice(0, 30))}`,
              `gcloud services enable gmail.googleapis.com --project=${shQuote(projectId)}`,
            ].join('\n'),
          },
        ],
      },
      {
        id: 'g-consent-screen',
        title: 'Set up the consent screen',
        details: [
          'Google Auth Platform › Audience: "Internal" for a Workspace mailbox (no 7-day limit). With "External" in Testing, add the mailbox as a test user and tick "The Google app is in Testing" below: its refresh tokens die 7 days after consent.',
          `Data access › Add scopes: ${GOOGLE.mailScope}, openid, email.`,
        ],
        commands: [],
      },
      {
        id: 'g-client',
        title: 'Create a Desktop app client',
        details: [
          'Clients › Create client › Application type "Desktop app". Copy the Client ID and Client secret into the form.',
          `Nothing to register for the redirect: Desktop clients accept any loopback port, so ${redirect} works as shown. A "Web application" client gives redirect_uri_mismatch.`,
          'No gcloud command creates a Desktop OAuth client: use the console.',
        ],
        commands: [],
      },
      {
        id: 'g-mailbox',
        title: 'Check the mailbox',
        details: [
          `Sign in as ${mailbox} when the app opens the browser.`,
          ...(incoming
            ? [
                `${incoming === 'imap' ? 'IMAP' : 'POP'} access must be allowed for the user (Gmail settings, or the Workspace admin console).`,
              ]
            : []),
          'Workspace admins who restrict third-party apps must trust this client (Security › API controls), or sign-in ends with admin_policy_enforced.',
        ],
        commands: [],
      },
    ],
  };
}

/** A valid Google project id (6–30 of a-z, 0-9, '-', starting with a letter) from the profile name. */
function projectIdFrom(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `mailprefs-${slug}`.slice(0, 30).replace(/-+$/, '');
}
