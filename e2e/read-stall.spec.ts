/**
 * A read whose bytes stop coming (Chromium has stalled mid-read on a loaded machine) is said on the
 * progress line after 10 s, with what to do, instead of a silent wait. The stall is made by holding
 * the page's load progress where it is, as a stalled File read leaves it.
 */
import { expect, test } from '@playwright/test';
import { SHOTS } from './helpers.ts';

test('a read that gets no bytes for 10 s says so on the progress line, and stops saying it when bytes come', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/?bench=1');
  const setLoading = (bytes: number) =>
    page.evaluate((b) => {
      const view = (window as unknown as { __vqscopeView: { setState: (s: object) => void } }).__vqscopeView;
      view.setState({ loading: { name: 'soak.log', bytes: b, total: 8.08e9, events: 3_000_000 } });
    }, bytes);
  await setLoading(33_600_000);
  const progress = page.locator('.progress');
  await expect(progress).toContainText('Reading soak.log: 33.6 MB of 8.08 GB');
  await page.waitForTimeout(5_000);
  await expect(progress).not.toContainText('no data from the file');
  await expect(progress).toContainText(/no data from the file for 1\d s; if it does not move again, Cancel and open the file again/, {
    timeout: 10_000,
  });
  await page.screenshot({ path: `${SHOTS}read-stall.png` });
  await setLoading(34_000_000);
  await expect(progress).not.toContainText('no data from the file');
});
