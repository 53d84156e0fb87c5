import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generateTrace } from '../scripts/bench/generate.mjs';

test('a 1M-event generated trace opens, pans and zooms, and every injected violation is listed', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = join(tmpdir(), 'vqscope-e2e-scale');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'trace-1m.log');
  const { injected } = await generateTrace(file, 1_000_000);
  expect(existsSync(file)).toBe(true);
  await page.goto('/');
  await page.getByLabel('Open trace').setInputFiles(file);
  await expect(page.locator('.file-info')).toContainText('1,000,000 events', { timeout: 180_000 });
  const errors = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'error' });
  await expect(errors).toHaveCount(injected);
  for (const key of ['w', 'w', 'd', 'd', 's', 'a', 'w', 'd']) await page.locator('body').press(key);
  const overlay = page.getByTestId('edge-overlay');
  const box = await overlay.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await page.locator('body').press('n');
  await expect(errors.first()).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => overlay.getAttribute('data-violated-edges')).not.toBe('0');
  await expect(page.getByRole('heading', { name: `${injected} violations` })).toBeVisible();
});
