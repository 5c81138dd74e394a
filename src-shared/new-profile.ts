// Starting values for a new profile and for switching a profile's authorization protocol.
// Pure functions: the renderer uses them for the form, main for createProfile.
import { NO_SIGNATURE } from './delivery-limits';
import { presetForAuthType, serverFromPreset } from './presets';
import { NO_HEALTH_SETTINGS } from './profile-options';
import type { AuthSettings, AuthType, Profile, ServerSettings } from './profile';

export function defaultAuth(type: AuthType, email = ''): AuthSettings {
  switch (type) {
    case 'standard':
      return { type, useAuthentication: true, username: email };
    case 'google':
      return { type, email, clientId: '', redirectPort: null, credential: 'user', keyId: '' };
    case 'microsoft':
      return {
        type,
        email,
        clientId: '',
        tenant: 'organizations',
        redirectPort: null,
        permission: 'delegated',
        appCredential: 'secret',
        certificateThumbprint: '',
      };
    case 'generic':
      return {
        type,
        email,
        clientId: '',
        issuer: '',
        authorizationEndpoint: '',
        tokenEndpoint: '',
        deviceAuthorizationEndpoint: '',
        scope: '',
        clientAuthMethod: 'client_secret_post',
        redirectPort: null,
      };
  }
}

const BLANK_SMTP: ServerSettings = { host: '', port: 587, security: 'starttls', validateCertificate: true };

export function defaultOutgoing(type: AuthType): ServerSettings {
  const preset = presetForAuthType(type)?.servers.smtp;
  return preset ? serverFromPreset(preset) : { ...BLANK_SMTP };
}

export function newProfile(id: string, name: string, type: AuthType): Profile {
  return {
    id,
    name,
    description: '',
    active: true,
    auth: defaultAuth(type),
    outgoing: defaultOutgoing(type),
    incoming: null,
    alternateOutgoing: null,
    sender: { fromAddress: '', displayName: '', replyTo: '' },
    signature: { ...NO_SIGNATURE },
    senders: [],
    receivers: [],
    health: { ...NO_HEALTH_SETTINGS },
  };
}

/** The address the account authenticates as, whatever the protocol. */
export function accountAddress(auth: AuthSettings): string {
  return auth.type === 'standard' ? auth.username : auth.email;
}

/**
 * Switch protocols, keeping what carries over (the account address), and moving the SMTP server
 * to the provider's preset when the admin had not typed a custom one.
 */
export function switchAuthType(profile: Profile, type: AuthType): Profile {
  if (profile.auth.type === type) return profile;
  const previousPreset = presetForAuthType(profile.auth.type)?.servers.smtp;
  const serverUntouched =
    profile.outgoing.host === '' || (previousPreset !== undefined && profile.outgoing.host === previousPreset.host);
  return {
    ...profile,
    auth: defaultAuth(type, accountAddress(profile.auth)),
    outgoing: serverUntouched ? defaultOutgoing(type) : profile.outgoing,
  };
}
