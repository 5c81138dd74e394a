// The registration assistant for an Office 365 app-only profile (application permission, no
// sign-in): register the app without a redirect URI, add the Office 365 Exchange Online
// application permissions this profile uses, grant admin consent, create a client secret, then
// register the app in Exchange (New-ServicePrincipal) and give it the mailbox
// (Add-MailboxPermission). Each command has the profile's values quoted in (shell-quote.ts).
// Also the Google Workspace service account: create it, create a key, grant domain-wide delegation.
import type { Profile } from './profile';
import type { GuideStep, RegistrationGuide } from './registration-guide';
import { psQuote, shQuote } from './shell-quote';

/** Office 365 Exchange Online's application id: SMTP.SendAsApp and the others are its app roles. */
export const EXCHANGE_ONLINE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

type MicrosoftAuth = Extract<Profile['auth'], { type: 'microsoft' }>;

/** The application permissions an app-only profile needs: sending, plus its incoming protocol. */
export function appOnlyPermissions(incoming: 'imap' | 'pop3' | undefined): string[] {
  return [
    'SMTP.SendAsApp',
    ...(incoming === 'imap' ? ['IMAP.AccessAsApp'] : []),
    ...(incoming === 'pop3' ? ['POP.AccessAsApp'] : []),
  ];
}

export function microsoftAppOnlyGuide(profile: Pick<Profile, 'name' | 'auth' | 'incoming'>): RegistrationGuide {
  const auth = profile.auth as MicrosoftAuth;
  const clientId = auth.clientId || '<application (client) id>';
  const mailbox = auth.email || 'helpdesk@contoso.com';
  const incoming = profile.incoming?.protocol;
  const permissions = appOnlyPermissions(incoming);
  const displayName = `Mail Preferences - ${profile.name}`;
  const steps: GuideStep[] = [
    {
      id: 'ms-register',
      title: 'Register the app',
      details: [
        'App registrations › New registration. Supported account types: this organizational directory only. No redirect URI: nobody signs in.',
        'Copy the Application (client) ID into "Client ID" and the Directory (tenant) ID into "Tenant ID".',
      ],
      commands: [
        {
          shell: 'Azure CLI (bash)',
          purpose: 'Create the registration and print its client id',
          text: `az ad app create --display-name ${shQuote(displayName)} --sign-in-audience AzureADMyOrg --query appId -o tsv`,
        },
      ],
    },
    {
      id: 'ms-app-permissions',
      title: 'Add the application permissions',
      details: [
        `API permissions › Add a permission › APIs my organization uses › Office 365 Exchange Online › Application permissions: ${permissions.join(', ')}.`,
        'Not Microsoft Graph, and not delegated permissions: the app asks for https://outlook.office365.com/.default, which carries exactly the application permissions consented here.',
      ],
      commands: [
        {
          shell: 'Azure CLI (bash)',
          purpose: 'Look up each application permission (an app role) by name and add it',
          text: [
            `for p in ${permissions.map(shQuote).join(' ')}; do`,
            `  id=$(az ad sp show --id ${EXCHANGE_ONLINE_APP_ID} --query "appRoles[?value=='$p'].id" -o tsv)`,
            `  az ad app permission add --id ${shQuote(clientId)} --api ${EXCHANGE_ONLINE_APP_ID} --api-permissions "$id=Role"`,
            'done',
          ].join('\n'),
        },
      ],
    },
    {
      id: 'ms-consent',
      title: 'Grant admin consent (required)',
      details: [
        'Application permissions always need an administrator: API permissions › Grant admin consent for the tenant (a Global or Privileged Role Administrator). Without it Microsoft issues no token (AADSTS65001 / AADSTS90094).',
      ],
      commands: [
        {
          shell: 'Azure CLI (bash)',
          purpose: 'Grant consent for the whole tenant',
          text: `az ad app permission admin-consent --id ${shQuote(clientId)}`,
        },
      ],
    },
    auth.appCredential === 'certificate'
      ? {
          // The same checklist step: it is the app's credential either way.
          id: 'ms-secret',
          title: 'Upload the certificate',
          details: [
            'Press "Generate certificate" above, then "Save certificate file…". In the app registration: Certificates & secrets › Certificates › Upload certificate, and choose that file. The thumbprint Entra ID shows must equal the one here; a certificate it does not hold is refused with AADSTS700027.',
            'The private key never leaves this computer (except inside a sealed export). The certificate is valid for two years: generate and upload a new one before then.',
            'A certificate your organisation already issued: "Import certificate…" takes its .pfx/.p12 (exported with the private key; you are asked for its password) or PEM files, and the certificate already in the app registration stays as it is.',
          ],
          commands: [
            {
              shell: 'Azure CLI (bash)',
              purpose: 'Upload the saved certificate file (keeps existing credentials)',
              text: `az ad app credential reset --id ${shQuote(clientId)} --append --cert @mail-preferences-certificate.cer`,
            },
          ],
        }
      : {
          id: 'ms-secret',
          title: 'Create a client secret',
          details: [
            'Certificates & secrets › New client secret. Copy its Value (shown once), not the Secret ID, into "Client secret". A wrong or expired one is refused with AADSTS7000215 / AADSTS7000222.',
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
      id: 'ms-service-principal',
      title: 'Register the app in Exchange and give it the mailbox',
      details: [
        'Exchange Online checks an app-only token against its own list: the app needs an Exchange service principal, and that principal needs permission on this mailbox. Without them the login fails with 535 5.7.3 Authentication unsuccessful.',
        'Use the Object ID of the Enterprise application (Entra ID › Enterprise applications › this app › Overview), not the one on the App registration page.',
        'Changes can take up to 30 minutes to apply.',
      ],
      commands: [
        {
          shell: 'Azure CLI (bash)',
          purpose: "Print the Enterprise application's Object ID",
          text: `az ad sp show --id ${shQuote(clientId)} --query id -o tsv`,
        },
        {
          shell: 'Exchange Online PowerShell',
          purpose: 'Register the service principal and give it this mailbox',
          text: [
            'Connect-ExchangeOnline',
            `$objectId = ${psQuote('<Object ID of the Enterprise application>')}`,
            `New-ServicePrincipal -AppId ${psQuote(clientId)} -ObjectId $objectId -DisplayName ${psQuote(displayName)}`,
            `Add-MailboxPermission -Identity ${psQuote(mailbox)} -User $objectId -AccessRights FullAccess`,
          ].join('\n'),
        },
      ],
    },
    {
      id: 'ms-mailbox',
      title: 'Allow the mailbox to authenticate',
      details: [
        'Authenticated SMTP must be on for the mailbox (without it: 535 5.7.139).',
        ...(incoming ? [`${incoming === 'imap' ? 'IMAP' : 'POP'} must be enabled for the mailbox.`] : []),
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
  ];
  return {
    portal: {
      name: 'Microsoft Entra admin center',
      url: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps',
    },
    steps,
  };
}

type GoogleAuth = Extract<Profile['auth'], { type: 'google' }>;

export function googleServiceAccountGuide(profile: Pick<Profile, 'name' | 'auth' | 'incoming'>): RegistrationGuide {
  const auth = profile.auth as GoogleAuth;
  const account = auth.clientId || 'mail-sender@<project>.iam.gserviceaccount.com';
  const name = account.split('@')[0] ?? 'mail-sender';
  return {
    portal: { name: 'Google Cloud console', url: 'https://console.cloud.google.com/iam-admin/serviceaccounts' },
    steps: [
      {
        id: 'g-service-account',
        title: 'Create the service account',
        details: [
          'IAM & Admin › Service accounts › Create service account, in a project of your Workspace organisation. It needs no roles in the project.',
        ],
        commands: [
          {
            shell: 'gcloud (bash)',
            purpose: 'Create it',
            text: `gcloud iam service-accounts create ${shQuote(name)} --display-name ${shQuote(`Mail Preferences - ${profile.name}`)}`,
          },
        ],
      },
      {
        id: 'g-sa-key',
        title: 'Create a key and import it here',
        details: [
          'The service account › Keys › Add key › Create new key › JSON. Paste the file into "Service account key (JSON)"; only its private key is kept, encrypted. Delete the downloaded file afterwards.',
          'If the organisation policy "Disable service account key creation" is on, an organisation admin must allow it for this project.',
        ],
        commands: [
          {
            shell: 'gcloud (bash)',
            purpose: 'Create a JSON key',
            text: `gcloud iam service-accounts keys create key.json --iam-account ${shQuote(account)}`,
          },
        ],
      },
      {
        id: 'g-delegation',
        title: 'Grant domain-wide delegation',
        details: [
          'Google Admin console (admin.google.com) › Security › Access and data control › API controls › Manage Domain Wide Delegation › Add new.',
          'Client ID: the service account\'s numeric Unique ID ("client_id" in the key file). OAuth scopes: https://mail.google.com/',
          `The mailbox to send as (${auth.email || 'a user of the domain'}) must be a user of this Workspace domain; allow a few minutes for the delegation to apply.`,
        ],
        commands: [],
      },
    ],
  };
}
