// The config file's JSON Schema, derived from the zod schema (zod 4's toJSONSchema). Checks zod
// cannot express (host names, e-mail syntax) appear as the plain string types they refine.
import { z } from 'zod';
import { CONFIG_SCHEMA_FILE, configDocumentSchema } from './config-file';

export const CONFIG_SCHEMA_PATH = `schema/${CONFIG_SCHEMA_FILE}`;

export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configDocumentSchema, { io: 'input', unrepresentable: 'any' }),
    $id: CONFIG_SCHEMA_FILE,
    title: 'Mail Preferences config file, version 2',
    description: 'Mail account profiles exported by Mail Preferences for a server. See docs/config-format.md.',
  };
}
