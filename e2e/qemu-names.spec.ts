/**
 * QEMU devices by name (issue #13, #17): the balloon example's violation names its device in the
 * violation list, and the lanes it pins (group · lane) are named by device and queue, pointers kept.
 * Lane names are read from the frame the timeline drew (window.__vqscopeFrame).
 */
import { expect, test } from '@playwright/test';
import { frame } from './helpers.ts';

const BALLOON = 'QEMU 7.2: virtio-balloon kicks before DRIVER_OK';

test('the balloon example names virtio-balloon in its violation and in the lanes of both ends', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('list', { name: 'Example traces' }).getByRole('button', { name: BALLOON }).click();
  await expect(page.getByRole('progressbar', { name: 'Loading progress' })).toBeHidden();
  const error = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'error' });
  await expect(error).toHaveCount(1);
  await expect(error.first()).toContainText('virtio-balloon (vdev 0x564849ec28a0)');
  await error.first().locator('.v-button').click();
  await expect
    .poll(async () => (await frame(page)).rows.filter((r) => r.kind === 'lane' && r.pinned).map((r) => r.label))
    .toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^virtio-balloon \(vdev 0x564849ec28a0\)/),
        expect.stringMatching(/^virtio-balloon \(vdev 0x…28a0\) · vq 2 \(0x7f73dfe85140\)/),
      ]),
    );
});
