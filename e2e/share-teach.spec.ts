import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openTrace, redEdgePixels, SHARED, SHOTS } from './helpers.ts';

test('Copy link on the virtsnd violation opens in a fresh context with the violation selected and the banner', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-invalid.log'));
  const item = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'error' });
  await item.getByRole('button', { name: /Copy link/ }).click();
  const link = await page.getByLabel('Permalink').inputValue();
  expect(link).toMatch(/#p=1\./);
  expect(link.split('#')[1].length).toBeLessThan(600);
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByText('excerpt of virtsnd-pointer-invalid.log, lines 1–6 of 6')).toBeVisible();
  const selected = other.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 5' });
  await expect(selected).toHaveAttribute('aria-selected', 'true');
  await expect(selected).toContainText('buffer #1');
  await expect.poll(async () => (await redEdgePixels(other)).count).toBeGreaterThan(40);
  await fresh.close();
});

test('the link fixture made with format version 1 still opens', async ({ page }) => {
  const fragment = readFileSync(new URL('./fixtures/virtsnd-link-v1.txt', import.meta.url), 'utf8').trim();
  await page.goto(`/#${fragment}`);
  await expect(page.getByText(/excerpt of virtsnd-pointer-invalid\.log, lines 1–6 of 6/)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 5' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('a corrupted link shows an alert and "Open trace" still works', async ({ page }) => {
  const fragment = readFileSync(new URL('./fixtures/virtsnd-link-v1.txt', import.meta.url), 'utf8').trim();
  await page.goto(`/#${fragment.slice(0, fragment.length - 40)}`);
  await expect(page.getByRole('alert')).toContainText('This vqscope link cannot be opened');
  await openTrace(page, join(SHARED, 'vhost-user-enable-invalid.log'));
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem')).toHaveCount(1);
  await page.goto('/#p=9.abc');
  await expect(page.getByRole('alert')).toContainText('made by a newer vqscope');
});

test('Copy for email gives the ASCII diagram, at most 72 columns', async ({ page }) => {
  await page.goto('/');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-invalid.log'));
  await page
    .getByRole('list', { name: 'Violations' })
    .getByRole('listitem')
    .filter({ hasText: 'error' })
    .getByRole('button')
    .first()
    .click();
  await page.getByRole('button', { name: 'Copy for email' }).click();
  const text = await page.getByLabel('Email text').inputValue();
  expect(text).toContain('snd-buffer-ownership violated in virtsnd-pointer-invalid.log');
  expect(text).toMatch(/line 5 .*X .*virtsnd_pcm_pointer \(offending\)/);
  for (const line of text.split('\n')) {
    expect(line.length).toBeLessThanOrEqual(72);
    expect(line).toMatch(/^[\x20-\x7e]*$/);
  }
});

test('exported SVG renders as an image; exported Chrome JSON re-imports with the same events', async ({ page }) => {
  await page.goto('/');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-invalid.log'));
  await page.waitForTimeout(300);
  await page.getByText('Export').click();
  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Timeline as SVG' }).click()]);
  const svg = readFileSync((await svgDl.path()) as string, 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('violated happens-before');
  const img = await page.context().newPage();
  await img.setContent(`<img id="i" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`);
  await expect.poll(() => img.evaluate(() => (document.getElementById('i') as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
  await img.screenshot({ path: join(SHOTS, 'exported-svg.png') });
  await img.close();
  await page.getByText('Export').click();
  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Timeline as PNG' }).click()]);
  expect(
    readFileSync((await pngDl.path()) as string)
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');
  await page.getByText('Export').click();
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Chrome JSON/ }).click()]);
  const jsonPath = (await jsonDl.path()) as string;
  JSON.parse(readFileSync(jsonPath, 'utf8'));
  await page.getByLabel('Open trace').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: readFileSync(jsonPath) });
  await expect(page.locator('.file-info')).toContainText('6 events');
  await expect(page.locator('.file-info')).toContainText('Chrome trace-event JSON');
});

test('teach mode steps to the virtsnd violation and shows the monitor state there', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Teach' }).click();
  await page
    .getByRole('list', { name: 'Lessons' })
    .getByRole('button', { name: /virtio-snd/ })
    .click();
  await expect(page.getByText('Step 0 of 10')).toBeVisible();
  for (let k = 0; k < 5; k++) await page.locator('body').press('ArrowRight');
  await expect(page.getByText('Step 5 of 10')).toBeVisible();
  await expect(page).toHaveURL(/#lesson=virtsnd-pointer&step=5$/);
  const invalid = page.getByRole('region', { name: 'invalid trace' });
  await expect(invalid.getByRole('status')).toContainText('The rule fires at line 5');
  await expect(invalid.getByLabel('Monitor state of the invalid trace')).toContainText('buffer #1: device');
  await expect(page.getByRole('region', { name: 'valid trace' }).getByLabel('Monitor state of the valid trace')).toContainText(
    'buffer #1: driver',
  );
  await page.screenshot({ path: join(SHOTS, 'teach-virtsnd-step5.png'), fullPage: true });
  await page.locator('body').press('ArrowLeft');
  await expect(page.getByText('Step 4 of 10')).toBeVisible();
  await expect(invalid.getByRole('status')).toHaveCount(0);
});

test('a lesson step is linkable', async ({ page }) => {
  await page.goto('/#lesson=vhost-user-enable&step=1');
  await expect(page.getByText('Step 1 of 3')).toBeVisible();
  await expect(page.getByRole('region', { name: 'invalid trace' }).getByRole('status')).toContainText('The rule fires at line 1');
});
