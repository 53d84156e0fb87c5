// `npm run bench [-- --events N] [-- --json]`: parse+check speed, memory and drawing, in Node and
// in a module Web Worker in headless Chromium, against a bare line count over the same bytes in
// the same runtime and run. A benchmark, not a test: it never fails on timing.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { preview, build as viteBuild } from 'vite';
import { generateTrace } from './bench/generate.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const at = args.indexOf('--events');
const events = at >= 0 ? Number(args[at + 1]) : 1_000_000;
const skipBrowser = args.includes('--node-only');
const log = (s) => {
  if (!json) console.log(s);
  else process.stderr.write(`${s}\n`);
};

const dir = join(tmpdir(), 'vqscope-bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `trace-${events}.log`);
const metaFile = `${file}.json`;
let meta = existsSync(metaFile) && existsSync(file) ? JSON.parse(readFileSync(metaFile, 'utf8')) : undefined;
if (!meta || meta.events !== events) {
  log(`generating ${events.toLocaleString('en-US')} events into ${file} …`);
  meta = await generateTrace(file, events);
  writeFileSync(metaFile, JSON.stringify(meta));
}
const bytes = statSync(file).size;
log(`trace: ${events.toLocaleString('en-US')} events, ${(bytes / 1e6).toFixed(1)} MB, ${meta.injected} violations injected`);

// Node: the same engine as the CLI, bundled like the CLI.
const nodeRun = join(dir, 'node-run.mjs');
await build({
  entryPoints: ['scripts/bench/node-run.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: nodeRun,
  logLevel: 'warning',
});
const nodeMod = await import(`${pathToFileURL(nodeRun).href}?t=${Date.now()}`);
// The floor is the faster of two bare line counts: the one the machine can really do.
const nodeFloor = [await nodeMod.countLines(file), await nodeMod.countLines(file)].sort((a, b) => a.ms - b.ms)[0];
const nodeRes = await nodeMod.parseAndCheck(file);
const node = {
  ms: Math.round(nodeRes.ms),
  mbPerS: +(bytes / 1e6 / (nodeRes.ms / 1000)).toFixed(1),
  ratioVsLineCount: +(nodeRes.ms / nodeFloor.ms).toFixed(2),
  lineCountMs: Math.round(nodeFloor.ms),
  // Measured, not counted: what the process holds after a forced GC (issue #18). The columns are part of it.
  bytesPerEvent: +(nodeRes.heldBytes / nodeRes.events).toFixed(1),
  columnBytesPerEvent: +(nodeRes.columnBytes / nodeRes.events).toFixed(1),
};
log(`node: line count ${Math.round(nodeFloor.ms)} ms; parse ${Math.round(nodeRes.ingestMs)} ms + check ${Math.round(nodeRes.checkMs)} ms`);
// Mining against checking with every pack, on the same trace (target: at most 10×).
const mineRes = await nodeMod.mineAndCheck(file);
const mine = {
  ms: Math.round(mineRes.mineMs),
  ratioVsCheck: +(mineRes.mineMs / mineRes.checkMs).toFixed(2),
  checkAllPacksMs: Math.round(mineRes.checkMs),
  candidates: mineRes.candidates,
  heldBytes: mineRes.heldBytes,
};
log(
  `node: check with every pack ${mine.checkAllPacksMs} ms; mine ${mine.ms} ms (${mine.ratioVsCheck}× check, ${mine.candidates} candidates, +${(mine.heldBytes / 1e6).toFixed(1)} MB resident)`,
);

let browser;
let violationsFound = nodeRes.violationsFound;
if (!skipBrowser) {
  await viteBuild({ logLevel: 'warn' });
  // Cross-origin isolation, for the bench only: performance.measureUserAgentSpecificMemory() needs it.
  const server = await preview({
    preview: {
      port: 4178,
      strictPort: false,
      host: '127.0.0.1',
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls.local[0];
  const b = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // measureUserAgentSpecificMemory() then answers at once instead of after the next natural GC.
      '--enable-blink-features=ForceEagerMeasureMemory',
    ],
  });
  try {
    const page = await b.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${url}?bench=1`);
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-file';
      document.body.append(input);
    });
    await page.setInputFiles('#bench-file', file);
    const countLines = () => page.evaluate(() => window.__vqscopeEngine.countLines(document.getElementById('bench-file').files[0]));
    const floor = [await countLines(), await countLines()].sort((a, b) => a.ms - b.ms)[0];
    const measureMemory = () =>
      page.evaluate(async () => (self.crossOriginIsolated ? (await performance.measureUserAgentSpecificMemory()).bytes : Number.NaN));
    const memory0 = await measureMemory();
    page.on('crash', () => log('browser: the page crashed'));
    await page.getByLabel('Open trace').setInputFiles(file);
    // Say where a slow load is, every 30 s, instead of waiting silently.
    const watch = setInterval(() => {
      page
        .locator('.progress')
        .textContent({ timeout: 1000 })
        .then((t) => log(`browser: still loading: ${t}`))
        .catch(() => {});
    }, 30_000);
    await page
      .locator('.file-info strong')
      .waitFor({ timeout: 600_000 })
      .finally(() => clearInterval(watch));
    await page.waitForFunction(() => performance.getEntriesByName('vqscope:first-frame').length > 0, null, { timeout: 60_000 });
    const s = await page.evaluate(() => {
      const sum = window.__vqscopeView.getState().summary;
      const first =
        performance.getEntriesByName('vqscope:first-frame').at(-1).startTime -
        performance.getEntriesByName('vqscope:summary').at(-1).startTime;
      return {
        timings: sum.timings,
        events: sum.events,
        resident: sum.residentBytes,
        errors: sum.violations.filter((v) => v.severity === 'error').length,
        first,
      };
    });
    const memory1 = await measureMemory();
    // 100 scripted frames: zoom in, pan, zoom out, pan, each waiting for its frame to be drawn and
    // for the worker's answer for it to be drawn too.
    await page.evaluate(() => {
      window.__vqscopeFrames = [];
      window.__vqscopeRefined = [];
    });
    const keys = ['w', 'd', 'd', 's', 'a', 'w', 'w', 'd', 's', 's'];
    for (let k = 0; k < 100; k++) {
      await page.keyboard.press(keys[k % keys.length]);
      await page.waitForFunction((n) => window.__vqscopeRefined.length > n, k, { timeout: 30_000 }).catch(() => {});
    }
    const sorted = (xs) => xs.slice(0, 100).sort((x, y) => x - y);
    const frames = sorted(await page.evaluate(() => window.__vqscopeFrames));
    const refined = sorted(await page.evaluate(() => window.__vqscopeRefined));
    const p95 = (xs) => +xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))].toFixed(1);
    const median = (xs) => +xs[Math.floor(xs.length / 2)].toFixed(1);
    const ms = s.timings.ingestMs + s.timings.checkMs + s.timings.lanesMs;
    violationsFound = s.errors;
    browser = {
      ms: Math.round(ms),
      mbPerS: +(bytes / 1e6 / (ms / 1000)).toFixed(1),
      ratioVsLineCount: +(ms / floor.ms).toFixed(2),
      lineCountMs: Math.round(floor.ms),
      // Measured by measureUserAgentSpecificMemory (page and workers), not the engine's count (issue #18).
      bytesPerEvent: +((memory1 - memory0) / s.events).toFixed(1),
      columnBytesPerEvent: +(s.resident / s.events).toFixed(1),
      firstPaintMs: Math.round(s.first),
      frameMsP95: p95(frames),
      frameMsMedian: median(frames),
      refinedMsP95: p95(refined),
      refinedMsMedian: median(refined),
    };
    log(
      `browser: line count ${Math.round(floor.ms)} ms; parse ${Math.round(s.timings.ingestMs)} ms + check ${Math.round(s.timings.checkMs)} ms + lanes ${Math.round(s.timings.lanesMs)} ms; ${frames.length} frames; prefaulted buffers ${JSON.stringify(s.timings.buffers ?? {})}`,
    );
  } finally {
    await b.close();
    await new Promise((r) => server.httpServer.close(r));
  }
}

const rows = [
  ['', 'node', 'browser worker'],
  ['parse+check (ms)', node.ms, browser?.ms ?? '-'],
  ['MB/s', node.mbPerS, browser?.mbPerS ?? '-'],
  ['events/s', Math.round(events / (node.ms / 1000)), browser ? Math.round(events / (browser.ms / 1000)) : '-'],
  [
    '× bare line count (its ms)',
    `${node.ratioVsLineCount} (${node.lineCountMs})`,
    browser ? `${browser.ratioVsLineCount} (${browser.lineCountMs})` : '-',
  ],
  ['bytes/event, measured (see below)', node.bytesPerEvent, browser?.bytesPerEvent ?? '-'],
  ['  of which trace columns', node.columnBytesPerEvent, browser?.columnBytesPerEvent ?? '-'],
  ['first paint after load (ms)', '', browser?.firstPaintMs ?? '-'],
  ['pan/zoom frame median / p95 (ms)', '', browser ? `${browser.frameMsMedian} / ${browser.frameMsP95}` : '-'],
  ['  with the worker answer, median / p95', '', browser ? `${browser.refinedMsMedian} / ${browser.refinedMsP95}` : '-'],
  ['mine ms / × check (all packs)', `${mine.ms} / ${mine.ratioVsCheck}`, '-'],
  ['violations found / injected', `${nodeRes.violationsFound} / ${meta.injected}`, browser ? `${violationsFound} / ${meta.injected}` : '-'],
];
const w = [40, 16, 16];
log('');
for (const r of rows) log(r.map((c, i) => String(c).padEnd(w[i])).join(''));
log('\nbytes/event, measured: Node, resident set size after a forced GC, minus the same before the load;');
log('  browser, performance.measureUserAgentSpecificMemory() (page and workers) after the first paint, minus before the load.');
log('trace columns: typed-array bytes of the trace columns (Node), plus the lane index (browser), counted by the engine.');
log('× bare line count: parse+check time over the faster of two bare line counts of the same bytes, same runtime and run.');
log('frame: from the key press to the end of the first drawing of the new view; with the worker answer: to its drawing.');
if (json) {
  console.log(JSON.stringify({ events, bytes, node, mine, browser: browser ?? null, violationsFound, violationsInjected: meta.injected }));
}
