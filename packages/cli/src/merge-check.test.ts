import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './main.ts';

const fixtures = new URL('../../trace/fixtures/merge/', import.meta.url).pathname;
const HOST = join(fixtures, 'host.log');
const GUEST = join(fixtures, 'guest.trace');
const tmp = mkdtempSync(join(tmpdir(), 'vqscope-merge-'));

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('vqscope check HOST GUEST --merge', () => {
  it('adds the clock fit to the JSON report: offset, drift, residual and pairs', async () => {
    const r = await cli('check', HOST, GUEST, '--merge', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.files).toEqual([HOST, GUEST]);
    expect(j.events).toBe(110);
    expect(j.packs).toContain('host-guest');
    expect(Object.keys(j.clock)).toEqual(['offsetNs', 'driftPpm', 'residualNs', 'pairs']);
    expect(j.clock.pairs).toBe(10);
    expect(j.clock.residualNs).toBeGreaterThan(0);
    expect(j.clock.residualNs).toBeLessThan(10e3);
  });

  it('takes the two files in either order and prints each violation at its own file and line', async () => {
    const lines = readFileSync(GUEST, 'utf8').split('\n');
    lines.splice(
      14,
      0,
      '     swapper/0-1 [000] d.h1.     1.900000: vq_get_buf: (virtio_read+0x5c/0x110 <- virtqueue_get_buf_ctx) vq=0xffff88800422c000 token=0xffff888003e1a000 len=64',
    );
    const guest = join(tmp, 'guest-invalid.trace');
    writeFileSync(guest, lines.join('\n'));
    const r = await cli('check', guest, HOST, '--merge');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /clock mapped to .*host\.log's from 10 kick\/notify pairs: offset \d+ ns, drift -?[\d.]+ ppm, residual [\d.]+ µs \(rms\)/,
    );
    const errors = r.out.split('\n').filter((l) => l.includes(': error: '));
    expect(errors.map((l) => l.replace(/: error: .*\[/, ' [').replace(/,.*$/, ''))).toEqual([
      `${guest}:15 [guest-token-once`,
      `${guest}:15 [hg-get-after-flush`,
      `${guest}:15 [hg-get-after-fill`,
    ]);
    expect(errors[1]).toContain('(guest-invalid.trace:15)');
  });

  it('exits 2 with a clear message when there are too few kick/notify pairs to fit the clock', async () => {
    const few = readFileSync(GUEST, 'utf8')
      .split('\n')
      .filter((l) => !l.includes('vq_kick') || l.includes(' 2.000004'))
      .join('\n');
    const guest = join(tmp, 'few.trace');
    writeFileSync(guest, few);
    const r = await cli('check', HOST, guest, '--merge');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^vqscope: too few corresponding pairs to map the guest's clock to the host's: 1 found, at least 3 needed/);
  });

  it('exits 2 when asked for links of a merged check, which a link of one file cannot carry', async () => {
    const r = await cli('check', HOST, GUEST, '--merge', '--link-base', 'http://x/');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--link-base is not supported with --merge yet');
  });

  it('exits 2 when --merge is not given exactly two files', async () => {
    const r = await cli('check', HOST, '--merge');
    expect(r.code).toBe(2);
    expect(r.err).toContain("--merge expects two files, QEMU's trace and the guest's capture; found 1");
  });
});
