/**
 * `vqscope open FILE`: the bundled CLI serves the built app (dist/) and the trace on loopback under
 * its token; the page opens the trace from there with the given rules, and closing the page stops
 * the server. Following the file in the page (`open --follow`) is tested in follow.spec.ts.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { GALLERY, openServed, SHARED } from './helpers.ts';

test('vqscope open serves the valid virtsnd trace to the page, which says "No violations"', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'vqscope-open-e2e-'));
  const file = join(dir, 'virtsnd-pointer-valid.log');
  copyFileSync(join(SHARED, 'virtsnd-pointer-valid.log'), file);
  const { child, url, exited } = await openServed([file]);
  const csp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
  });
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'No violations' })).toBeVisible();
  expect(csp).toEqual([]);
  // Closing the page stops the server (after its grace period).
  await page.close();
  expect(await exited).toBe(0);
  child.kill();
});

test('vqscope open --rules checks with the rule file given', async ({ page }) => {
  const { child, url } = await openServed([
    join(GALLERY, 'tracing-formal-alternates.jsonl'),
    '--rules',
    join(GALLERY, 'tracing-formal-alternates.rules'),
  ]);
  try {
    await page.goto(url);
    await expect(page.getByRole('heading', { name: /violation/ })).toBeVisible();
    // The rule of the given file (a one-line rule has its id from its text) is the one checked.
    await expect(page.locator('option[value="do_hola-alternates-do_chau"]')).toHaveCount(1);
  } finally {
    child.kill('SIGINT');
  }
});
