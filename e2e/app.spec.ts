import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { GALLERY, openTrace, redEdgePixels, responsive, SHARED, SHOTS } from './helpers.ts';

mkdirSync(SHOTS, { recursive: true });

test('first screen says what vqscope does and offers the example gallery', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('checks driver and device logs against the ordering rules of the VirtIO specification')).toBeVisible();
  const gallery = page.getByRole('list', { name: 'Example traces' });
  await expect(gallery.getByRole('button', { name: /virtio-snd: pointer before completion/ })).toBeVisible();
  await expect(gallery.getByRole('button', { name: /vhost-user: event before enable/ })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'first-screen.png') });
});

test('virtsnd invalid trace: one violation for buffer #1 at line 5 and a red edge between lines 6 and 5', async ({ page }) => {
  await page.goto('/');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-invalid.log'));
  const list = page.getByRole('list', { name: 'Violations' });
  const errors = list.getByRole('listitem').filter({ hasText: 'error' });
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toContainText('buffer #1');
  await expect(errors.first()).toContainText('line 5');
  await expect.poll(async () => (await redEdgePixels(page)).count).toBeGreaterThan(40);
  await errors.first().click();
  await expect(errors.first()).toHaveAttribute('aria-selected', 'true');
  await expect(
    page.getByText('expected `virtsnd_pcm_msg_complete` buffer #1 before `virtsnd_pcm_pointer` buffer #1 (line 5); it came at line 6'),
  ).toBeVisible();
  await expect(page.getByLabel('Violation details')).toContainText('VirtIO 1.3 §3.3.1, §2.7.13.3');
  await expect(page.getByLabel('Violation details')).toContainText('virtsnd_pcm_pointer: return pointer to buffer #1');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, 'virtsnd-violation-light.png') });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(async () => (await redEdgePixels(page)).count).toBeGreaterThan(40);
  await page.screenshot({ path: join(SHOTS, 'virtsnd-violation-dark.png') });
});

test('valid traces say "No violations" and draw no red edge', async ({ page }) => {
  await page.goto('/');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-valid.log'));
  await expect(page.getByRole('heading', { name: 'No violations' })).toBeVisible();
  await page.waitForTimeout(300);
  expect((await redEdgePixels(page)).count).toBe(0);
  await openTrace(page, join(SHARED, 'vhost-user-enable-valid.log'));
  await expect(page.getByRole('heading', { name: 'No violations' })).toBeVisible();
});

test('vhost-user invalid trace: one violation at line 1, in log order with a note', async ({ page }) => {
  await page.goto('/');
  await openTrace(page, join(SHARED, 'vhost-user-enable-invalid.log'));
  const items = page.getByRole('list', { name: 'Violations' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('line 1');
  await expect(page.getByText('Timestamps are missing or go backwards, so the axis is log order.')).toBeVisible();
});

test('every gallery example lists the violations its manifest states', async ({ page }) => {
  const manifest = (await (await page.request.get('/examples/index.json')).json()) as { title: string; expect: { lines: number[] } }[];
  await page.goto('/');
  for (const item of manifest) {
    await page.getByRole('button', { name: 'vqscope' }).click();
    await page.getByRole('list', { name: 'Example traces' }).getByRole('button', { name: item.title }).click();
    await expect(page.getByLabel('Trace view')).toBeVisible();
    const errors = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'error' });
    await expect(errors).toHaveCount(item.expect.lines.length);
    for (let k = 0; k < item.expect.lines.length; k++) await expect(errors.nth(k)).toContainText(`line ${item.expect.lines[k]}`);
  }
});

test('drag-and-drop of a file loads it', async ({ page }) => {
  await page.goto('/');
  const text = (await import('node:fs')).readFileSync(join(SHARED, 'vhost-user-enable-invalid.log'), 'utf8');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.log', { type: 'text/plain' }));
    return d;
  }, text);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  await expect(page.locator('.file-info strong')).toHaveText('dropped.log');
  await expect(page.getByRole('progressbar', { name: 'Loading progress' })).toBeHidden();
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem')).toHaveCount(1);
});

test('pasted log text is checked', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'do_hola\ndo_chau\ndo_chau\n');
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt }));
  });
  await expect(page.locator('.file-info strong')).toHaveText('pasted text');
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 3' })).toHaveCount(1);
});

test('?url= loads a same-origin trace', async ({ page }) => {
  await page.goto('/?url=examples/virtsnd-pointer-invalid.log');
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 5' })).toHaveCount(1);
});

test('a binary file shows an alert naming it, and the app keeps working', async ({ page }) => {
  await page.goto('/');
  const bin = join(tmpdir(), 'vqscope-core.bin');
  writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]));
  await page.getByLabel('Open trace').setInputFiles(bin);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('vqscope-core.bin');
  await expect(alert).toContainText('binary content: NUL byte at offset 4');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-invalid.log'));
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'error' })).toHaveCount(1);
});

test('keyboard: n/p walk violations, ? opens the help listing all keys', async ({ page }) => {
  await page.goto('/');
  await openTrace(page, join(GALLERY, 'device-status-invalid.log'));
  const items = page.getByRole('list', { name: 'Violations' }).getByRole('listitem');
  await page.locator('body').press('n');
  await expect(items.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.locator('body').press('n');
  await expect(items.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.locator('body').press('p');
  await expect(items.nth(0)).toHaveAttribute('aria-selected', 'true');
  const before = await page.evaluate(() => document.querySelector('.timeline-overlay')?.getAttribute('aria-label'));
  await page.locator('body').press('s');
  await page.locator('body').press('d');
  expect(before).toBeTruthy();
  await page.locator('body').press('Shift+Slash');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const k of ['zoom in', 'zoom out', 'pan left', 'pan right', 'next violation', 'previous violation', 'focus the selection'])
    await expect(help).toContainText(k);
  await page.screenshot({ path: join(SHOTS, 'help-overlay.png') });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('rules can be edited in the app and the trace is checked again without reloading it', async ({ page }) => {
  await page.goto('/');
  await openTrace(page, join(SHARED, 'tracing-formal-alternates.jsonl'));
  await page.getByRole('tab', { name: 'Rules' }).click();
  await page.getByLabel(/Your rules/).fill('do_chau precedes do_hola');
  await page.getByRole('button', { name: 'Check again' }).click();
  await page.getByRole('tab', { name: 'Violations' }).click();
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 1' })).toHaveCount(1);
  await page.getByRole('tab', { name: 'Rules' }).click();
  await page.getByLabel(/Your rules/).fill('do_hola alternates\n');
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByRole('alert')).toContainText('line 1, column 19: expected an event name');
});

test('cancel during the load of a 200 MB trace stops within a second and leaves the previous trace', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-invalid.log'));
  const big = join(tmpdir(), 'vqscope-200mb.log');
  const line = '[   15.611647] virtsnd_pcm_msg_send: adding buffer #1 to avail\n';
  const chunk = line.repeat(Math.ceil((8 * 1024 * 1024) / line.length));
  const { openSync, writeSync, closeSync } = await import('node:fs');
  const fd = openSync(big, 'w');
  for (let written = 0; written < 200 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
  closeSync(fd);
  await page.getByLabel('Open trace').setInputFiles(big);
  const progress = page.getByRole('progressbar', { name: 'Loading progress' });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/Reading vqscope-200mb\.log: [1-9]/)).toBeVisible();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toBeHidden();
  expect(Date.now() - t0).toBeLessThan(1000);
  await responsive(page);
  await expect(page.locator('.file-info strong')).toHaveText('virtsnd-pointer-invalid.log');
  await openTrace(page, join(SHARED, 'vhost-user-enable-invalid.log'));
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem')).toHaveCount(1);
});
