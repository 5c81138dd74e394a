// One holder per refresh token. An export that carries an OAuth profile's refresh token hands
// that grant to the server: in one store transaction the app drops its copy and records when and
// in which file it went, so the app can never refresh with it (with a provider that rotates
// refresh tokens, two holders would invalidate each other, and reuse detection would revoke the
// grant for both). The app may use its current access token until it expires; for tests of its
// own it authorizes again, which creates a separate grant.
import { AppError } from '../../src-shared/errors';
import type { ProfileService } from '../profiles/profile-service';
import type { TokenService } from '../oauth/token-service';
import type { SealedSecrets } from '../profiles/profile-document';
import type { OperationGuard, Ticket } from '../profiles/operation-guard';

interface Held {
  id: string;
  name: string;
  /** The ciphertext the export read: the hand-off applies only if it is still the one stored. */
  refreshToken: string;
  /** Taken before the tokens are read: a sign-out or delete meanwhile voids the hand-off. */
  ticket: Ticket;
}

export class GrantHandOff {
  private held: Held[] = [];
  private committed: Held[] = [];

  constructor(
    private readonly profiles: ProfileService,
    private readonly tokens: TokenService,
    private readonly guard: OperationGuard,
  ) {}

  /** Before the export reads the tokens: let refreshes in flight land, and refuse a second hand-off. */
  async prepare(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const record = this.profiles.stored(id);
      if (record.profile.auth.type === 'standard') continue;
      // Refused (cancelled) while a sign-out or delete holds the profile shut: it is revoking
      // the very grant an export would hand over, and the server's file would carry a dead one.
      const ticket = this.guard.start(id);
      await this.tokens.settle(id);
      const current = this.profiles.stored(id);
      const handedOff = current.authorization?.handedOff;
      if (handedOff && !current.secrets.refreshToken) throw alreadyHandedOff(current.profile.name, handedOff);
      // A refresh token is handed over only with the authorization it belongs to.
      if (current.secrets.refreshToken && current.authorization) {
        this.held.push({ id, name: current.profile.name, refreshToken: current.secrets.refreshToken, ticket });
      }
    }
  }

  async commit(file: string, now: Date): Promise<void> {
    if (this.held.length === 0) return;
    // A refresh started since prepare() (a test send while the save dialog was open) lands
    // first: without rotation the token is still the one read; with it, the check below sees
    // the change and nothing is exported.
    for (const h of this.held) await this.tokens.settle(h.id);
    await this.profiles.transactMany((tx) => {
      for (const h of this.held) {
        // Signed out or deleted since prepare(): `cancelled`, and nothing is exported.
        this.guard.assertCurrent(h.ticket);
        const record = tx.require(h.id);
        // One that started in the moment since (after the settle above) has sent this refresh
        // token already: with rotation, the file would carry a spent one.
        if (this.tokens.refreshing(h.id)) {
          throw new AppError({
            code: 'conflict',
            message: `A token refresh of "${h.name}" started while the export was being prepared, so nothing was exported: the file would have carried a refresh token already spent.`,
            hint: 'Export again once the test or send that needed the refresh has finished.',
          });
        }
        if (record.secrets.refreshToken !== h.refreshToken || !record.authorization) {
          throw new AppError({
            code: 'conflict',
            message: `The authorization of "${h.name}" changed while the export was being prepared, so nothing was exported.`,
            hint: 'Export again.',
          });
        }
        const { refreshToken: _handedOver, ...kept } = record.secrets;
        tx.put({
          ...record,
          secrets: kept,
          authorization: {
            ...record.authorization,
            hasRefreshToken: false,
            handedOff: { at: now.toISOString(), file },
          },
        });
      }
    });
    this.committed = this.held;
  }

  /** The file could not be written: the grant comes back to the app, unless it changed meanwhile. */
  async undo(): Promise<void> {
    if (this.committed.length === 0) return;
    await this.profiles.transactMany((tx) => {
      for (const h of this.committed) {
        const record = tx.get(h.id);
        if (!record?.authorization?.handedOff || record.secrets.refreshToken) continue;
        const secrets: SealedSecrets = { ...record.secrets, refreshToken: h.refreshToken };
        tx.put({
          ...record,
          secrets,
          authorization: { ...record.authorization, hasRefreshToken: true, handedOff: null },
        });
      }
    });
    this.committed = [];
  }
}

function alreadyHandedOff(name: string, handedOff: { at: string; file: string }): AppError {
  return new AppError({
    code: 'conflict',
    message: `The authorization of "${name}" was handed to a server on ${handedOff.at.slice(0, 10)} (in ${handedOff.file}). A second server must not share it: both would stop working at the first refresh.`,
    hint: 'Press "Authorize this workstation again" to create a new grant, then export: the new file carries the new grant. Or export without secrets.',
  });
}
