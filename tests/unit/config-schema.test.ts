import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_PATH, configJsonSchema } from '../../src-shared/config-json-schema';

describe('published JSON Schema', () => {
  it('is the one generated from the zod schema (run "npm run schema" after changing the format)', () => {
    const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../..', CONFIG_SCHEMA_PATH), 'utf8'));
    expect(committed).toEqual(configJsonSchema());
  });
});
