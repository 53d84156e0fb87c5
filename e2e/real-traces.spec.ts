/**
 * Real traces (issue #17): the QEMU 7.2 balloon excerpt from the gallery, whose violation's two
 * ends live in lanes far apart, and what a trace with many lanes and names needs: pinned lanes,
 * zoom to the edge, a legend that filters, a lane filter, lanes named by what they are and
 * values decoded as the spec names them. Assertions read the frame the timeline drew
 * (window.__vqscopeFrame) or its pixels, never a flag the app sets about itself.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { FrameModel } from '../app/draw/frame.ts';
import { frame, redEdgePixels, SHOTS } from './helpers.ts';

mkdirSync(SHOTS, { recursive: true });

const BALLOON = 'QEMU 7.2: virtio-balloon kicks before DRIVER_OK';

async function openExample(page: Page, title: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('list', { name: 'Example traces' }).getByRole('button', { name: title }).click();
  await expect(page.getByLabel('Trace view')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Loading progress' })).toBeHidden();
}

/** The trace index of the event at a source line (every line of the balloon excerpt is an event). */
function eventAtLine(line: number): number {
  return line - 1;
}

function inside(f: FrameModel, event: number) {
  const g = f.glyphs.find((x) => x.event === event);
  return g !== undefined && g.x >= f.plot.x0 && g.x <= f.plot.x1 && g.y >= f.plot.y0 && g.y <= f.plot.y1;
}

test('the balloon example: selecting its violation pins both ends on screen, 40 px apart or more', async ({ page }) => {
  await openExample(page, BALLOON);
  const errors = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'error' });
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toContainText('line 360');
  await errors.first().locator('.v-button').click();
  await expect(errors.first()).toHaveAttribute('aria-selected', 'true');
  const offending = eventAtLine(360);
  const expected = eventAtLine(363);
  await expect.poll(async () => inside(await frame(page), offending) && inside(await frame(page), expected)).toBe(true);
  const f = await frame(page);
  const a = f.glyphs.find((g) => g.event === offending);
  const b = f.glyphs.find((g) => g.event === expected);
  expect(Math.abs((b?.x ?? 0) - (a?.x ?? 0))).toBeGreaterThanOrEqual(40);
  // Both lanes are pinned, under a marked header.
  expect(f.pinned).toBeGreaterThanOrEqual(3);
  expect(f.rows[0]).toMatchObject({ kind: 'group', pinned: true });
  // Lanes named by what they are: the kick's lane is the balloon's queue 2, the status write's the balloon itself.
  const pinnedLabels = f.rows.filter((r) => r.pinned && r.kind === 'lane').map((r) => r.label);
  expect(pinnedLabels).toContain('virtio-balloon (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)');
  expect(pinnedLabels).toContain('virtio-balloon (vdev 0x564849ec28a0)');
  expect(a && b && a.y < f.plot.y0 + f.pinned * 22 && b.y < f.plot.y0 + f.pinned * 22).toBe(true);
  // The red edge lies between them, inside the canvas.
  const red = await redEdgePixels(page);
  expect(red.count).toBeGreaterThan(40);
  expect(red.minX).toBeGreaterThanOrEqual(Math.min(a?.x ?? 0, b?.x ?? 0) - 12);
  expect(red.maxX).toBeLessThanOrEqual(Math.max(a?.x ?? 0, b?.x ?? 0) + 12);
  await page.screenshot({ path: join(SHOTS, 'balloon-violation-light.png') });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, 'balloon-violation-dark.png') });
});

test('the legend is a filter: hiding virtqueue_pop removes its glyphs, and only its', async ({ page }) => {
  await openExample(page, BALLOON);
  // The queues' lanes, where QEMU pops, fills and flushes.
  await page.getByLabel('Filter lanes').fill('vq 0x7f73dfeac');
  const count = (f: FrameModel, name: string) =>
    f.glyphs.filter((g) => g.name === name).length + f.bins.filter((b) => b.names.includes(name)).length;
  await expect.poll(async () => count(await frame(page), 'virtqueue_pop')).toBeGreaterThan(0);
  const fills = count(await frame(page), 'virtqueue_fill');
  expect(fills).toBeGreaterThan(0);
  // More than 12 names: a search box narrows the legend.
  await page.getByLabel('Find an event name').fill('virtqueue_p');
  await expect(page.getByLabel('Legend').getByRole('button', { name: 'virtqueue_fill' })).toHaveCount(0);
  const pop = page.getByLabel('Legend').getByRole('button', { name: 'virtqueue_pop', exact: true });
  await expect(pop).toHaveAttribute('aria-pressed', 'true');
  await pop.click();
  await expect(pop).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => count(await frame(page), 'virtqueue_pop')).toBe(0);
  expect(count(await frame(page), 'virtqueue_fill')).toBe(fills);
  await pop.click();
  await expect.poll(async () => count(await frame(page), 'virtqueue_pop')).toBeGreaterThan(0);
  // Related events share a hue: the virtqueue_* swatches are one family, apart from virtio_blk_*.
  await page.getByLabel('Find an event name').fill('');
  await expect(page.getByLabel('Legend').getByRole('button', { name: /^virtqueue_\* \d+$/ })).toBeVisible();
  await expect(page.getByLabel('Legend').getByRole('button', { name: /^virtio_blk_\* \d+$/ })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'balloon-legend-filtered.png') });
});

test('the lane filter keeps the lanes matching a pointer, or only the lanes with findings', async ({ page }) => {
  await openExample(page, BALLOON);
  await expect.poll(async () => (await frame(page)).rows.length).toBeGreaterThan(10);
  await page.getByLabel('Filter lanes').fill('0x7f73dfe85140');
  await expect.poll(async () => (await frame(page)).rows.filter((r) => r.kind === 'lane').length).toBeGreaterThan(0);
  let f = await frame(page);
  // That pointer is the balloon's queue 2: its group alone is kept, named by device and queue index, pointers kept.
  expect(f.rows.filter((x) => x.kind === 'group').map((r) => r.label)).toEqual(['virtio-balloon (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)']);
  await expect(page.locator('.lane-filter')).toContainText(/\d+ of \d+ lanes/);
  await page.getByLabel('Filter lanes').fill('balloon');
  await expect
    .poll(async () => (await frame(page)).rows.map((r) => r.label))
    .toEqual(expect.arrayContaining(['virtio-balloon (vdev 0x564849ec28a0)', 'virtio-balloon (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)']));
  // Kept: the balloon's lanes, and the balloon's own events that carry no pointer.
  let group = '';
  for (const r of (await frame(page)).rows) {
    if (r.kind === 'group') group = r.label;
    else expect(`${group} ${r.label}`).toContain('balloon');
  }
  await page.getByLabel('Filter lanes').fill('');
  await page.getByLabel('only lanes with findings').check();
  await expect.poll(async () => (await frame(page)).rows.filter((r) => r.kind === 'lane').length).toBeLessThanOrEqual(4);
  f = await frame(page);
  // The lanes of the offending kick (line 360) and of the status write it came before (line 363) are kept.
  const glyphEvents = new Set(f.glyphs.map((g) => g.event));
  expect(glyphEvents.has(eventAtLine(360))).toBe(true);
  expect(glyphEvents.has(eventAtLine(363))).toBe(true);
});

test('obligations open at the end are notes: a collapsed group counted apart from the violations', async ({ page }) => {
  await openExample(page, BALLOON);
  await expect(page.getByRole('heading', { name: /violation/ })).toHaveText('1 violation');
  const group = page.locator('details.open-at-end');
  await expect(group.locator('summary')).toHaveText('Open at end of trace (2)');
  await expect(group).not.toHaveAttribute('open');
  const notes = page.getByRole('list', { name: 'Open at end of trace' }).getByRole('listitem');
  await expect(notes.first()).toBeHidden();
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem')).toHaveCount(1);
  await group.locator('summary').click();
  await expect(notes).toHaveCount(2);
  await expect(notes.nth(0)).toContainText('line 362');
  await expect(notes.nth(1)).toContainText('line 596');
});

test('values are decoded as the spec names them, in the details and the hover card', async ({ page }) => {
  await openExample(page, BALLOON);
  const error = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').first();
  await error.locator('.v-button').click();
  const details = page.getByLabel('Violation details');
  await expect(details).toContainText('val 11 = ACKNOWLEDGE|DRIVER|FEATURES_OK');
  // The status write at line 363 that set DRIVER_OK, decoded too.
  await expect(details.getByLabel('Decoded values')).toContainText('ACKNOWLEDGE|DRIVER|DRIVER_OK|FEATURES_OK');
  // Pan left until the write of status 11 (line 358) is on screen, then hover it.
  const status11 = eventAtLine(358);
  for (let k = 0; k < 6 && !inside(await frame(page), status11); k++) {
    await page.locator('body').press('a');
    await page.waitForTimeout(150);
  }
  const f = await frame(page);
  expect(inside(f, status11)).toBe(true);
  const g = f.glyphs.find((x) => x.event === status11) as FrameModel['glyphs'][number];
  const box = await page.getByTestId('edge-overlay').boundingBox();
  await page.mouse.move((box?.x ?? 0) + g.x, (box?.y ?? 0) + g.y);
  const card = page.getByRole('tooltip');
  await expect(card).toContainText('line 358');
  await expect(card).toContainText('11 = ACKNOWLEDGE|DRIVER|FEATURES_OK');
  await page.screenshot({ path: join(SHOTS, 'balloon-hover-status-11.png') });
  // Deselecting unpins.
  expect((await frame(page)).pinned).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(error).toHaveAttribute('aria-selected', 'false');
  await expect.poll(async () => (await frame(page)).pinned).toBe(0);
});

test('virtsnd two-buffer case in time view: both ends of the edge on screen and apart', async ({ page }) => {
  await openExample(page, 'virtio-snd: RELEASE with pending I/O');
  await expect(page.getByRole('button', { name: 'Time' })).toHaveAttribute('aria-pressed', 'true');
  const error = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').first();
  await error.locator('.v-button').click();
  // Line 8 (RELEASE) and line 9 (buffer #2 completes); every line of this trace is an event.
  await expect.poll(async () => inside(await frame(page), 7) && inside(await frame(page), 8)).toBe(true);
  const f = await frame(page);
  const a = f.glyphs.find((g) => g.event === 7);
  const b = f.glyphs.find((g) => g.event === 8);
  expect(Math.abs((b?.x ?? 0) - (a?.x ?? 0))).toBeGreaterThanOrEqual(40);
  expect((await redEdgePixels(page)).count).toBeGreaterThan(40);
  await page.screenshot({ path: join(SHOTS, 'virtsnd-two-buffers-time.png') });
  // The other two-buffer trace, the fixed driver, whole in time view.
  await page.getByRole('button', { name: 'vqscope' }).click();
  await page.getByRole('list', { name: 'Example traces' }).getByRole('button', { name: 'virtio-snd: pointer after completion' }).click();
  await expect(page.getByRole('heading', { name: 'No violations' })).toBeVisible();
  await expect.poll(async () => (await frame(page)).glyphs.length).toBe(10);
  await page.screenshot({ path: join(SHOTS, 'virtsnd-pointer-valid-time.png') });
});
