/**
 * A big load keeps the page usable: Cancel while checking gives the engine back within a second
 * with the previous trace still there; Cancel while the lanes are laid out (a step that does not
 * pause) still gives the page back within a second; and a log the browser cannot hold is refused
 * before loading with a plain message. The last test lowers the renderer's data limit the way
 * Chromium's own sandbox does (RLIMIT_DATA; the e2e browser runs without the sandbox).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { generateTrace } from '../scripts/bench/generate.mjs';
import { openTrace, SHARED } from './helpers.ts';

const dir = join(tmpdir(), 'vqscope-e2e-big');
const trace3m = join(dir, 'trace-3m.log');

test.beforeAll(async () => {
  test.setTimeout(240_000);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(trace3m) || statSync(trace3m).size < 200e6) await generateTrace(trace3m, 3_000_000);
});

/**
 * In the page: waits until the progress label matches `when`, clicks Cancel at once, and waits
 * until the engine (perhaps a new one) answers a call. Some steps last a fraction of a second, too
 * short for polling from outside.
 */
async function cancelAndTimeEngine(page: Page, when: RegExp): Promise<{ ms: number; restarted: boolean; during: string }> {
  return page.evaluate(async (source) => {
    const re = new RegExp(source);
    const label = () => document.querySelector('.progress-label')?.textContent ?? '';
    await new Promise<void>((resolve) => {
      if (re.test(label())) return resolve();
      const mo = new MutationObserver(() => {
        if (!re.test(label())) return;
        mo.disconnect();
        resolve();
      });
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const during = label();
    type Engine = { countLines(b: Blob): Promise<unknown> };
    const w = window as unknown as { __vqscopeEngine: Engine };
    const first = w.__vqscopeEngine;
    const t0 = performance.now();
    (document.querySelector('.progress button') as HTMLButtonElement).click();
    for (;;) {
      const answered = await Promise.race([
        w.__vqscopeEngine.countLines(new Blob(['x\n'])).then(() => true),
        new Promise((r) => setTimeout(() => r(false), 50)),
      ]);
      if (answered) break;
    }
    return { ms: performance.now() - t0, restarted: w.__vqscopeEngine !== first, during };
  }, when.source);
}

test('Cancel while 3M events are checked gives the engine back within a second, with the previous trace still open', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?bench=1');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-invalid.log'));
  await page.getByLabel('Open trace').setInputFiles(trace3m);
  // Checking reports its progress as it goes, not only after reading.
  const { ms, restarted, during } = await cancelAndTimeEngine(page, /Checking trace-3m\.log: [1-9][\d,]* of 3,000,000 events/);
  expect(during).toMatch(/Checking/);
  expect(ms).toBeLessThan(1000);
  expect(restarted).toBe(false);
  await expect(page.getByRole('progressbar', { name: 'Loading progress' })).toBeHidden();
  await expect(page.locator('.file-info strong')).toHaveText('virtsnd-pointer-invalid.log');
  await openTrace(page, join(SHARED, 'vhost-user-enable-invalid.log'));
});

test('Cancel while the lanes of 3M events are laid out gives the page back within a second and says what it closed', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?bench=1');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-invalid.log'));
  await page.getByLabel('Open trace').setInputFiles(trace3m);
  const { ms, restarted, during } = await cancelAndTimeEngine(page, /Laying out the lanes of 3,000,000 events in trace-3m\.log · \d+ s/);
  expect(during).toMatch(/Laying out/);
  expect(ms).toBeLessThan(1000);
  // A layout that ended before the grace period keeps the previous trace; one that did not cost the engine, and says so.
  if (restarted) await expect(page.getByRole('alert')).toContainText('so virtsnd-pointer-invalid.log was closed too');
  else await expect(page.locator('.file-info strong')).toHaveText('virtsnd-pointer-invalid.log');
  await openTrace(page, join(SHARED, 'vhost-user-enable-invalid.log'));
});

/** Lowers RLIMIT_DATA of every renderer to what it maps now plus `extra` bytes, as Chromium's sandbox does with its own figure. */
async function limitRenderers(browser: Browser, extra: number): Promise<void> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  for (const p of processInfo.filter((x) => x.type === 'renderer')) {
    const vmData = Number(/VmData:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))?.[1]) * 1024;
    execFileSync('prlimit', ['--pid', String(p.id), `--data=${vmData + extra}`]);
  }
}

test('a 2.9 GB log is refused before loading where the browser gives the page less than it needs, in plain words', async ({
  page,
  browser,
}) => {
  // 1 MB of real lines, then a hole: the size is what the estimate reads; nothing past the first MB is ever read.
  const big = join(dir, 'soak-2.9gb.log');
  const head = readFileSync(trace3m).subarray(0, 1 << 20);
  const fd = openSync(big, 'w');
  writeSync(fd, head);
  closeSync(fd);
  truncateSync(big, 2.9e9);
  await page.goto('/?bench=1');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-invalid.log'));
  await limitRenderers(browser, 1024 ** 3);
  await page.getByLabel('Open trace').setInputFiles(big);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('soak-2.9gb.log is too big for this browser');
  await expect(alert).toContainText(
    /soak-2\.9gb\.log \(2\.9 GB\) holds about 40 million events, which need about \d\.\d GB of memory in the browser; this browser gives this page [01]\.\d GB more/,
  );
  await expect(alert).toContainText('vqscope check FILE');
  // Nothing was loaded: the trace before is still there, and the page still opens what fits.
  await expect(page.locator('.file-info strong')).toHaveText('virtsnd-pointer-invalid.log');
  await openTrace(page, join(SHARED, 'vhost-user-enable-invalid.log'));
});
