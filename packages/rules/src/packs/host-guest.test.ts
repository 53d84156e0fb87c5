import { readFileSync } from 'node:fs';
import { ingestText, mergeHostGuest } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../report.ts';

const dir = new URL('../../../trace/fixtures/merge/', import.meta.url);
const HOST = readFileSync(new URL('host.log', dir), 'utf8');
const GUEST = readFileSync(new URL('guest.trace', dir), 'utf8');

/** Inserts `line` so that it becomes line number `at` (1-based) of the text. */
function insertAt(text: string, at: number, line: string): string {
  const lines = text.split('\n');
  lines.splice(at - 1, 0, line);
  return lines.join('\n');
}

function check(host = HOST, guest = GUEST) {
  const m = mergeHostGuest(
    { name: 'host.log', ingest: ingestText(host, { fileName: 'host.log' }) },
    { name: 'guest.trace', ingest: ingestText(guest, { fileName: 'guest.trace' }) },
  );
  const a = analyzeTrace(m.ingest.trace, {});
  const t = m.ingest.trace;
  const errors = a.violations.filter((v) => v.severity === 'error').map((v) => `${v.rule}@${t.files?.[t.file?.[v.event] ?? 0]}:${v.line}`);
  return { a, errors };
}

describe('host-guest pack on a QEMU trace merged with the guest capture of the same run', () => {
  it('applies to the merged trace, with the host and guest packs, and finds nothing in the valid pair', () => {
    const { a, errors } = check();
    expect(a.packs).toEqual(expect.arrayContaining(['device-status', 'virtqueue', 'virtio-ring-guest', 'host-guest']));
    expect(errors).toEqual([]);
  });

  it('is not chosen when the guest clock strays too far from the host’s to order their events (the microvm TCG pair)', () => {
    const fixtures = new URL('../../../trace/fixtures/guest/', import.meta.url);
    const read = (n: string) => ({ name: n, ingest: ingestText(readFileSync(new URL(n, fixtures), 'utf8'), { fileName: n }) });
    const m = mergeHostGuest(read('host-qemu-mmio.log'), read('guest-ftrace-kprobes-mmio.txt'));
    const packs = analyzeTrace(m.ingest.trace, {}).packs;
    expect(packs).toEqual(expect.arrayContaining(['device-status', 'virtqueue', 'virtio-ring-guest']));
    expect(packs).not.toContain('host-guest');
  });

  it('finds only the balloon’s real kick before DRIVER_OK, on both sides, in the real PCI pair', () => {
    const fixtures = new URL('../../../trace/fixtures/guest/', import.meta.url);
    const read = (n: string) => ({ name: n, ingest: ingestText(readFileSync(new URL(n, fixtures), 'utf8'), { fileName: n }) });
    const m = mergeHostGuest(read('host-qemu.log'), read('guest-ftrace-kprobes.txt'));
    const a = analyzeTrace(m.ingest.trace, {});
    expect(a.packs).toContain('host-guest');
    const t = m.ingest.trace;
    const errors = a.violations
      .filter((v) => v.severity === 'error')
      .map((v) => `${v.rule}@${t.files?.[t.file?.[v.event] ?? 0]}:${v.line}`);
    // guest-token-once at 1175 is where the fixture's excerpt cut away a balloon vq_add but kept its vq_get_buf.
    expect(errors).toEqual([
      'guest-no-kick-before-driver-ok@guest-ftrace-kprobes.txt:475',
      'status-no-kick-before-driver-ok@host-qemu.log:765',
      'guest-token-once@guest-ftrace-kprobes.txt:1175',
    ]);
  });

  it('is not chosen for either file alone', () => {
    for (const [text, name] of [
      [HOST, 'host.log'],
      [GUEST, 'guest.trace'],
    ])
      expect(analyzeTrace(ingestText(text, { fileName: name }).trace, {}).packs).not.toContain('host-guest');
  });

  it('reports a pop from the blk queue before any kick of it at host.log:11 as a violation', () => {
    const host = insertAt(HOST, 11, '4242@1700000001.900000:virtqueue_pop vq 0x55d0c8b01000 elem 0x7f1e2c009000 in_num 1 out_num 1');
    // The same element is never filled: a pending note of the virtqueue pack, not an error.
    expect(check(host).errors).toEqual(['hg-pop-after-kick@host.log:11']);
    expect(check(host).a.violations.find((v) => v.rule === 'hg-pop-after-kick')?.message).toMatch(
      /^expected `vq_kick\[ring\?\] \| virtio_queue_notify\[ring\?\]` ring vdev 0x55d0c8b00000 q0 before `virtqueue_pop` ring vdev 0x55d0c8b00000 q0 \(host\.log:11\); it came at guest\.trace:\d+/,
    );
  });

  it('reports a buffer the guest gets back from the rng queue before QEMU flushed or filled anything there, at guest.trace:15', () => {
    const guest = insertAt(
      GUEST,
      15,
      '     swapper/0-1 [000] d.h1.     1.900000: vq_get_buf: (virtio_read+0x5c/0x110 <- virtqueue_get_buf_ctx) vq=0xffff88800422c000 token=0xffff888003e1a000 len=64',
    );
    expect(check(HOST, guest).errors).toEqual([
      'guest-token-once@guest.trace:15',
      'hg-get-after-flush@guest.trace:15',
      'hg-get-after-fill@guest.trace:15',
    ]);
  });

  it('reports a second buffer back from the rng queue after QEMU used only one there, at guest.trace:19', () => {
    const guest = insertAt(
      GUEST,
      19,
      '     swapper/0-1 [000] d.h1.     2.000100: vq_get_buf: (virtio_read+0x5c/0x110 <- virtqueue_get_buf_ctx) vq=0xffff88800422c000 token=0xffff888003e1a000 len=64',
    );
    expect(check(HOST, guest).errors).toEqual(['guest-token-once@guest.trace:19', 'hg-get-after-fill@guest.trace:19']);
  });
});
