// `node scripts/follow-bench.mjs [--lines N] [--slice BYTES] [--opened-at BYTES]`: a file followed the way the page
// follows it (`vqscope open FILE --follow`, "Follow this file"): the bench's deterministic trace
// appended a slice at a time into the worker's follow path (worker/follow.ts), one view after each.
// Prints the ms a view takes as the trace grows (what an append costs before the page shows it),
// and the bytes per event held at the end against the same file loaded whole. A benchmark, not a
// test: it never fails on timing.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { generateTrace } from './bench/generate.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const lines = opt('--lines', 1_000_000);
const slice = opt('--slice', 1 << 20);
// How much of the file is there when it is opened (the rest is appended): 0 = it starts empty.
const openedAt = opt('--opened-at', 0);

const dir = join(tmpdir(), 'vqscope-bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `trace-${lines}.log`);
if (!existsSync(file)) {
  console.log(`generating ${lines.toLocaleString('en-US')} lines into ${file} …`);
  await generateTrace(file, lines);
}
const out = join(dir, 'follow-run.mjs');
await build({
  entryPoints: ['scripts/bench/follow-run.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  logLevel: 'warning',
});
const mod = await import(`${pathToFileURL(out).href}?t=${Date.now()}`);

const w = await mod.whole(file);
const f = await mod.follow(file, slice, openedAt);
console.log(`followed ${f.events.toLocaleString('en-US')} events in ${f.views.length} appends of ~${(slice / 1024).toFixed(0)} KiB`);
const at = [0.1, 0.25, 0.5, 0.75, 1].map((p) => f.views[Math.min(f.views.length - 1, Math.floor(p * f.views.length) - (p === 1 ? 1 : 0))]);
console.log('events      append ms  view ms (check new events + lanes + notes)');
for (const v of at)
  console.log(`${String(v.events).padStart(10)}  ${v.appendMs.toFixed(1).padStart(9)}  ${v.viewMs.toFixed(1).padStart(7)}`);
const per = (b, n) => (b / n).toFixed(1);
console.log(`bytes/event typed arrays: followed ${per(f.resident, f.events)}, whole file ${per(w.resident, w.events)} (budget ≤ 40)`);
console.log(`bytes/event RSS after GC: followed ${per(f.rss, f.events)}, whole file ${per(w.rss, w.events)}`);
console.log(
  `followed: JS heap ${per(f.heap, f.events)} B/event, array buffers ${per(f.arrayBuffers, f.events)} B/event, file bytes kept for raw lines ${per(f.bytes, f.events)} B/event`,
);
console.log(`violations: followed ${f.violations}, whole file ${w.violations}`);
