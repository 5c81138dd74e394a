// Steps an admin takes in the UI, shared by the specs.
import { expect, type Page } from '@playwright/test';
import { SMTP_PASSWORD, SMTP_USER } from '../support/smtp-server';

export async function addProfile(page: Page, name: string, protocol = 'Standard'): Promise<void> {
  const add = page.getByRole('button', { name: /Add (your first )?profile/ }).first();
  await add.click();
  const dialog = page.getByRole('dialog', { name: 'Add profile' });
  await dialog.getByLabel('Profile name', { exact: true }).fill(name);
  await dialog.getByLabel('Authorization Protocol', { exact: true }).selectOption({ label: protocol });
  await dialog.getByRole('button', { name: 'Add profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

export async function fillStandardForm(page: Page, port: number, password = SMTP_PASSWORD): Promise<void> {
  await page.getByLabel('Mail server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(port));
  await page.getByLabel('Validate server certificate', { exact: true }).uncheck();
  await page.getByLabel('Username', { exact: true }).fill(SMTP_USER);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('From address', { exact: true }).fill(SMTP_USER);
  await page.getByLabel('Display name', { exact: true }).fill('Help Desk');
}

export async function save(page: Page): Promise<void> {
  // Retried: on a loaded machine a lazily loaded section (the registration assistant) can shift
  // the layout between Playwright's stability check and the click, so the click lands beside it.
  // Saving twice is harmless: the second save of an unchanged form is a no-op.
  await expect(async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText(/Saved at/)).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 15_000 });
}
