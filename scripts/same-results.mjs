// `node scripts/same-results.mjs [--base REV] [--events N] [--files a.log,b.log]`: are the check
// results of this working tree byte for byte those of REV? Issue #18 lets the trace model's storage
// change only if every answer stays the same, so this runs `vqscope check --format json` built at
// REV (default 629c381, main before the storage work) and built from this working tree on the same
// inputs, and compares standard output byte for byte, the exit code and standard error.
//
// Inputs: every trace in ../shared/examples (with the `--rules` its expected.json names, as
// ../shared/tools/check-examples.mjs runs them), every trace under packages/*/fixtures, the QEMU +
// guest pairs there with `--merge`, and the bench trace of N events (default 10,000,000;
// `--events 0` leaves it out), made by scripts/bench/generate.mjs like `npm run bench` makes it
// and reused from its cache (os.tmpdir()/vqscope-bench/trace-N.log). `--files` checks the given
// traces instead of the examples and fixtures. Both CLIs run from this directory with the same
// arguments, so paths printed in the JSON are the same strings.
//
// Nothing is normalised: `--format json` holds no run-dependent field (no timings; the per-rule
// `stats` are left out of it by the CLI), so any byte that differs is a different answer.
//
// REV is exported with `git archive` into a temporary directory, which gets its own node_modules:
// links to this tree's dependencies, except @vqscope/*, which must point at REV's own packages
// (a link to this tree's node_modules would bundle this tree's packages into the "before" CLI).
// Its own scripts/build-cli.mjs bundles it there. The directory is removed at the end, also on a
// failure or Ctrl+C. Exit code: 0 all the same, 1 some answer differs, 2 could not compare.
import { execFileSync, spawn } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { generateTrace } from './bench/generate.mjs';

const DEFAULT_BASE = '629c381';
const repo = process.cwd();
const started = performance.now();

function usage(message) {
  process.stderr.write(`same-results: ${message}\nusage: node scripts/same-results.mjs [--base REV] [--events N] [--files a.log,b.log]\n`);
  process.exit(2);
}

function parseOptions(argv) {
  const o = { base: DEFAULT_BASE, events: 10_000_000, files: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) usage(`${flag} expects a value`);
      return v;
    };
    if (flag === '--base') o.base = value();
    else if (flag === '--events') {
      const v = value();
      if (!/^\d+$/.test(v)) usage(`--events expects a whole number of events, found "${v}"`);
      o.events = Number(v);
    } else if (flag === '--files') o.files = value().split(',').filter(Boolean);
    else usage(`unknown option ${flag}`);
  }
  return o;
}

const opts = parseOptions(process.argv.slice(2));
if (!existsSync(join(repo, 'scripts', 'build-cli.mjs'))) usage('run it from the repository root');

function git(...args) {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

let rev;
try {
  rev = git('rev-parse', '--verify', `${opts.base}^{commit}`);
} catch {
  usage(`--base ${opts.base} is not a commit of this repository`);
}

/** One check to run on both CLIs: what to call it and its arguments after `check`. */
function traceRuns() {
  if (opts.files) {
    for (const f of opts.files) if (!existsSync(f)) usage(`--files: ${f} does not exist`);
    return opts.files.map((f) => ({ name: f, args: [f] }));
  }
  return [...exampleRuns(), ...fixtureRuns(), ...mergeRuns()];
}

/** The examples as check-examples.mjs checks them: expected.json's traces with their `rules`, then any other trace there. */
function exampleRuns() {
  const dir = relative(repo, join(repo, '..', 'shared', 'examples'));
  if (!existsSync(dir)) {
    console.log(`note: ${dir} does not exist, no examples compared`);
    return [];
  }
  const expected = existsSync(join(dir, 'expected.json')) ? JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) : {};
  const runs = Object.entries(expected).map(([file, want]) => ({
    name: file,
    args: [join(dir, file), ...(want.rules ? ['--rules', join(dir, want.rules)] : [])],
  }));
  const ruleFiles = new Set(Object.values(expected).map((w) => w.rules));
  for (const file of readdirSync(dir).sort()) {
    if (file in expected || ruleFiles.has(file) || /\.(md|rules)$/.test(file) || file === 'expected.json') continue;
    runs.push({ name: file, args: [join(dir, file)] });
  }
  return runs;
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every fixture but the READMEs: each is a trace of some format (a few are meant to be rejected; the message must stay too). */
function fixtureRuns() {
  return readdirSync('packages')
    .sort()
    .map((p) => join('packages', p, 'fixtures'))
    .filter((d) => existsSync(d))
    .flatMap(filesUnder)
    .filter((f) => !f.endsWith('.md'))
    .map((f) => ({ name: f, args: [f] }));
}

/** The host + guest pairs of one run each (packages/trace/fixtures/guest/README.md and merge/README.md), checked as one. */
function mergeRuns() {
  const pairs = [
    ['merge/host.log', 'merge/guest.trace'],
    ['guest/host-qemu.log', 'guest/guest-ftrace-kprobes.txt'],
    ['guest/host-qemu-mmio.log', 'guest/guest-ftrace-kprobes-mmio.txt'],
    ['guest/host-qemu-mmio-legacy.log', 'guest/guest-ftrace-kprobes-mmio-legacy.txt'],
    ['guest/host-qemu-tools.log', 'guest/guest-trace-cmd-kprobes.txt'],
  ].map((pair) => pair.map((f) => join('packages', 'trace', 'fixtures', f)));
  return pairs
    .filter((pair) => pair.every((f) => existsSync(f)))
    .map(([host, guest]) => ({ name: `${host} + ${basename(guest)} --merge`, args: [host, guest, '--merge'] }));
}

/** The bench trace of `events` lines: the bench's cached file when it is whole, else generated like the bench does. */
async function benchTrace(events) {
  const dir = join(tmpdir(), 'vqscope-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `trace-${events}.log`);
  const metaFile = `${file}.json`;
  if (existsSync(file)) {
    const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : undefined;
    // scripts/live-rss.mjs caches the same trace without the meta file: then count its lines.
    if (meta?.events === events || (await countLines(file)) === events) return file;
  }
  console.log(`generating ${events.toLocaleString('en-US')} events into ${file} …`);
  // Written aside and renamed, so that a bench starting meanwhile never reads half a trace.
  const part = `${file}.${process.pid}.part`;
  const meta = await generateTrace(part, events);
  renameSync(part, file);
  writeFileSync(metaFile, JSON.stringify(meta));
  return file;
}

async function countLines(file) {
  let n = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

/** REV's tree in `dir`, with a node_modules whose @vqscope/* are REV's packages and the rest this tree's. */
function exportBase(dir) {
  execFileSync('sh', ['-c', `git archive --format=tar "$1" | tar -x -C "$2"`, 'sh', rev, dir], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@vqscope'), { recursive: true });
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry === '@vqscope' || entry === '.bin' || entry.startsWith('.package-lock')) continue;
    symlinkSync(join(repo, 'node_modules', entry), join(modules, entry));
  }
  for (const p of readdirSync(join(dir, 'packages'))) {
    const manifest = join(dir, 'packages', p, 'package.json');
    if (!existsSync(manifest)) continue;
    const name = JSON.parse(readFileSync(manifest, 'utf8')).name;
    if (name?.startsWith('@vqscope/')) symlinkSync(join('..', '..', 'packages', p), join(modules, name));
  }
}

function buildCli(root) {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  return join(root, 'packages', 'cli', 'dist', 'vqscope.mjs');
}

/** Runs one CLI bundle; stdout kept as bytes. */
function runCheck(bundle, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bundle, 'check', ...args, '--format', 'json'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? signal, out: Buffer.concat(out), err: Buffer.concat(err).toString('utf8'), ms: performance.now() - t0 }),
    );
  });
}

/** `(1 error, 3 notes)`: what the answer says, from the working tree's JSON. */
function verdict(r) {
  let reports;
  try {
    const parsed = JSON.parse(r.out.toString('utf8'));
    reports = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    const message = r.err.split('\n')[0];
    return `no JSON${message ? `: ${message.length > 100 ? `${message.slice(0, 100)}…` : message}` : ''}`;
  }
  const counts = new Map();
  for (const rep of reports) {
    if (rep.error) counts.set('rejected', (counts.get('rejected') ?? 0) + 1);
    for (const v of rep.violations ?? []) counts.set(v.severity, (counts.get(v.severity) ?? 0) + 1);
  }
  const parts = ['error', 'warning', 'note', 'rejected']
    .filter((k) => counts.get(k))
    .map((k) => `${counts.get(k)} ${k}${counts.get(k) > 1 && k !== 'rejected' ? 's' : ''}`);
  const events = reports.reduce((s, rep) => s + (rep.events ?? 0), 0);
  return `${events.toLocaleString('en-US')} event${events === 1 ? '' : 's'}, ${parts.join(', ') || 'no violations'}`;
}

/** The JSON pretty-printed (it already is; parsed and printed again only in case it was not). */
function prettyLines(buf) {
  const text = buf.toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text), null, 2).split('\n');
  } catch {
    return text.split('\n');
  }
}

function explainDifference(run, before, after) {
  const lines = [`DIFFERENT  ${run.name}`, `  vqscope check ${run.args.join(' ')} --format json`];
  if (before.code !== after.code) lines.push(`  exit code: ${before.code} at ${opts.base}, ${after.code} now`);
  if (!before.out.equals(after.out)) {
    const a = prettyLines(before.out);
    const b = prettyLines(after.out);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (i === a.length && i === b.length) {
      lines.push('  standard output: the same JSON, printed differently (whitespace or key order)');
    } else {
      lines.push(`  first different line of the JSON: line ${i + 1} (of ${a.length} at ${opts.base}, ${b.length} now)`);
      for (let k = Math.max(0, i - 3); k < i; k++) lines.push(`      ${a[k]}`);
      lines.push(`  - ${a[i] ?? '(end of output)'}`);
      lines.push(`  + ${b[i] ?? '(end of output)'}`);
    }
  }
  if (before.err !== after.err) {
    const a = before.err.split('\n');
    const b = after.err.split('\n');
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    lines.push(`  standard error, first different line ${i + 1}:`, `  - ${a[i] ?? '(end)'}`, `  + ${b[i] ?? '(end)'}`);
  }
  return lines.join('\n');
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

const work = mkdtempSync(join(tmpdir(), 'vqscope-same-results-'));
const cleanUp = () => rmSync(work, { recursive: true, force: true });
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.error(`same-results: stopped by ${sig}; nothing compared after this point`);
    cleanUp();
    process.exit(2);
  });
}

let differing = 0;
try {
  const runs = traceRuns();
  if (opts.events > 0) {
    const file = await benchTrace(opts.events);
    runs.push({ name: `bench ${basename(file)}`, args: [file] });
  }
  console.log(`building the CLI at ${opts.base} (${rev.slice(0, 12)}) and the working tree's …`);
  const baseRoot = join(work, 'base');
  mkdirSync(baseRoot);
  exportBase(baseRoot);
  const beforeCli = buildCli(baseRoot);
  const afterCli = buildCli(repo);
  // esbuild names each bundled file in a comment: REV's bundle must hold REV's packages, not this tree's.
  if (readFileSync(beforeCli, 'utf8').includes(`${relative(baseRoot, repo)}/packages/`))
    throw new Error(`the CLI built at ${opts.base} bundled this tree's packages`);
  console.log(`comparing \`vqscope check --format json\` on ${runs.length} traces\n`);
  for (const run of runs) {
    const before = await runCheck(beforeCli, run.args);
    const after = await runCheck(afterCli, run.args);
    const same = before.code === after.code && before.out.equals(after.out) && before.err === after.err;
    // Times only where they say something: the small traces take Node's start-up time.
    const took = Math.max(before.ms, after.ms) >= 2000 ? `; ${seconds(before.ms)} before, ${seconds(after.ms)} now` : '';
    if (same) console.log(`same       ${run.name}  (${verdict(after)}, exit ${after.code}${took})`);
    else {
      differing++;
      console.log(`${explainDifference(run, before, after)}\n`);
    }
  }
  console.log(
    `\n${differing === 0 ? 'all the same' : `${differing} of ${runs.length} differ`}: ${runs.length} trace${runs.length === 1 ? '' : 's'}, ${opts.base} against the working tree, in ${seconds(performance.now() - started)}`,
  );
} catch (e) {
  console.error(`same-results: could not compare: ${e.message}`);
  process.exitCode = 2;
} finally {
  cleanUp();
}
if (process.exitCode !== 2) process.exitCode = differing ? 1 : 0;
