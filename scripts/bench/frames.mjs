// `node scripts/bench/frames.mjs [--events N] [--presses K] [--trace out.json [--profile]] [--readable]
// [--no-build] [--port P] [--wait MS]`: the bench's pan/zoom frame measurement alone (the same key
// presses, each waiting for its refined frame), on a trace `npm run bench` generated, so that a
// change to drawing can be timed in a minute; optionally with a Chromium performance trace of the
// presses (--profile adds V8 samples of every thread, --readable an unminified build that names
// the functions). Prints one JSON line: median, p95 and max of both frame kinds, and every frame.
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { preview, build as viteBuild } from 'vite';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : dflt;
};
const events = Number(opt('--events', 1_000_000));
const presses = Number(opt('--presses', 100));
const traceOut = opt('--trace', undefined);
const file = join(tmpdir(), 'vqscope-bench', `trace-${events}.log`);
if (!existsSync(file)) throw new Error(`${file} is missing: run npm run bench -- --events ${events} first`);
// --readable: an unminified build, so that a profile names the functions.
if (!args.includes('--no-build')) await viteBuild({ logLevel: 'warn', build: { minify: !args.includes('--readable') } });
const server = await preview({ preview: { port: Number(opt('--port', 4179)), strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
const url = server.resolvedUrls.local[0];
const b = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await b.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('console', (m) => console.error(`page: ${m.text()}`));
  await page.goto(`${url}?bench=1`);
  const t0 = Date.now();
  await page.getByLabel('Open trace').setInputFiles(file);
  await page.locator('.file-info strong').waitFor({ timeout: 600_000 });
  await page.waitForFunction(() => performance.getEntriesByName('vqscope:first-frame').length > 0, null, { timeout: 60_000 });
  console.error(`loaded in ${Date.now() - t0} ms`);
  await page.waitForTimeout(500);
  const cdp = traceOut ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Tracing.start', {
      transferMode: 'ReturnAsStream',
      traceConfig: {
        includedCategories: [
          'devtools.timeline',
          'v8.execute',
          'disabled-by-default-devtools.timeline',
          'blink.user_timing',
          'v8',
          'blink',
          'cc',
          'gpu',
          'disabled-by-default-v8.gc',
          'toplevel',
          'disabled-by-default-v8.cpu_profiler',
        ],
      },
    });
  }
  await page.evaluate(() => {
    window.__vqscopeFrames = [];
    window.__vqscopeRefined = [];
  });
  const keys = ['w', 'd', 'd', 's', 'a', 'w', 'w', 'd', 's', 's'];
  for (let k = 0; k < presses; k++) {
    await page.keyboard.press(keys[k % keys.length]);
    await page.waitForFunction((n) => window.__vqscopeRefined.length > n, k, { timeout: Number(opt('--wait', 30_000)) }).catch(() => {});
  }
  if (cdp) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    const { stream } = await done;
    let data = '';
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      data += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
      if (chunk.eof) break;
    }
    writeFileSync(traceOut, data);
  }
  const frames = await page.evaluate(() => window.__vqscopeFrames);
  const refined = await page.evaluate(() => window.__vqscopeRefined);
  const extra = await page.evaluate(() => window.__vqscopeSteps ?? null);
  const stat = (xs) => {
    const s = xs.slice(0, presses).sort((x, y) => x - y);
    return {
      n: s.length,
      median: +s[Math.floor(s.length / 2)].toFixed(1),
      p95: +s[Math.min(s.length - 1, Math.floor(s.length * 0.95))].toFixed(1),
      max: +s.at(-1).toFixed(1),
    };
  };
  console.log(
    JSON.stringify({
      events,
      frames: stat(frames),
      refined: stat(refined),
      rawFrames: frames.map((x) => +x.toFixed(1)),
      rawRefined: refined.map((x) => +x.toFixed(1)),
      extra,
    }),
  );
} finally {
  await b.close();
  await new Promise((r) => server.httpServer.close(r));
}
