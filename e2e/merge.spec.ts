import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildRows } from '../app/draw/rows.ts';
import type { Summary } from '../worker/protocol.ts';

const PAIR = new URL('../packages/trace/fixtures/merge/', import.meta.url).pathname;

test('QEMU’s trace and the guest capture opened together: the driver’s and the device’s events of one queue on adjacent lanes', async ({
  page,
}) => {
  // ?bench exposes the app's store and engine, to read the lanes the timeline draws and what the worker answers for them.
  await page.goto('/?bench');
  await page.getByLabel('Open trace').setInputFiles([join(PAIR, 'guest.trace'), join(PAIR, 'host.log')]);
  await expect(page.locator('.file-info strong')).toHaveText('host.log + guest.trace', { timeout: 30_000 });
  await expect(page.locator('.file-info')).toContainText(/guest clock mapped from 10 kick\/notify pairs, residual \d+\.\d µs/);
  await expect(page.getByRole('progressbar', { name: 'Loading progress' })).toBeHidden();

  const summary = (await page.evaluate(
    () => (window as unknown as { __vqscopeView: { getState(): { summary: unknown } } }).__vqscopeView.getState().summary,
  )) as Summary;
  expect(summary.files).toEqual(['host.log', 'guest.trace']);
  const group = 'ring vdev 0x55d0c8a1a000 q0';
  const lanes = summary.lanes.map((l, i) => ({ ...l, i })).filter((l) => l.group === group);
  expect(lanes.map((l) => l.label)).toEqual(['side device', 'side driver']);
  // The rows the timeline draws: the two lanes of the queue are next to each other.
  const { rowOfLane } = buildRows(summary.lanes, new Set());
  const [device, driver] = lanes;
  expect(rowOfLane[driver.i]).toBe(rowOfLane[device.i] + 1);

  // What the worker answers for those two lanes over the whole trace: QEMU's events on one, the guest's on the other.
  const names = await page.evaluate(
    async ({ lanes, count }) => {
      const engine = (
        window as unknown as { __vqscopeEngine: { render(q: unknown): Promise<{ lanes: { lane: number; names: Uint32Array }[] }> } }
      ).__vqscopeEngine;
      const r = await engine.render({ x0: 0, x1: count - 1, axis: 'order', lanes, width: 2000 });
      return r.lanes.map((l) => [...new Set(l.names)]);
    },
    { lanes: [device.i, driver.i], count: summary.events },
  );
  const named = names.map((ids) => ids.map((id) => summary.names[id]).sort());
  expect(named[0]).toEqual(['virtio_notify', 'virtio_queue_notify', 'virtqueue_fill', 'virtqueue_flush', 'virtqueue_pop']);
  expect(named[1]).toEqual(['vq_add', 'vq_get_buf', 'vq_interrupt', 'vq_kick']);
});

test('the real PCI pair opened together lists the balloon’s kick before DRIVER_OK on both sides, each at its own file and line', async ({
  page,
}) => {
  const real = new URL('../packages/trace/fixtures/guest/', import.meta.url).pathname;
  await page.goto('/');
  await page.getByLabel('Open trace').setInputFiles([join(real, 'host-qemu.log'), join(real, 'guest-ftrace-kprobes.txt')]);
  await expect(page.locator('.file-info strong')).toHaveText('host-qemu.log + guest-ftrace-kprobes.txt', { timeout: 30_000 });
  const errors = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'error' });
  await expect(errors.filter({ hasText: 'guest-ftrace-kprobes.txt:475' })).toHaveCount(1);
  await expect(errors.filter({ hasText: 'host-qemu.log:765' })).toHaveCount(1);
});

test('two files of which neither is QEMU’s trace say why they cannot be merged', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Open trace').setInputFiles([join(PAIR, 'guest.trace'), join(PAIR, 'guest.trace')]);
  await expect(page.getByRole('alert')).toContainText("one file must be QEMU's trace (with virtio_queue_notify events)");
});
