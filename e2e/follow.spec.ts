/**
 * Following a file that is being written, in the page: `vqscope open FILE --follow` streams what is
 * appended, and "Follow this file" re-reads a file picked with the File System Access picker. The
 * violation of an appended line shows without a reload; the "Follow" toggle keeps the newest
 * events in view until the user pans away.
 */
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { frame, openServed, SHARED, SHOTS } from './helpers.ts';

/**
 * The line of virtsnd-pointer-invalid.log that the valid trace does not have (line 5: buffer #1's
 * pointer returned before the device completed it), with its time moved past the valid trace's
 * last line so that timestamps keep going forward when it is appended there.
 */
function invalidLine(): string {
  const valid = readFileSync(join(SHARED, 'virtsnd-pointer-valid.log'), 'utf8').split('\n');
  const invalid = readFileSync(join(SHARED, 'virtsnd-pointer-invalid.log'), 'utf8').split('\n');
  const extra = invalid.find((l, i) => l !== valid[i]) as string;
  expect(extra).toBe('[15.612758] virtsnd_pcm_pointer: return pointer to buffer #1');
  return `${extra.replace('15.612758', '15.912758')}\n`;
}

const followToggle = (page: Page) => page.getByRole('button', { name: 'Follow', exact: true });

test('vqscope open --follow: a violation appended to the file shows within 3 s, without a reload; a cut file is read again', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'vqscope-follow-e2e-'));
  const file = join(dir, 'virtsnd-pointer-valid.log');
  copyFileSync(join(SHARED, 'virtsnd-pointer-valid.log'), file);
  const { child, url } = await openServed([file, '--follow']);
  try {
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'No violations' })).toBeVisible();
    await expect(followToggle(page)).toHaveAttribute('aria-pressed', 'true');
    const line = invalidLine();
    // Cut mid-line, as a writer flushing part of a line does: the event waits for its newline.
    appendFileSync(file, line.slice(0, 20));
    await page.waitForTimeout(400);
    await expect(page.locator('.file-info')).toContainText('10 events');
    const t0 = Date.now();
    appendFileSync(file, line.slice(20));
    const item = page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 11' });
    await expect(item).toBeVisible({ timeout: 3000 });
    console.log(`follow: append → violation listed in ${Date.now() - t0} ms`);
    await expect(page.getByRole('heading', { name: '1 violation' })).toBeVisible();
    await expect(page.locator('.file-info')).toContainText('11 events');
    expect(loads).toBe(1);
    // The timeline follows the tail: the new event is drawn.
    await expect.poll(async () => (await frame(page)).glyphs.some((g) => g.event === 10)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'follow-served.png') });

    // Zooming in and panning away from the tail turns Follow off; new events do not move the view.
    await page.locator('.timeline, canvas').first().hover();
    await page.keyboard.press('KeyW');
    await page.keyboard.press('KeyW');
    await page.keyboard.press('KeyA');
    await page.keyboard.press('KeyA');
    await expect(followToggle(page)).toHaveAttribute('aria-pressed', 'false');
    appendFileSync(file, '[15.913000] virtsnd_pcm_msg_complete: interruption, buffer #1 at consume\n');
    await expect(page.locator('.file-info')).toContainText('12 events');
    await expect.poll(async () => (await frame(page)).glyphs.some((g) => g.event === 11)).toBe(false);
    // Follow again: back to the tail, the newest event in view.
    await followToggle(page).click();
    await expect(followToggle(page)).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await frame(page)).glyphs.some((g) => g.event === 11)).toBe(true);
    // The appended line's raw text is readable (the grown source).
    await page.locator('.v-button').filter({ hasText: 'line 11' }).click();
    await expect(page.locator('.details .raw-row.offending')).toContainText('15.912758] virtsnd_pcm_pointer: return pointer to buffer #1');
    // Cut shorter (rewritten as the invalid example): the server ends the stream, the page reads the file again from the start.
    writeFileSync(file, readFileSync(join(SHARED, 'virtsnd-pointer-invalid.log')));
    await expect(page.locator('.banner')).toContainText('was cut or replaced; read again from the start', { timeout: 5000 });
    await expect(page.locator('.file-info')).toContainText('6 events');
    await expect(page.locator('.v-button').filter({ hasText: 'line 5' })).toBeVisible();
    expect(loads).toBe(1);
  } finally {
    child.kill('SIGINT');
  }
});

test('vqscope open --follow on a file not created yet waits for it, shows it empty, checks what is written; Ctrl+C ends following with a note', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'vqscope-follow-e2e-'));
  const file = join(dir, 'later.log');
  const { child, url } = await openServed([file, '--follow']);
  try {
    await page.goto(url);
    await expect(page.locator('.banner')).toHaveText('waiting for later.log to be created…');
    const [first, ...rest] = readFileSync(join(SHARED, 'virtsnd-pointer-invalid.log'), 'utf8').split(/(?<=\n)/);
    // Created empty first, as a program that opens its log before writing does.
    writeFileSync(file, '');
    await expect(page.locator('.file-info')).toContainText('0 events · waiting for the first line', { timeout: 5000 });
    await expect(page.locator('.banner')).toHaveCount(0);
    await expect(followToggle(page)).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot({ path: join(SHOTS, 'follow-empty.png') });
    appendFileSync(file, first);
    await expect(page.locator('.file-info')).toContainText('1 events · kernel log (dmesg)');
    // Its first events have timestamps: the axis is time, as for a file loaded whole.
    await expect(page.getByRole('button', { name: 'Time' })).toHaveAttribute('aria-pressed', 'true');
    appendFileSync(file, rest.join(''));
    await expect(page.locator('.v-button').filter({ hasText: 'line 5' })).toBeVisible({ timeout: 3000 });
    await expect(page.locator('.file-info')).toContainText('6 events');
    // Ctrl+C on the server: following ends with a note; the trace stays.
    child.kill('SIGINT');
    await expect(page.locator('.banner')).toHaveText('later.log: the vqscope server stopped; following ended', { timeout: 5000 });
    await expect(followToggle(page)).toHaveCount(0);
    await expect(page.locator('.file-info')).toContainText('6 events');
  } finally {
    child.kill('SIGINT');
  }
});

test('vqscope open without --follow has no Follow toggle', async ({ page }) => {
  const { child, url } = await openServed([join(SHARED, 'virtsnd-pointer-valid.log')]);
  try {
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'No violations' })).toBeVisible();
    await expect(followToggle(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Follow this file' })).toHaveCount(0);
  } finally {
    child.kill('SIGINT');
  }
});

/**
 * Playwright cannot drive the native picker, so these tests give the page a stand-in for
 * window.showOpenFilePicker whose handle's getFile() returns the test's growing text. They prove
 * the page's side (picker path, re-reading the handle every second from the last size, truncation)
 * — not that Chromium's real handles behave as the stand-in does.
 */
async function fakePicker(page: Page, text: string): Promise<void> {
  await page.addInitScript((initial) => {
    const w = window as unknown as { __followText: string; showOpenFilePicker: unknown };
    w.__followText = initial;
    w.showOpenFilePicker = async () => [
      { kind: 'file', name: 'growing.log', getFile: async () => new File([w.__followText], 'growing.log') },
    ];
  }, text);
}

/** The picked file's text from now on: appended to, or replaced. */
const write = (page: Page, text: string, how: 'append' | 'replace') =>
  page.evaluate(
    ([t, h]) => {
      const w = window as unknown as { __followText: string };
      w.__followText = h === 'append' ? w.__followText + t : t;
    },
    [text, how] as const,
  );

test('Follow this file: a file opened with the picker is read again every second, and a cut file from the start', async ({ page }) => {
  await fakePicker(page, readFileSync(join(SHARED, 'virtsnd-pointer-valid.log'), 'utf8'));
  await page.goto('/');
  await page.getByText('Open trace').first().click();
  await expect(page.locator('.file-info strong')).toHaveText('growing.log');
  await expect(page.getByRole('heading', { name: 'No violations' })).toBeVisible();
  await expect(followToggle(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Follow this file' }).click();
  await expect(followToggle(page)).toHaveAttribute('aria-pressed', 'true');
  const line = invalidLine();
  await write(page, line, 'append');
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 11' })).toBeVisible({
    timeout: 3000,
  });
  await page.screenshot({ path: join(SHOTS, 'follow-handle.png') });
  // Cut to a shorter file (the invalid example): read again from the start, with a note.
  const invalid = readFileSync(join(SHARED, 'virtsnd-pointer-invalid.log'), 'utf8');
  await write(page, invalid, 'replace');
  await expect(page.locator('.banner')).toContainText('growing.log was cut; read again from the start', { timeout: 3000 });
  await expect(page.getByRole('list', { name: 'Violations' }).getByRole('listitem').filter({ hasText: 'line 5' })).toBeVisible();
  await expect(page.locator('.file-info')).toContainText('6 events');
  await expect(followToggle(page)).toHaveAttribute('aria-pressed', 'true');
});

test('without window.showOpenFilePicker, Open trace uses the file input and there is no Follow this file', async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as unknown as { showOpenFilePicker?: unknown }).showOpenFilePicker;
  });
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('Open trace').first().click();
  await (await chooser).setFiles(join(SHARED, 'virtsnd-pointer-valid.log'));
  await expect(page.getByRole('heading', { name: 'No violations' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Follow this file' })).toHaveCount(0);
  await expect(followToggle(page)).toHaveCount(0);
});
