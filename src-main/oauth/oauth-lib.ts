// oauth4webapi, loaded when the first OAuth operation needs it rather than at start-up: most
// starts never refresh, authorize or revoke anything.
import type * as OAuth from 'oauth4webapi';

export type OAuthLib = typeof OAuth;

let loading: Promise<OAuthLib> | undefined;

export function loadOAuth(): Promise<OAuthLib> {
  loading ??= import('oauth4webapi');
  return loading;
}
