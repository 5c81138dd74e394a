// Writes schema/mail-config.v2.schema.json from the zod schema of the config file, so the
// published JSON Schema can never drift from what the app reads (a unit test compares them).
// Run: npm run schema
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configJsonSchema, CONFIG_SCHEMA_PATH } from '../src-shared/config-json-schema';

const target = path.resolve(import.meta.dirname, '..', CONFIG_SCHEMA_PATH);
writeFileSync(target, JSON.stringify(configJsonSchema(), null, 2) + '\n');
console.log(`wrote ${CONFIG_SCHEMA_PATH}`);
