/**
 * `vqscope open FILE`: the bundled CLI serves the built app (dist/) and the trace on loopback under
 * its token; the page opens the trace from there with the given rules, and closing the page stops
 * the server. Following the file in the page (`open --follow`) is tested in follow.spec.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { GALLERY, SHARED } from './helpers.ts';

const BIN = new URL('../packages/cli/bin/vqscope.mjs', import.meta.url).pathname;

function open(args: string[]): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'open', ...args, '--no-browser'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.on('close', r));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
    });
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /^http:\/\/127\.0\.0\.1:\d+\/\S+$/m.exec(out);
      if (m) resolve({ child, url: m[0], exited });
    });
    child.on('close', () => reject(new Error(`vqscope open ended: ${err}`)));
  });
}

test('vqscope open serves the valid virtsnd trace to the page, which says "No violations"', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'vqscope-open-e2e-'));
  const file = join(dir, 'virtsnd-pointer-valid.log');
  copyFileSync(join(SHARED, 'virtsnd-pointer-valid.log'), file);
  const { child, url, exited } = await open([file]);
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
  const { child, url } = await open([
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
