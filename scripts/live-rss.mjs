// `node scripts/live-rss.mjs [--lines N] [--rate LINES_PER_S]`: memory of a live check over time.
// Appends the bench's deterministic trace (virtio-snd, vhost-user, virtio-net; one injected
// violation per 100,000 events) to a file, a slice every 100 ms, while `vqscope check --follow`
// reads it, and samples the CLI's resident set (VmRSS) against the lines it has read (its read
// count, from /proc/PID/io). Linux only. Needs the CLI bundle (`npm ci` builds it).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTrace } from './bench/generate.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const lines = opt('--lines', 10_000_000);
const rate = opt('--rate', 500_000);
const json = args.includes('--json');
const log = (s) => (json ? process.stderr : process.stdout).write(`${s}\n`);

const dir = join(tmpdir(), 'vqscope-bench');
mkdirSync(dir, { recursive: true });
const source = join(dir, `trace-${lines}.log`);
if (!existsSync(source)) {
  log(`generating ${lines.toLocaleString('en-US')} lines into ${source} …`);
  await generateTrace(source, lines);
}
const total = statSync(source).size;
const bytesPerLine = total / lines;
const followed = join(dir, `followed-${process.pid}.log`);
writeFileSync(followed, '');

const bin = new URL('../packages/cli/bin/vqscope.mjs', import.meta.url).pathname;
const child = spawn(process.execPath, [bin, 'check', '--follow', followed, '--format', 'jsonl'], { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
let err = '';
child.stdout.on('data', (d) => {
  out += d;
  // Only the last lines matter (the summary); the violation lines are counted, not kept.
  if (out.length > 1 << 16) out = out.slice(-4096);
});
child.stderr.on('data', (d) => {
  err += d;
});
const exited = new Promise((r) => child.on('close', r));

const rssMb = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};
/**
 * Bytes the CLI has read since it opened the followed file: its read count (rchar in
 * /proc/PID/io; the file is read with pread, so the descriptor has no position to look at).
 */
const rchar = () => {
  try {
    return Number(/rchar:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};
while (!err.includes('following')) await new Promise((r) => setTimeout(r, 20));
const rchar0 = rchar();
const readPos = () => rchar() - rchar0;

/** CPU seconds the CLI has used (user + system), from /proc/PID/stat. */
const cpuSeconds = () => {
  try {
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
};

const samples = [];
const sample = () => samples.push({ t: performance.now(), linesRead: readPos() / bytesPerLine, rss: rssMb() });
const sampler = setInterval(sample, 250);

// The writer: a slice of the source every 100 ms, cut at a newline so lines arrive whole.
const src = openSync(source, 'r');
const dst = openSync(followed, 'a');
const slice = Math.ceil((rate / 10) * bytesPerLine);
const buf = Buffer.alloc(slice + 4096);
let at = 0;
let carry = Buffer.alloc(0);
const t0 = performance.now();
while (at < total) {
  const n = readSync(src, buf, 0, slice, at);
  at += n;
  const chunk = Buffer.concat([carry, buf.subarray(0, n)]);
  const cut = at >= total ? chunk.length : chunk.lastIndexOf(10) + 1;
  writeSync(dst, chunk.subarray(0, cut));
  carry = Buffer.from(chunk.subarray(cut));
  const due = t0 + (at / total) * (lines / rate) * 1000;
  await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
}
closeSync(src);
closeSync(dst);
const written = performance.now();
// Wait for the reader to reach the end.
while (readPos() < total) await new Promise((r) => setTimeout(r, 100));
const caughtUp = performance.now();
sample();
const cpu = cpuSeconds();
clearInterval(sampler);
child.kill('SIGINT');
await exited;
const summary = JSON.parse(out.trim().split('\n').pop() ?? '{}');

const at1M = samples.find((s) => s.linesRead >= Math.min(1_000_000, lines * 0.1));
const after1M = samples.filter((s) => s.linesRead >= (at1M?.linesRead ?? 0));
const result = {
  lines,
  mb: +(total / 1e6).toFixed(1),
  writeSeconds: +((written - t0) / 1000).toFixed(1),
  lagAtEndMs: Math.round(caughtUp - written),
  rssAt1MMb: +(at1M?.rss ?? Number.NaN).toFixed(1),
  rssMaxAfter1MMb: +Math.max(...after1M.map((s) => s.rss)).toFixed(1),
  rssMaxMb: +Math.max(...samples.map((s) => s.rss)).toFixed(1),
  rssEndMb: +samples[samples.length - 1].rss.toFixed(1),
  cpuSeconds: cpu,
  summary,
  stderr: err.trim(),
};
if (json) console.log(JSON.stringify(result));
else {
  log(
    `${lines.toLocaleString('en-US')} lines (${result.mb} MB) appended over ${result.writeSeconds} s; the check caught up ${result.lagAtEndMs} ms after the last write`,
  );
  log('lines read   RSS (MB)');
  const step = Math.max(1, Math.floor(samples.length / 20));
  for (let k = 0; k < samples.length; k += step)
    log(`${(samples[k].linesRead / 1e6).toFixed(2).padStart(8)}M   ${samples[k].rss.toFixed(1)}`);
  log(
    `RSS at 1M lines ${result.rssAt1MMb} MB, highest after that ${result.rssMaxAfter1MMb} MB, highest ${result.rssMaxMb} MB, at the end ${result.rssEndMb} MB`,
  );
  log(`CPU used by the check: ${cpu} s (${Math.round(lines / cpu).toLocaleString('en-US')} lines per CPU second)`);
  log(`summary: ${JSON.stringify(summary)}`);
}
