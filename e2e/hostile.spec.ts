import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHARED } from './helpers.ts';
import { type HostileCase, writeCorpus } from './hostile-corpus.ts';

let corpus: HostileCase[] = [];
test.beforeAll(async () => {
  corpus = await writeCorpus(mkdtempSync(join(tmpdir(), 'vqscope-hostile-e2e-')));
});

test('every hostile input ends in the app as the corpus says, and the app stays usable', async ({ page }) => {
  test.setTimeout(240_000);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  for (const c of corpus) {
    // A fresh page per case, so that rules chosen for one case do not carry over to the next.
    await page.goto('/');
    if (c.rules) {
      // Rules go in through the Rules panel of a loaded trace.
      await page.getByLabel('Open trace').setInputFiles(join(SHARED, 'virtsnd-pointer-valid.log'));
      await expect(page.locator('.file-info strong')).toHaveText('virtsnd-pointer-valid.log');
      await page.getByRole('tab', { name: 'Rules' }).click();
      await page
        .getByRole('button', { name: 'Load rules' })
        .setInputFiles(c.rules)
        .catch(async () => {
          await page.locator('.rules-panel input[type=file]').setInputFiles(c.rules as string);
        });
      await page.getByRole('button', { name: 'Check again' }).click();
      if (c.alert) {
        await expect(page.getByRole('alert'), c.id).toContainText(c.alert);
        await page.getByRole('button', { name: 'Dismiss' }).click();
        continue;
      }
      await page.getByRole('tab', { name: 'Violations' }).click();
    }
    await page.getByLabel('Open trace').setInputFiles(c.file);
    if (c.alert) {
      await expect(page.getByRole('alert'), c.id).toContainText(c.alert, { timeout: 30_000 });
      await page.getByRole('button', { name: 'Dismiss' }).click();
      continue;
    }
    const name = c.file.split('/').pop() as string;
    await expect(page.locator('.file-info strong'), c.id).toHaveText(name, { timeout: 60_000 });
    const errors = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'error' });
    await expect(errors, c.id).toHaveCount(c.lines?.length ?? 0);
    for (const [k, line] of (c.lines ?? []).entries()) await expect(errors.nth(k), c.id).toContainText(`line ${line}`);
  }
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('log text, file names and permalink contents never run as HTML', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const html = corpus.find((c) => c.id === 'html-in-log') as HostileCase;
  const odd = corpus.find((c) => c.id === 'odd-file-name') as HostileCase;
  await page.goto('/');
  await page.getByLabel('Open trace').setInputFiles(odd.file);
  await expect(page.locator('.file-info strong')).toHaveText('virtsnd pointer ünïcode <b>.log');
  await page.getByLabel('Open trace').setInputFiles(html.file);
  await expect(page.getByLabel('Legend')).toContainText('<img');
  const item = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').first();
  await item.getByRole('button').first().click();
  await page.getByRole('button', { name: 'Copy link to the whole trace' }).click();
  const link = await page.getByLabel('Permalink').inputValue();
  await page.goto(link);
  await expect(page.getByText(/whole trace of html\.log/)).toBeVisible();
  await expect(page.getByLabel('Legend')).toContainText('<img');
  // Hover every event glyph so that the raw lines, markup and all, show in the hover card.
  const box = await page.getByTestId('edge-overlay').boundingBox();
  if (box) for (let x = box.x + 195; x < box.x + box.width; x += 6) await page.mouse.move(x, box.y + 40 + 11 * 2);
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('the engine dying mid-load is reported with a way to reload, and the page never freezes', async ({ page }) => {
  const big = corpus.find((c) => c.id === 'million-keys') as HostileCase;
  await page.goto('/?bench=1');
  await page.getByLabel('Open trace').setInputFiles(big.file);
  await expect(page.getByRole('progressbar', { name: 'Loading progress' })).toBeVisible();
  await expect(page.getByText(/Reading million-keys\.log: [1-9]/)).toBeVisible();
  await page.evaluate(() => (window as unknown as { __vqscopeEngine: { crash(): Promise<void> } }).__vqscopeEngine.crash());
  await expect(page.getByRole('alert')).toContainText('The engine stopped', { timeout: 10_000 });
  await expect(page.getByRole('progressbar', { name: 'Loading progress' })).toBeHidden();
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  expect(Date.now() - t0).toBeLessThan(1000);
  await page.getByLabel('Open trace').setInputFiles(join(SHARED, 'virtsnd-pointer-invalid.log'));
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 5' })).toHaveCount(1);
});

test('no Content Security Policy violation during a full session: load, check, share, teach', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const res = await page.goto('/');
  expect(res?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
  expect(res?.headers()['content-security-policy']).not.toMatch(/unsafe-eval|unsafe-inline/);
  await page
    .getByRole('list', { name: 'Example traces' })
    .getByRole('button', { name: /virtio-snd: pointer before completion/ })
    .click();
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 5' })).toHaveCount(1);
  const item = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 5' });
  await item.getByRole('button').first().click();
  await page.getByRole('button', { name: 'Copy for email' }).click();
  await item.getByRole('button', { name: /Copy link/ }).click();
  const link = await page.getByLabel('Permalink').inputValue();
  await page.goto(link);
  await expect(page.getByText(/excerpt of virtsnd-pointer-invalid\.log/)).toBeVisible();
  await page.goto('/#lesson=virtsnd-pointer&step=5');
  await expect(page.getByText('Step 5 of 10')).toBeVisible();
  await page.locator('body').press('ArrowRight');
  expect(violations).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
});
