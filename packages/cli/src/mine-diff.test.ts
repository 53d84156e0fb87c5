import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './main.ts';

const examples = new URL('../../../../shared/examples/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'vqscope-mine-'));
const ex = (f: string) => join(examples, f);

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Lines of the error-severity violations `check --format json` reports. */
async function errorLines(file: string, ...rules: string[]) {
  const r = await cli('check', file, ...rules, '--format', 'json');
  const j = JSON.parse(r.out) as { violations: { severity: string; line: number; pending?: boolean }[] };
  return [...new Set(j.violations.filter((v) => v.severity === 'error').map((v) => v.line))].sort((a, b) => a - b);
}

async function mineToFile(name: string, ...good: string[]) {
  const r = await cli('mine', ...good);
  expect(r.code).toBe(0);
  const p = join(tmp, name);
  writeFileSync(p, r.out);
  return p;
}

describe('vqscope mine', () => {
  it.each([
    ['vhost-user-enable', 1],
    ['virtsnd-pointer', 5],
  ])('rules mined from %s-valid.log find the built-in packs’ offending line (%i) in the invalid trace', async (base, line) => {
    const rules = await mineToFile(`${base}.rules`, ex(`${base}-valid.log`));
    const packs = await errorLines(ex(`${base}-invalid.log`));
    expect(packs).toEqual([line]);
    expect(await errorLines(ex(`${base}-invalid.log`), '--rules', rules)).toEqual(packs);
    expect(await errorLines(ex(`${base}-valid.log`), '--rules', rules)).toEqual([]);
  });

  it('prints {files, candidates: [{id, text, support, keys, kind}]} with --format json', async () => {
    const r = await cli('mine', ex('virtsnd-pointer-valid.log'), '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.files).toEqual([ex('virtsnd-pointer-valid.log')]);
    expect(j.candidates).toContainEqual(
      expect.objectContaining({
        id: 'mined-alternates-buffer-virtsnd_pcm_msg_complete-virtsnd_pcm_pointer',
        text: expect.stringContaining('per buffer\n  virtsnd_pcm_msg_complete alternates virtsnd_pcm_pointer'),
        support: 2,
        keys: 2,
        kind: 'alternates',
      }),
    );
  });

  it('finds that virtqueue_pop alternates virtqueue_fill per elem in the QEMU boot trace, and the trace passes what it mined', async () => {
    const r = await cli('mine', ex('qemu-virtio-boot.log'), '--format', 'json');
    const j = JSON.parse(r.out) as { candidates: { text: string; kind: string }[] };
    expect(j.candidates.length).toBeLessThanOrEqual(30);
    expect(j.candidates.map((c) => c.text)).toContainEqual(expect.stringMatching(/per elem\n {2}virtqueue_pop alternates virtqueue_fill$/));
    const rules = await mineToFile('qemu.rules', ex('qemu-virtio-boot.log'));
    const checked = await cli('check', ex('qemu-virtio-boot.log'), '--rules', rules);
    expect(checked.code).toBe(0);
    expect(checked.out).not.toMatch(/: error:/);
  });

  it('keys by --key only, honours --max, and refuses a bad --min-support', async () => {
    const r = JSON.parse((await cli('mine', ex('qemu-virtio-boot.log'), '--key', 'vq', '--max', '3', '--format', 'json')).out);
    expect(r.candidates).toHaveLength(3);
    expect(r.candidates.every((c: { key: string | null }) => c.key === 'vq' || c.key === null)).toBe(true);
    const bad = await cli('mine', ex('qemu-virtio-boot.log'), '--min-support', 'many');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--min-support expects a whole number of at least 1, found "many"');
  });

  it('exits 2 naming the file when a good trace is unusable', async () => {
    const empty = join(tmp, 'empty.log');
    writeFileSync(empty, '');
    const r = await cli('mine', empty);
    expect(r.code).toBe(2);
    expect(r.err).toContain('empty.log');
  });
});

describe('vqscope diff', () => {
  it('reports the virtsnd invalid trace’s error at line 5 as only in B, and its first divergence at line 5 for buffer #1', async () => {
    const r = await cli('diff', ex('virtsnd-pointer-valid.log'), ex('virtsnd-pointer-invalid.log'), '--format', 'json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.a).toBe(ex('virtsnd-pointer-valid.log'));
    expect(j.b).toBe(ex('virtsnd-pointer-invalid.log'));
    expect(j.onlyInB).toContainEqual(
      expect.objectContaining({ rule: 'snd-buffer-ownership', severity: 'error', line: 5, key: 'buffer #1' }),
    );
    expect(j.onlyInB.every((v: { line: number }) => v.line === 5)).toBe(true);
    expect(j.onlyInA).toEqual([]);
    expect(j.divergences[0]).toEqual({
      key: 'buffer #1',
      lineA: 5,
      lineB: 5,
      expected: 'virtsnd_pcm_msg_complete',
      found: 'virtsnd_pcm_pointer',
    });
  });

  it('says in review-comment text where B departs, and exits 0 when B breaks nothing A keeps', async () => {
    const r = await cli('diff', ex('vhost-user-enable-valid.log'), ex('vhost-user-enable-invalid.log'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('vhost-user-enable-invalid.log:1: `handle_event`, where A had `set_vring_enable` here (');
    const same = await cli('diff', ex('qemu-virtio-boot.log'), ex('qemu-virtio-boot.log'), '--format', 'json');
    expect(same.code).toBe(0);
    expect(JSON.parse(same.out)).toMatchObject({ onlyInB: [], onlyInA: [], divergences: [] });
  });

  it('pairs keys whose values changed between runs by order of appearance (host pointers)', async () => {
    const a = join(tmp, 'run-a.log');
    const b = join(tmp, 'run-b.log');
    writeFileSync(a, ['[1.0] take elem=0x5500', '[1.1] give elem=0x5500', '[1.2] take elem=0x5510', '[1.3] give elem=0x5510'].join('\n'));
    writeFileSync(b, ['[1.0] take elem=0x7700', '[1.1] give elem=0x7700', '[1.2] take elem=0x7710', '[1.3] take elem=0x7710'].join('\n'));
    const r = await cli('diff', a, b, '--format', 'json');
    const j = JSON.parse(r.out);
    expect(j.divergences).toEqual([{ key: 'elem 0x7710', lineA: 4, lineB: 4, expected: 'give', found: 'take' }]);
    expect(j.onlyInB).toContainEqual(expect.objectContaining({ line: 4, severity: 'error', rule: 'mined-alternates-elem-take-give' }));
    expect(r.code).toBe(1);
  });

  it('exits 2 on unusable input', async () => {
    expect((await cli('diff', ex('virtsnd-pointer-valid.log'))).code).toBe(2);
    expect((await cli('diff', ex('virtsnd-pointer-valid.log'), join(tmp, 'missing.log'))).code).toBe(2);
  });
});

describe('mining and comparing traces no pack knows', () => {
  /** A made-up request protocol in JSON lines: submit, then dispatch and done per tag; B completes tag 3 before dispatching it. */
  function requests(broken: boolean): string {
    const out: string[] = [];
    const ev = (event: string, f: Record<string, number>) => out.push(JSON.stringify({ ts: 1 + (out.length + 1) / 1000, event, ...f }));
    ev('ctx_open', { ctx: 1, mode: 1 });
    for (let tag = 1; tag <= 5; tag++) ev('req_submit', { tag, ctx: 1 });
    for (let tag = 1; tag <= 5; tag++) {
      const order = broken && tag === 3 ? ['req_done', 'req_dispatch'] : ['req_dispatch', 'req_done'];
      for (const e of order) ev(e, { tag });
    }
    ev('ctx_close', { ctx: 1 });
    return `${out.join('\n')}\n`;
  }

  /** Rust tracing fmt lines: frames in and out per stream; B takes a second frame in before the first went out (line 13). */
  function frames(broken: boolean): string {
    const out: string[] = [];
    const ev = (event: string, stream: number) =>
      out.push(`2023-08-30T10:00:00.${String(out.length + 1).padStart(6, '0')}Z  INFO backend: event="${event}" stream=${stream}`);
    for (const s of [0, 1]) {
      ev('stream_start', s);
      for (let k = 0; k < 3; k++) {
        ev('frame_in', s);
        if (broken && s === 1 && k === 1) ev('frame_in', s);
        ev('frame_out', s);
      }
      ev('stream_stop', s);
    }
    return `${out.join('\n')}\n`;
  }

  it.each([
    ['requests.jsonl', requests, 11, 'tag #3', 'req_dispatch', 'req_done'],
    ['frames.log', frames, 13, 'stream #1', 'frame_out', 'frame_in'],
  ] as const)(
    '%s: rules mined from the good trace report exactly the bad line, and diff finds it first',
    async (name, make, line, key, expected, found) => {
      const good = join(tmp, `good-${name}`);
      const bad = join(tmp, `bad-${name}`);
      writeFileSync(good, make(false));
      writeFileSync(bad, make(true));
      const rules = await mineToFile(`${name}.rules`, good);
      expect(await errorLines(good, '--rules', rules)).toEqual([]);
      expect(await errorLines(bad, '--rules', rules)).toEqual([line]);
      const d = await cli('diff', good, bad, '--format', 'json');
      expect(d.code).toBe(1);
      const j = JSON.parse(d.out);
      expect(j.divergences[0]).toMatchObject({ key, lineB: line, expected, found });
      expect(j.onlyInB.filter((v: { severity: string }) => v.severity === 'error').map((v: { line: number }) => v.line)).toEqual(
        expect.arrayContaining([line]),
      );
    },
  );
});
