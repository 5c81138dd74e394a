// The OAuth protocols' account fields (Google, Office 365, generic): part of the OAuth chunk.
import {
  CLIENT_AUTH_METHODS,
  GOOGLE_CREDENTIAL_LABELS,
  GOOGLE_CREDENTIALS,
  MICROSOFT_PERMISSION_LABELS,
  MICROSOFT_PERMISSIONS,
} from '../../src-shared/profile-options';
import type { AppCredential, ClientAuthMethod } from '../../src-shared/profile';
import type { OAuthAuth } from '../../src-shared/oauth';
import { SECRET_ID_WARNING, secretLooksLikeSecretId, tenantFromUrl } from '../../src-shared/registration-checks';
import { GOOGLE_ADVICE, MICROSOFT_ADVICE } from '../../src-shared/choosing-sign-in';
import { AppCertificateFields } from './AppCertificateFields';
import type { AuthFieldsProps } from './AuthFields';
import { authFieldMakers } from './auth-field-makers';
import { SelectField } from './fields';
import { PermissionChoice } from './PermissionChoice';
import { ServiceAccountKeyField } from './ServiceAccountKeyField';

const APP_CREDENTIAL_CHOICES = [
  {
    value: 'secret',
    label: 'With a client secret',
    hint: 'A secret from Certificates & secrets › Client secrets (its Value). Expires after at most two years.',
  },
  {
    value: 'certificate',
    label: 'With a certificate',
    hint: 'The app signs each token request with a private key that stays on this computer; you upload only the certificate. Preferred by Microsoft for app-only access.',
  },
] as const satisfies readonly { value: AppCredential; label: string; hint: string }[];

const CLIENT_AUTH_LABELS: Record<ClientAuthMethod, string> = {
  client_secret_post: 'Client secret in request body (client_secret_post)',
  client_secret_basic: 'Client secret in Authorization header (client_secret_basic)',
  none: 'None (public client, PKCE only)',
};

const CREDENTIAL_HINTS = {
  user: 'You sign in once as the mailbox in your browser; the app keeps a refresh token.',
  service_account:
    'Google Workspace only: the service account key signs a request for a token as the mailbox (JWT bearer). Needs domain-wide delegation for https://mail.google.com/ in the Admin console. No consent screen, no 7-day Testing limit.',
} as const;

const PERMISSION_HINTS = {
  delegated: 'You sign in once as the mailbox in your browser; the app keeps a refresh token.',
  application:
    'The app gets its own tokens with its client secret or certificate (client credentials). Needs SMTP.SendAsApp (and IMAP.AccessAsApp or POP.AccessAsApp) with admin consent, and an Exchange mailbox permission.',
} as const;

export function OAuthAuthFields(props: AuthFieldsProps & { auth: OAuthAuth }) {
  const { auth, onChange, error } = props;
  const { text, clientSecret } = authFieldMakers(props);
  switch (auth.type) {
    case 'google': {
      const serviceAccount = auth.credential === 'service_account';
      return (
        <>
          <PermissionChoice
            value={auth.credential}
            options={GOOGLE_CREDENTIALS.map((value) => ({
              value,
              label: GOOGLE_CREDENTIAL_LABELS[value],
              hint: CREDENTIAL_HINTS[value],
            }))}
            onChange={(credential) => onChange({ ...auth, credential }, 'credential')}
            advice={GOOGLE_ADVICE}
          />
          {text('email', serviceAccount ? 'Mailbox to send as' : 'Email address', {
            type: 'email',
            required: serviceAccount,
            hint: serviceAccount
              ? 'A mailbox in the Google Workspace domain where the delegation is granted.'
              : 'The Gmail or Google Workspace mailbox that sends. Leave empty to use the account you sign in with.',
          })}
          {serviceAccount ? (
            <>
              <ServiceAccountKeyField
                account={auth.clientId}
                keyStored={props.stored.clientSecret}
                keyPending={props.secrets.clientSecret !== ''}
                error={error('clientId') ?? props.secretError('clientSecret')}
                onKey={(key) => {
                  onChange({ ...auth, clientId: key.clientEmail, keyId: key.privateKeyId }, 'clientId');
                  props.setSecret('clientSecret', key.privateKey);
                }}
              />
              {auth.clientId ? (
                <p className="field-hint field-wide">
                  Service account: <code>{auth.clientId}</code>
                  {auth.keyId ? (
                    <>
                      {' '}
                      (key <code>{auth.keyId}</code>)
                    </>
                  ) : null}
                </p>
              ) : null}
            </>
          ) : (
            <>
              {text('clientId', 'Client ID', {
                required: true,
                wide: true,
                placeholder: '1234567890-abc.apps.googleusercontent.com',
              })}
              {clientSecret(false)}
            </>
          )}
        </>
      );
    }
    case 'microsoft': {
      const appOnly = auth.permission === 'application';
      return (
        <>
          <PermissionChoice
            value={auth.permission}
            options={MICROSOFT_PERMISSIONS.map((value) => ({
              value,
              label: MICROSOFT_PERMISSION_LABELS[value],
              hint: PERMISSION_HINTS[value],
            }))}
            onChange={(permission) => onChange({ ...auth, permission }, 'permission')}
            advice={MICROSOFT_ADVICE}
          />
          {text('email', appOnly ? 'Mailbox address' : 'Email address', {
            type: 'email',
            required: appOnly,
            hint: appOnly
              ? 'Required: nobody signs in, so the app sends as this mailbox. An Exchange admin gives the app permission on it.'
              : 'The Microsoft 365 mailbox that sends. Leave empty to use the account you sign in with.',
          })}
          {text('clientId', 'Client ID', { required: true, placeholder: 'Application (client) ID, a GUID' })}
          {text('tenant', 'Tenant ID', {
            required: true,
            hint: tenantFromUrl(auth.tenant)
              ? `That is a URL. The tenant in it is ${tenantFromUrl(auth.tenant)}: paste just that.`
              : appOnly
                ? 'Directory (tenant) ID or a verified domain such as contoso.com: the tenant where admin consent was granted.'
                : 'Directory (tenant) ID, a verified domain such as contoso.com, or "organizations".',
          })}
          {appOnly ? (
            <PermissionChoice
              legend="How the app proves itself"
              value={auth.appCredential}
              options={APP_CREDENTIAL_CHOICES}
              onChange={(appCredential) => onChange({ ...auth, appCredential }, 'appCredential')}
            />
          ) : null}
          {appOnly && auth.appCredential === 'certificate' ? (
            <AppCertificateFields
              profileId={props.profileId}
              profileName={props.profileName}
              thumbprint={auth.certificateThumbprint}
              error={error('certificateThumbprint')}
              onGenerated={(c) => onChange({ ...auth, certificateThumbprint: c.thumbprint }, 'certificateThumbprint')}
            />
          ) : (
            clientSecret(
              !appOnly,
              appOnly
                ? undefined
                : 'Leave empty for a public client (platform "Mobile and desktop applications" with the loopback redirect URI below, as RFC 8252 recommends for a desktop app). Needed only when the redirect URI is registered under the Web platform.',
            )
          )}
          {secretLooksLikeSecretId(props.secrets.clientSecret) ? (
            <p className="field-hint field-warning" role="note">
              {SECRET_ID_WARNING}
            </p>
          ) : null}
        </>
      );
    }
    case 'generic':
      return (
        <>
          {text('email', 'Email address', { type: 'email', hint: 'Leave empty to use the account you sign in with.' })}
          {text('issuer', 'Issuer', {
            type: 'url',
            wide: true,
            hint: "The endpoints below are discovered from the issuer's metadata. Leave empty to enter them yourself.",
          })}
          {text('authorizationEndpoint', 'Authorization endpoint', { type: 'url', wide: true })}
          {text('tokenEndpoint', 'Token endpoint', { type: 'url', wide: true })}
          {text('deviceAuthorizationEndpoint', 'Device authorization endpoint', {
            type: 'url',
            wide: true,
            hint: 'For "Sign in with a code" (RFC 8628), when the issuer\'s metadata names none. Usually …/device_authorization or …/devicecode.',
          })}
          {text('clientId', 'Client ID', { required: true })}
          {clientSecret(true)}
          {text('scope', 'Scope', { required: true, wide: true, placeholder: 'openid email offline_access smtp' })}
          <SelectField<ClientAuthMethod>
            label="Client authentication"
            value={auth.clientAuthMethod}
            options={CLIENT_AUTH_METHODS.map((m) => ({ value: m, label: CLIENT_AUTH_LABELS[m] }))}
            onChange={(clientAuthMethod) => onChange({ ...auth, clientAuthMethod })}
          />
        </>
      );
  }
}
