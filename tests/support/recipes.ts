// The server recipes as docs/server-setup.md prints them, and a server to run them on: the
// tests run the doc's own code blocks (a few literal values swapped for the test servers'), so
// a recipe that drifts from what is tested fails the test instead of going stale.
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { TestAuthServer } from './auth-server';
import { exportWithApp, OAUTH_SECRETS, sandbox, type Sandbox } from './cli';
import { TEST_MAILBOX } from './consent';
import { oauthProfile } from './oauth-profiles';

const GUIDE = 'docs/server-setup.md';

/** The `index`th fenced block of language `lang` in the section under `### heading`. */
export function docRecipe(heading: string, lang: string, index = 0): string {
  const doc = readFileSync(path.resolve(GUIDE), 'utf8');
  const start = doc.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`${GUIDE} has no section "### ${heading}"`);
  const end = doc.indexOf('\n### ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))];
  const block = blocks[index]?.[1];
  if (block === undefined) throw new Error(`"### ${heading}" has no ${lang} block #${index}`);
  return block;
}

/** Swaps the doc's example values for the test's; each must occur, or the recipe has changed. */
export function fill(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [example, actual] of Object.entries(values)) {
    if (!out.includes(example)) throw new Error(`the recipe no longer contains ${JSON.stringify(example)}`);
    out = out.split(example).join(actual);
  }
  return out;
}

export interface RecipeServer {
  box: Sandbox;
  /** The app's sealed export, as installed on the server. */
  config: string;
  /** A service's environment: `mailprefs` on PATH (a link to the bundle), the age key. */
  env: Record<string, string>;
}

/** A server with `mailprefs` installed and a sealed export of one OAuth profile. */
export async function recipeServer(
  auth: TestAuthServer,
  smtpPort: number,
  key: { recipient: string; keyFile: string },
): Promise<RecipeServer> {
  const box = await sandbox();
  const bin = path.join(box.home, 'bin');
  mkdirSync(bin);
  symlinkSync(box.cli, path.join(bin, 'mailprefs'));
  const dir = path.join(box.cwd, 'etc');
  mkdirSync(dir);
  const refreshToken = await auth.mintRefreshToken(TEST_MAILBOX, 'openid email offline_access smtp');
  const config = await exportWithApp(
    dir,
    [
      {
        profile: (id) => ({ ...oauthProfile(auth, id, smtpPort, { email: TEST_MAILBOX }), name: 'Server account' }),
        secrets: OAUTH_SECRETS(refreshToken),
      },
    ],
    { mode: 'recipient', recipient: key.recipient },
  );
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    HOME: box.home,
    TMPDIR: box.tmp,
    AGE_IDENTITY_FILE: key.keyFile,
    MAILPREFS_ALLOW_LOOPBACK_HTTP: '1',
  };
  return { box, config, env };
}
