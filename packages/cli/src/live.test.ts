/**
 * Live checks through the real process: a child `vqscope` (bundled from these sources) reading a
 * pipe or following a file, lines written 300 ms apart, output read as it comes.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { checkPermalink, decodePermalink } from '@vqscope/share';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './main.ts';

const examples = new URL('../../../../shared/examples/', import.meta.url).pathname;
const invalid = readFileSync(join(examples, 'virtsnd-pointer-invalid.log'), 'utf8').split('\n').filter(Boolean);
const valid = readFileSync(join(examples, 'virtsnd-pointer-valid.log'), 'utf8').split('\n').filter(Boolean);
const tmp = mkdtempSync(join(tmpdir(), 'vqscope-live-'));
const bundle = join(tmp, 'vqscope.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await build({
    entryPoints: [new URL('./cli.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
  });
}, 60_000);

/** A running vqscope whose stdout lines are kept with the time each arrived. */
class Child {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly lines: { at: number; text: string }[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private partial = '';

  constructor(args: string[]) {
    this.proc = spawn(process.execPath, [bundle, ...args], { stdio: 'pipe' });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (d: string) => {
      const parts = (this.partial + d).split('\n');
      this.partial = parts.pop() ?? '';
      for (const text of parts) this.lines.push({ at: performance.now(), text });
    });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d: string) => {
      this.stderr += d;
    });
    this.exited = new Promise((resolve) => this.proc.on('close', (code) => resolve(code)));
  }

  json(): { type: string; line?: number; severity?: string; [k: string]: unknown }[] {
    return this.lines.map((l) => JSON.parse(l.text));
  }

  async waitForStderr(text: string, ms = 5000): Promise<void> {
    const until = performance.now() + ms;
    while (!this.stderr.includes(text)) {
      if (performance.now() > until) throw new Error(`no "${text}" on stderr; got: ${this.stderr}`);
      await sleep(20);
    }
  }
}

/** Writes `lines` one at a time, `gap` ms apart; returns when each was written. */
async function writeSlowly(lines: string[], write: (s: string) => void, gap = 300): Promise<number[]> {
  const at: number[] = [];
  for (const l of lines) {
    write(`${l}\n`);
    at.push(performance.now());
    await sleep(gap);
  }
  return at;
}

const children: Child[] = [];
afterAll(() => {
  for (const c of children) c.proc.kill('SIGKILL');
});

describe('vqscope check - (standard input)', () => {
  it('prints the violation at line 5 before line 6 is written, and the summary with exit code 1 when stdin closes', async () => {
    const c = new Child(['check', '-', '--format', 'jsonl']);
    children.push(c);
    const written = await writeSlowly(invalid, (s) => c.proc.stdin.write(s));
    const violation = c.lines.find((l) => l.text.includes('"type":"violation"') && JSON.parse(l.text).line === 5);
    expect(violation, c.stderr).toBeDefined();
    // Line 5 was written at written[4], line 6 at written[5]: the violation came in between.
    expect(violation?.at).toBeGreaterThan(written[4]);
    expect(violation?.at).toBeLessThan(written[5]);
    expect(c.json().find((j) => j.line === 5)).toMatchObject({
      rule: 'snd-buffer-ownership',
      severity: 'error',
      key: 'buffer #1',
      expectedLine: null,
      message: expect.stringContaining('it has not come so far'),
    });
    c.proc.stdin.end();
    expect(await c.exited).toBe(1);
    const out = c.json();
    expect(out[out.length - 1]).toEqual({ type: 'summary', file: '<stdin>', format: 'dmesg', events: 6, errors: 1, warnings: 0, notes: 3 });
    // The format was decided on the first lines (those written while the process started) after 100 ms of quiet, and said so.
    expect(c.stderr).toMatch(/reading <stdin> as kernel log.*decided on \d line\(s\) after 100 ms of quiet/);
  }, 20_000);

  it('starts at once with --input-format, and exits 0 on a valid trace', async () => {
    const c = new Child(['check', '-', '--format', 'jsonl', '--input-format', 'dmesg']);
    children.push(c);
    await writeSlowly(valid.slice(0, 3), (s) => c.proc.stdin.write(s), 50);
    c.proc.stdin.end(`${valid.slice(3).join('\n')}\n`);
    expect(await c.exited).toBe(0);
    expect(c.json().at(-1)).toMatchObject({ type: 'summary', events: 10, errors: 0 });
    expect(c.stderr).toBe('');
  }, 20_000);

  it('exits 2 with the reason on binary input', async () => {
    const c = new Child(['check', '-']);
    children.push(c);
    c.proc.stdin.end(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
    expect(await c.exited).toBe(2);
    expect(c.stderr).toContain('binary content: NUL byte at offset 4');
  }, 20_000);
});

describe('vqscope check --follow FILE', () => {
  it('prints the violation at line 5 before line 6 is appended, and the summary and exit code 1 on SIGINT', async () => {
    const file = join(tmp, 'followed.log');
    writeFileSync(file, '');
    const c = new Child(['check', '--follow', file, '--format', 'jsonl']);
    children.push(c);
    const written = await writeSlowly(invalid, (s) => appendFileSync(file, s));
    const violation = c.lines.find((l) => l.text.includes('"type":"violation"') && JSON.parse(l.text).line === 5);
    expect(violation, c.stderr).toBeDefined();
    expect(violation?.at).toBeGreaterThan(written[4]);
    expect(violation?.at).toBeLessThan(written[5]);
    // Within 200 ms of its line being written.
    expect((violation?.at ?? 0) - written[4]).toBeLessThan(200);
    c.proc.kill('SIGINT');
    expect(await c.exited).toBe(1);
    expect(c.json().at(-1)).toEqual({ type: 'summary', file, format: 'dmesg', events: 6, errors: 1, warnings: 0, notes: 3 });
  }, 20_000);

  it('waits for a file that does not exist yet, saying so', async () => {
    const file = join(tmp, 'later.log');
    const c = new Child(['check', '--follow', file, '--format', 'jsonl']);
    children.push(c);
    await c.waitForStderr(`waiting for ${file} to appear`);
    writeFileSync(file, `${invalid.join('\n')}\n`);
    const until = performance.now() + 5000;
    while (!c.lines.some((l) => l.text.includes('"line":5')) && performance.now() < until) await sleep(20);
    c.proc.kill('SIGTERM');
    expect(await c.exited).toBe(1);
    expect(
      c
        .json()
        .filter((j) => j.severity === 'error')
        .map((j) => j.line),
    ).toEqual([5]);
  }, 20_000);

  it('reads a truncated file again from its start, with a note, and checks it as a new run', async () => {
    const file = join(tmp, 'truncated.log');
    writeFileSync(file, `${invalid.join('\n')}\n`);
    const c = new Child(['check', '--follow', file, '--format', 'jsonl']);
    children.push(c);
    const until = performance.now() + 5000;
    while (!c.lines.some((l) => l.text.includes('"line":5')) && performance.now() < until) await sleep(20);
    // The program writing it starts again: the file is emptied and written from the top.
    writeFileSync(file, '');
    await c.waitForStderr('was truncated; reading it again from its start');
    writeFileSync(file, `${invalid.slice(0, 5).join('\n')}\n`);
    const until2 = performance.now() + 5000;
    while (c.json().filter((j) => j.line === 5 && j.severity === 'error').length < 2 && performance.now() < until2) await sleep(20);
    c.proc.kill('SIGINT');
    expect(await c.exited).toBe(1);
    const out = c.json();
    // Line 5 of the first run and line 5 of the second: the second run's state did not carry the first's.
    expect(out.filter((j) => j.severity === 'error').map((j) => j.line)).toEqual([5, 5]);
    expect(out.at(-1)).toMatchObject({ type: 'summary', events: 11, errors: 2 });
  }, 20_000);

  it('reopens a file replaced under the same name (log rotation) and goes on with the checker state', async () => {
    const file = join(tmp, 'rotated.log');
    // Buffer #1 is sent in the old file and completed, then pointed at, in the new one: no violation.
    writeFileSync(file, `${valid.slice(0, 2).join('\n')}\n`);
    const c = new Child(['check', '--follow', file, '--format', 'jsonl', '--input-format', 'dmesg']);
    children.push(c);
    // Once the old file is open its content can be read whatever its name is now.
    await c.waitForStderr(`following ${file}`);
    renameSync(file, `${file}.1`);
    writeFileSync(file, `${valid.slice(2).join('\n')}\n`);
    await c.waitForStderr('was replaced by a new file (rotated)');
    await sleep(300);
    c.proc.kill('SIGINT');
    expect(await c.exited).toBe(0);
    expect(c.json().at(-1)).toMatchObject({ type: 'summary', events: 10, errors: 0, notes: 4 });
  }, 20_000);
});

describe('live check in the same process', () => {
  it('adds a permalink made from the recent lines with --link-base, that opens on the same violation', async () => {
    const stdin = new PassThrough();
    const out: string[] = [];
    const done = run(['check', '-', '--format', 'jsonl', '--link-base', 'http://localhost:4173/'], {
      out: (s) => out.push(s),
      err: () => {},
      stdin,
    });
    stdin.end(`${invalid.join('\n')}\n`);
    expect(await done).toBe(1);
    const v = JSON.parse(out.find((l) => l.includes('"line":5')) ?? '{}');
    expect(v.link).toMatch(/^http:\/\/localhost:4173\/#/);
    const linked = checkPermalink(decodePermalink(v.link.split('#')[1]));
    expect(linked.selected).toMatchObject({ rule: 'snd-buffer-ownership', line: 5 });
  });
});
