import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { openTrace, SHARED } from './helpers.ts';

/** Red pixels on the comparison's lanes canvas. */
async function redComparePixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector('canvas[data-testid="compare-lanes"]') as HTMLCanvasElement | null;
    if (!c) return 0;
    const { data } = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200 && data[i] > 180 && data[i + 1] < 100 && data[i + 2] < 100) n++;
    return n;
  });
}

test('rules suggested from the valid vhost-user trace, ticked, find the event handled before enable at line 1 of the invalid one', async ({
  page,
}) => {
  await page.goto('/');
  await openTrace(page, join(SHARED, 'vhost-user-enable-valid.log'));
  await page.getByRole('tab', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'Suggest rules from this trace' }).click();
  const candidates = page.getByRole('list', { name: 'Rule candidates' });
  await expect(candidates.getByRole('listitem').first()).toBeVisible();
  await expect(candidates).toContainText('every handle_event has its own earlier set_vring_enable');
  await expect(candidates).toContainText('support: 1 instance');
  for (const box of await candidates.getByRole('checkbox').all()) await box.check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as .rules' }).click();
  const saved = readFileSync(await (await download).path(), 'utf8');
  expect(saved).toContain('rule mined-precedes-all-set_vring_enable-handle_event');
  expect(saved).toMatch(/# support: 1 instance over 1 key \(no key field\) in vhost-user-enable-valid\.log/);
  await page.getByRole('button', { name: /Check with the ticked rules/ }).click();
  await expect(page.getByRole('heading', { name: /Rules in use/ })).toContainText(/Rules in use \(\d+\)/);
  await expect(page.locator('.rule-list')).toContainText('mined-precedes-all-set_vring_enable-handle_event');

  await page.getByRole('tab', { name: 'Violations' }).click();
  await openTrace(page, join(SHARED, 'vhost-user-enable-invalid.log'));
  const mined = page
    .getByRole('list', { name: 'Violations' })
    .getByRole('listitem')
    .filter({ hasText: 'every handle_event has its own earlier set_vring_enable' })
    .filter({ hasText: 'error' });
  await expect(mined).toHaveCount(1);
  await expect(mined).toContainText('line 1');
});

test('comparing the two virtsnd traces marks and lists the divergence at line 5 for buffer #1, and lists B’s violation as only in B', async ({
  page,
}) => {
  await page.goto('/');
  await openTrace(page, join(SHARED, 'virtsnd-pointer-valid.log'));
  await page.getByLabel('Compare with…').setInputFiles(join(SHARED, 'virtsnd-pointer-invalid.log'));
  const divergences = page.getByRole('list', { name: 'First divergences' });
  await expect(divergences.getByRole('listitem').first()).toContainText(
    'line 5 of B · buffer #1: virtsnd_pcm_pointer where A had virtsnd_pcm_msg_complete',
  );
  await expect.poll(() => redComparePixels(page)).toBeGreaterThan(20);
  // Time from each trace's start: the divergence is still marked.
  await page.getByRole('button', { name: 'Time from start' }).click();
  await expect(page.getByRole('img', { name: /on time from each trace’s start; 1 first divergence\(s\) marked/ })).toBeVisible();
  await expect.poll(() => redComparePixels(page)).toBeGreaterThan(20);
  const onlyInB = page.getByRole('list', { name: 'Violations only in B' });
  await expect(onlyInB.getByRole('listitem').first()).toContainText('only in B');
  await expect(onlyInB.getByRole('listitem').filter({ hasText: 'line 5' }).first()).toContainText('buffer #1');

  // The pair plays in teach mode, and its link opens it again with both excerpts in the fragment.
  await page.getByRole('button', { name: 'Link to this comparison' }).click();
  const link = await page.getByRole('textbox', { name: 'Link to this comparison' }).inputValue();
  expect(link).toMatch(/#pair=[\w-]+$/);
  await page.getByRole('button', { name: 'Play in teach mode' }).click();
  await page.getByRole('button', { name: 'Jump to where the rule fires' }).click();
  await expect(page.getByText(/The rule fires at line 5/).first()).toBeVisible();

  const other = await page.context().newPage();
  await other.goto(link);
  await expect(
    other.getByRole('heading', { name: /virtsnd-pointer-invalid\.log compared with .*virtsnd-pointer-valid\.log/ }),
  ).toBeVisible();
  await other.getByRole('button', { name: 'Jump to where the rule fires' }).click();
  await expect(other.getByText(/The rule fires at line 5/).first()).toBeVisible();
});
