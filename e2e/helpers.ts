/** Shared helpers for the e2e specs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import type { FrameModel } from '../app/draw/frame.ts';

export const SHARED = new URL('../../shared/examples/', import.meta.url).pathname;
export const GALLERY = new URL('../public/examples/', import.meta.url).pathname;
export const SHOTS = new URL('./screenshots/', import.meta.url).pathname;

/** Red pixels on the edge overlay canvas: how many, and their horizontal extent in CSS pixels. */
export async function redEdgePixels(page: Page): Promise<{ count: number; minX: number; maxX: number }> {
  return page.evaluate(() => {
    const c = document.querySelector('canvas[data-testid="edge-overlay"]') as HTMLCanvasElement;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
    const dpr = c.width / c.clientWidth;
    let count = 0;
    let minX = Number.POSITIVE_INFINITY;
    let maxX = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (data[i + 3] > 200 && data[i] > 180 && data[i + 1] < 100 && data[i + 2] < 100) {
          count++;
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
        }
      }
    }
    return { count, minX: minX / dpr, maxX: maxX / dpr };
  });
}

/** Opens a file through the "Open trace" picker and waits until the app shows it. */
export async function openTrace(page: Page, path: string): Promise<void> {
  const name = path.split('/').pop() as string;
  await page.getByLabel('Open trace').setInputFiles(path);
  await expect(page.locator('.file-info strong')).toHaveText(name, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /violation/i })).toBeVisible();
  // A progress report that arrives after the result must not bring the bar back.
  await expect(page.getByRole('progressbar', { name: 'Loading progress' })).toBeHidden();
}

/** Waits until the page answers a round trip through its event loop quickly. */
export async function responsive(page: Page, budgetMs = 1000): Promise<number> {
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const ms = Date.now() - t0;
  expect(ms).toBeLessThan(budgetMs);
  return ms;
}

/** The last frame the timeline drew, once it has drawn one (right after a load there may be none yet). */
export async function frame(page: Page): Promise<FrameModel> {
  const drawn = await page.waitForFunction(() => (window as unknown as { __vqscopeFrame: () => FrameModel | undefined }).__vqscopeFrame());
  return (await drawn.jsonValue()) as FrameModel;
}

const BIN = new URL('../packages/cli/bin/vqscope.mjs', import.meta.url).pathname;

/** Starts `vqscope open … --no-browser` (the bundled CLI) and resolves with the URL it prints. */
export function openServed(args: string[]): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
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
