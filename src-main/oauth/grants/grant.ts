// One interface per kind of grant, so the flow coordinator (authorization-flows.ts), the token
// service and the UI treat them alike, and a grant added later is one new module plus a row in
// grants/index.ts. Interactive grants (a person signs in): start() returns a session whose
// `outcome` completes the grant (a callback, or polling) and whose cancel() frees what it holds.
// App-only grants (no person): mint() gets an access token from the app's own credential.
import type { AuthorizationOutcome } from '../../../src-shared/ipc';
import type { AuthorizationStart, OAuthAuth } from '../../../src-shared/oauth';
import type { Logger } from '../../logging/logger';
import type { CancelSignal, Ticket } from '../../profiles/operation-guard';
import type { TokenEndpointProvider } from '../refresh-grant';
import type { ResolvedProvider } from '../resolve-provider';
import type { ServiceAccount } from './jwt-bearer';
import type { GrantedTokens } from './store-grant';

/**
 * R: what storing the tokens gives back. The app's is the authorization outcome (the profile as
 * stored, the login check); the server command's (`mailprefs authorize --device`) is its state file.
 */
export interface InteractiveContext<R = AuthorizationOutcome> {
  profileId: string;
  auth: OAuthAuth;
  provider: ResolvedProvider;
  /** Aborted by Cancel, timeout, sign-out and delete: stops requests under way. */
  ticket: Ticket;
  logger: Logger;
  /** The error to report: `cancelled` when the ticket was voided, the error itself otherwise. */
  cancelledOr(error: unknown): unknown;
  /** Saves what the grant produced into the profile, in one transaction, if the ticket is current. */
  store(tokens: GrantedTokens): Promise<R>;
}

export interface GrantSession<R = AuthorizationOutcome> {
  /** What the window shows while it waits (without expiresAt: the coordinator sets the deadline). */
  start: Omit<AuthorizationStart, 'expiresAt'>;
  /** Settles when the grant completed (stored) or failed; never before start() returned. */
  outcome: Promise<R>;
  /** Frees what the session holds (a listener, a poll timer). Called once, however it ended. */
  cancel(): Promise<void>;
  /** How long the session can wait, when the grant itself says (a device code's lifetime). */
  expiresInMs?: number;
  /** The loopback port, for tests and diagnostics (authorization code flow only). */
  port?: number;
}

export type InteractiveKind = 'authorization_code' | 'device_code';

export interface InteractiveGrant<K extends InteractiveKind = InteractiveKind> {
  kind: K;
  start<R>(context: InteractiveContext<R>): Promise<GrantSession<R>>;
}

export interface MintedToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type AppOnlyKind = 'client_credentials' | 'jwt_bearer';

export interface AppOnlyGrant<K extends AppOnlyKind = AppOnlyKind> {
  kind: K;
  /**
   * An access token from the app's own credential; errors come back explained. Needs only the
   * token endpoint (an exported config's provider will do, so the server command mints too).
   * The JWT bearer grant also needs the service account that signs the assertion.
   */
  mint(
    provider: TokenEndpointProvider & { scopes: readonly string[]; serviceAccount?: ServiceAccount },
    now: Date,
    signal?: CancelSignal,
  ): Promise<MintedToken>;
}

export type Grant =
  | InteractiveGrant<'authorization_code'>
  | InteractiveGrant<'device_code'>
  | AppOnlyGrant<'client_credentials'>
  | AppOnlyGrant<'jwt_bearer'>;
