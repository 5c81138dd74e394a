// Export and import from the renderer, with the real files and the real `age` CLI.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExportResult } from '../../src-shared/config-file';
import type { ProfileView } from '../../src-shared/profile';
import { ageDecryptWithKey, ageKeypair } from '../support/age-cli';
import { createTestHost } from '../support/main-host';
import { standardProfile } from '../support/profiles';
import { SMTP_PASSWORD } from '../support/smtp-server';
import { expect, test as base } from './fixtures';
import { addProfile, fillStandardForm, save } from './helpers';

const test = base.extend<{ files: { dir: string; open: string[] } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  files: async ({}, use) => {
    await use({ dir: mkdtempSync(path.join(tmpdir(), 'mailprefs-e2e-files-')), open: [] });
  },
  hostOptions: async ({ files }, use) => {
    await use({
      dialogs: {
        chooseSaveFile: async (name) => path.join(files.dir, name),
        chooseOpenFile: async () => files.open.shift() ?? null,
      },
    });
  },
});

test('export a profile sealed to the server key; the age CLI opens it', async ({ app: page, files, shot }) => {
  await addProfile(page, 'Relay');
  await fillStandardForm(page, 2525);
  await save(page);

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export profiles' });
  await expect(dialog.getByLabel('Relay', { exact: true })).toBeChecked();
  await dialog.getByLabel("Seal to the server's age key", { exact: true }).check();
  await expect(dialog.getByRole('button', { name: 'Export…' })).toBeDisabled();
  const key = ageKeypair();
  await dialog.getByLabel("Server's age public key", { exact: true }).fill(key.recipient);
  await shot('10-export-dialog', { fullPage: false });
  await dialog.getByRole('button', { name: 'Export…' }).click();

  const result = page.getByRole('status', { name: 'Export result' });
  await expect(result).toContainText('1 profile written to');
  await expect(result).toContainText('sealed with age');
  const file = path.join(files.dir, 'relay.json.age');
  expect(readFileSync(file, 'utf8')).not.toContain(SMTP_PASSWORD);
  const doc = JSON.parse(ageDecryptWithKey(file, key.keyFile));
  expect(doc.profiles[0].secrets.password).toBe(SMTP_PASSWORD);
  expect(doc.profiles[0].outgoing.port).toBe(2525);
});

test('plaintext export asks for confirmation first', async ({ app: page }) => {
  await addProfile(page, 'Relay');
  await fillStandardForm(page, 2525);
  await save(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export profiles' });
  await dialog.getByLabel('Include secrets in plain text', { exact: true }).check();
  await expect(dialog.getByRole('button', { name: 'Export…' })).toBeDisabled();
  await dialog.getByLabel('I understand the file will hold passwords and tokens in plain text').check();
  await expect(dialog.getByRole('button', { name: 'Export…' })).toBeEnabled();
});

test('import a passphrase-sealed file: unlock, preview, apply', async ({ app: page, files, host, shot }) => {
  // The file comes from another workstation's export.
  const source = createTestHost({
    dialogs: { chooseSaveFile: async (n) => path.join(files.dir, n), chooseOpenFile: async () => null },
  });
  const created = await source.call<ProfileView>('createProfile', { name: 'Imported relay', authType: 'standard' });
  await source.call('saveProfile', {
    profile: standardProfile(created.profile.id, 2526, { name: 'Imported relay' }),
    secrets: { password: SMTP_PASSWORD },
  });
  const exported = await source.call<ExportResult>('exportProfiles', {
    ids: [created.profile.id],
    format: 'json',
    secrets: { mode: 'passphrase', passphrase: 'Correct-Horse-9-Battery' },
  });
  source.cleanup();
  files.open.push(exported.path!);

  await page.getByRole('button', { name: 'Import…' }).click();
  const unlock = page.getByRole('dialog', { name: /Unlock imported-relay\.json\.age/ });
  await unlock.getByLabel('Passphrase', { exact: true }).fill('Wrong-Passphrase-42');
  await unlock.getByRole('button', { name: 'Decrypt' }).click();
  await expect(unlock.getByRole('alert')).toContainText('could not be decrypted with that passphrase');
  await unlock.getByLabel('Passphrase', { exact: true }).fill('Correct-Horse-9-Battery');
  await unlock.getByRole('button', { name: 'Decrypt' }).click();

  const preview = page.getByRole('dialog', { name: /Import imported-relay\.json\.age/ });
  await expect(preview.getByRole('list', { name: 'Changes' })).toContainText('Create Imported relay');
  await expect(preview.getByRole('list', { name: 'Changes' })).toContainText('with password');
  await shot('11-import-preview', { fullPage: false });
  await preview.getByRole('button', { name: 'Apply import' }).click();

  await expect(
    page.getByRole('list', { name: 'Profile list' }).getByRole('button', { name: /Imported relay/ }),
  ).toBeVisible();
  const [view] = await host.call<ProfileView[]>('listProfiles');
  expect(view?.profile.outgoing.port).toBe(2526);
  expect(view?.secrets.password).toBe(true);
});

test('cancelling an import frees it in main; a bad file is explained', async ({ app: page, files, host }) => {
  const file = path.join(files.dir, 'relay.json');
  const doc = {
    version: 1,
    generator: 'e2e',
    exportedAt: '2026-01-01T00:00:00.000Z',
    secrets: 'omitted',
    profiles: [
      {
        name: 'Relay',
        description: '',
        auth: { type: 'standard', useAuthentication: false, username: '' },
        outgoing: { host: 'smtp.example.test', port: 25, security: 'none', validateCertificate: true },
        incoming: null,
        sender: { fromAddress: 'relay@example.test', displayName: '', replyTo: '' },
        oauth: null,
        secrets: {},
      },
    ],
  };
  writeFileSync(file, JSON.stringify(doc));
  files.open.push(file);
  await page.getByRole('button', { name: 'Import…' }).click();
  const preview = page.getByRole('dialog', { name: /Import relay\.json/ });
  await expect(preview.getByRole('list', { name: 'Changes' })).toContainText('Create Relay');
  expect(host.services.imports.openSessions).toBe(1);
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(preview).toBeHidden();
  await expect.poll(() => host.services.imports.openSessions).toBe(0);

  writeFileSync(file, JSON.stringify({ ...doc, profiles: [{ ...doc.profiles[0], colour: 'blue' }] }));
  files.open.push(file);
  await page.getByRole('button', { name: 'Import…' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('profiles[0].colour: Unknown field "colour"');
  await expect(alert).toContainText('Nothing was changed.');
  expect(await host.call('listProfiles')).toEqual([]);
});
