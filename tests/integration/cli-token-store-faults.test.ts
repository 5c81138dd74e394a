// The server command's token store (src-cli/token-store.ts) in this process, where a disk fault
// can be injected: a state directory that cannot take the new state fails the call before the
// refresh spends the refresh token, so nothing is lost and the next call, on a good disk, works.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src-cli/exit-codes';
import { CliFailure } from '../../src-cli/failure';
import { TokenStore } from '../../src-cli/token-store';
import { Redactor } from '../../src-main/logging/redactor';
import { parseDocument } from '../../src-main/export/parse-config-document';
import { setLoopbackHttpAllowed } from '../../src-shared/validators';
import { startAuthServer, type TestAuthServer } from '../support/auth-server';
import { exportWithApp, OAUTH_SECRETS } from '../support/cli';
import { TEST_MAILBOX } from '../support/consent';
import { failOpen, restoreFs } from '../support/fs-faults';
import { oauthProfile } from '../support/oauth-profiles';

let auth: TestAuthServer;
const dirs: string[] = [];
beforeAll(async () => {
  auth = await startAuthServer('generic', { rotateRefreshToken: true });
  setLoopbackHttpAllowed(true); // the test provider's token endpoint is http on 127.0.0.1
});
afterAll(async () => {
  setLoopbackHttpAllowed(false);
  await auth.close();
});
afterEach(() => {
  restoreFs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailprefs-store-faults-'));
  dirs.push(dir);
  return dir;
}

describe('the token store on a disk that refuses the new state', () => {
  it.each(['ENOSPC', 'EROFS'])(
    '%s: fails before refreshing, and the exported refresh token still works',
    async (code) => {
      const refreshToken = await auth.mintRefreshToken(TEST_MAILBOX, 'openid email offline_access smtp');
      const file = await exportWithApp(
        scratch(),
        [
          {
            profile: (id) => ({ ...oauthProfile(auth, id, 2525, { email: TEST_MAILBOX }), name: 'Server account' }),
            secrets: OAUTH_SECRETS(refreshToken),
          },
        ],
        { mode: 'plaintext', confirmed: true },
      );
      const exported = parseDocument(readFileSync(file, 'utf8')).profiles[0]!;
      const store = new TokenStore({ dir: path.join(scratch(), 'state'), exported, redactor: new Redactor() });
      const before = auth.refreshRequests();
      // Every state file the store writes (its temp files: the reservation's first) is refused;
      // the lock, a file of its own, is not.
      const stateTemps = path.join(path.dirname(store.statePath), `.${path.basename(store.statePath)}`);
      failOpen((opened) => opened.startsWith(stateTemps), code);
      const failure = await store.accessToken().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CliFailure);
      expect(failure).toMatchObject({ exitCode: EXIT.state, message: expect.stringContaining(code) });
      expect(auth.refreshRequests()).toBe(before); // the refresh token was not spent
      restoreFs();
      const issued = await store.accessToken();
      expect(issued.refreshed).toBe(true);
      expect(await auth.introspect(issued.token)).toMatchObject({ active: true });
    },
  );
});
