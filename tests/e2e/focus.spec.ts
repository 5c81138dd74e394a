// Where keyboard focus goes: a dialog keeps Tab inside it and hands focus back to the control
// that opened it; after Save and after a test send, focus moves to the result, never to <body>.
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import { addProfile, fillStandardForm } from './helpers';

const activeLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el === document.body || !el
      ? 'BODY'
      : (el.getAttribute('aria-label') ?? el.textContent ?? el.tagName).trim();
  });

test('dialogs trap Tab and return focus; Save and Send move focus to their results', async ({ app: page, smtp }) => {
  await addProfile(page, 'Focus');
  // After the Add dialog closes, focus is not lost on <body>.
  expect(await activeLabel(page)).not.toBe('BODY');

  const rename = page.getByRole('button', { name: 'Rename' });
  await rename.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Rename profile' });
  await expect(dialog).toBeVisible();
  // Tab round the dialog many times: focus stays inside it.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(rename).toBeFocused();

  await fillStandardForm(page, smtp.port);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/Saved at/)).toBeVisible();
  await expect.poll(() => activeLabel(page)).toMatch(/Saved at/);

  await page.getByRole('button', { name: 'Send test email' }).click();
  await expect(page.getByRole('status', { name: 'Test result' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('result-region'))).toBe(true);
});
