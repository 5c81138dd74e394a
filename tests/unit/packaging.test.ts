// electron-builder.yml, checked offline: valid against electron-builder's own JSON schema, with
// the targets, icon and release fuses the security model relies on.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped YAML document, checked field by field below
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const schemaPath = createRequire(import.meta.url).resolve('app-builder-lib/scheme.json');

describe('electron-builder configuration', () => {
  it("is valid against electron-builder's schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('schema validation would catch a mistake (the check can fail)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    expect(validate({ ...config, electronFuses: { ...config['electronFuses'], runAsNod: false } })).toBe(false);
  });

  it('packages for Linux (AppImage, deb), Windows (nsis) and macOS (dmg) inside an asar', () => {
    expect(config['appId']).toMatch(/^[a-z0-9.-]+$/);
    expect(config['productName']).toBe('Mail Preferences');
    expect(config['asar']).toBe(true);
    expect(config['linux'].target).toEqual(['AppImage', 'deb']);
    expect(config['win'].target).toEqual(['nsis']);
    expect(config['mac'].target).toEqual(['dmg']);
  });

  it('turns the release fuses to their safe positions', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships a 512x512 PNG icon that every platform entry points at', () => {
    for (const platform of ['linux', 'win', 'mac']) {
      const icon = path.join(root, config[platform].icon);
      expect(existsSync(icon)).toBe(true);
      const png = readFileSync(icon);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    }
  });

  it('packages only the app build output and the manifest (the server command ships on its own)', () => {
    expect(config['files']).toEqual(['out/**', '!out/cli/**', 'package.json']);
  });
});
