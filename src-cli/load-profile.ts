// The first step of every command that uses a profile: read the config (opening it if sealed),
// choose the profile, and tell the redactor its secrets.
import type { ConfigDocument, ExportedProfile } from '../src-shared/config-file';
import { readConfig } from './read-config';
import type { CliContext } from './context';
import { selectProfile } from './select-profile';

export interface LoadedProfile {
  doc: ConfigDocument;
  exported: ExportedProfile;
  sealed: 'identity' | 'passphrase' | null;
}

export async function loadConfig(ctx: CliContext, file: string) {
  const config = await readConfig(file, ctx.env, ctx.askPassphrase);
  for (const p of config.doc.profiles) for (const secret of Object.values(p.secrets)) ctx.redactor.add(secret);
  return config;
}

export async function loadProfile(ctx: CliContext, file: string, name: string | undefined): Promise<LoadedProfile> {
  const { doc, sealed } = await loadConfig(ctx, file);
  return { doc, sealed, exported: selectProfile(doc, name) };
}
