import { describe, expect, it } from 'vitest';
import { ingestText } from './ingest.ts';
import { MergeError, mergeHostGuest } from './merge.ts';
import { fixture, rows } from './test-support.ts';
import { columnValues } from './trace.ts';

const source = (name: string, text = fixture(name)) => ({ name, ingest: ingestText(text, { fileName: name }) });
const host = () => source('merge/host.log');
const guest = () => source('merge/guest.trace');

describe('merging a QEMU trace and a guest capture of the same run', () => {
  it('fits the guest clock from the ten kick/notify pairs of the fixture: offset within the 20–40 µs latency, residual of a few µs', () => {
    const m = mergeHostGuest(host(), guest());
    expect(m.clock.pairs).toBe(10);
    // Written with host = 1700000000.25 s + guest × (1 + 40 ppm), notifies 20–40 µs after their kicks:
    // at the first kick (guest 2.000004 s) the fitted line is off the true clock by about the mean latency.
    const { slope, interceptNs } = m.clock;
    const [gBase, hBase] = [m.guest.ingest.trace.tsBaseSec, m.host.ingest.trace.tsBaseSec];
    const kick = 2.000004e9;
    const fitted = slope * (kick - gBase * 1e9) + interceptNs;
    const truth = (1_700_000_000.25 - hBase) * 1e9 + kick * (1 + 40e-6);
    const latencyNs = fitted - truth;
    expect(latencyNs).toBeGreaterThan(15e3);
    expect(latencyNs).toBeLessThan(45e3);
    expect(m.clock.residualNs).toBeGreaterThan(0);
    expect(m.clock.residualNs).toBeLessThan(10e3);
  });

  it('matches the guest queues to QEMU’s by first-kick order and kick count, never by pointer', () => {
    const m = mergeHostGuest(host(), guest());
    expect(m.queues.map((q) => [q.guest.key, q.host.key, q.ring])).toEqual([
      ['0xffff88800422c000', '0x55d0c8a1a000 0', 'vdev 0x55d0c8a1a000 q0'],
      ['0xffff888004300000', '0x55d0c8b00000 0', 'vdev 0x55d0c8b00000 q0'],
    ]);
  });

  it('keeps every event with its file and line, each file in its own order, on the host clock', () => {
    const m = mergeHostGuest(guest(), host());
    const t = m.ingest.trace;
    expect(t.count).toBe(60 + 50);
    expect(t.files).toEqual(['merge/host.log', 'merge/guest.trace']);
    const byFile = [0, 1].map((f) => columnValues(t.line).filter((_, i) => t.file?.[i] === f));
    expect(byFile[0]).toEqual(Array.from({ length: 60 }, (_, k) => k + 1));
    expect(byFile[1]).toEqual(Array.from({ length: 50 }, (_, k) => k + 5));
    for (let i = 1; i < t.count; i++) expect(t.ts.get(i)).toBeGreaterThanOrEqual(t.ts.get(i - 1));
  });

  it('puts each guest kick right before QEMU’s notify of the same queue, with the ring and side of each', () => {
    const t = mergeHostGuest(host(), guest()).ingest.trace;
    const r = rows(t);
    const kicks = r.flatMap((e, i) => (e.name === 'vq_kick' ? [i] : []));
    expect(kicks).toHaveLength(10);
    for (const i of kicks) {
      expect(r[i + 1].name).toBe('virtio_queue_notify');
      expect(r[i + 1].fields.ring).toBe(r[i].fields.ring);
      expect([r[i].fields.side, r[i + 1].fields.side]).toEqual(['driver', 'device']);
    }
    const get = r.find((e) => e.name === 'vq_get_buf');
    expect(get?.fields).toMatchObject({ ring: 'vdev 0x55d0c8a1a000 q0', side: 'driver', vq: '0xffff88800422c000' });
  });

  it('leaves firmware notifies (before the guest capture) out of the pairs, and anchors on a device that kicked exactly alike', () => {
    const firmware = [1, 2, 3].map((k) => `4242@1700000001.20000${k}:virtio_queue_notify vdev 0x55d0c8b00000 n 0 vq 0x55d0c8b01000`);
    const withFirmware = [...firmware, fixture('merge/host.log')].join('\n');
    // The kit's fields: the device's virtioN index and the queue index on every vq event.
    const kit = fixture('merge/guest.trace')
      .replace(/vq=0xffff88800422c000/g, 'vq=0xffff88800422c000 dev=0 queue=0')
      .replace(/vq=0xffff888004300000/g, 'vq=0xffff888004300000 dev=1 queue=0');
    const m = mergeHostGuest(source('host.log', withFirmware), source('guest.trace', kit));
    expect(m.queues.map((q) => [q.ring, q.guest.events.length, q.host.events.length])).toEqual([
      ['virtio0 q0', 4, 4],
      ['virtio1 q0', 6, 9],
    ]);
    expect(m.clock.pairs).toBe(10);
    expect(m.clock.residualNs).toBeLessThan(10e3);
    expect(m.ingest.warnings.map((w) => w.message)).toContain(
      'virtio1 q0: 6 vq_kick in the guest against 9 virtio_queue_notify in QEMU (firmware kicks, or kicks the capture missed); paired by nearest time',
    );
  });

  it('fits the real PCI pair (QEMU 7.2 TCG, Debian 6.1 guest, probe kit): 46 pairs, a few ppm of drift, a residual of µs', () => {
    const m = mergeHostGuest(source('guest/host-qemu.log'), source('guest/guest-ftrace-kprobes.txt'));
    expect(m.clock.pairs).toBe(46);
    expect(Math.abs(m.clock.driftPpm)).toBeLessThan(50);
    expect(m.clock.residualNs).toBeLessThan(30e3);
    // Devices matched as the fixture's README lists them (QEMU's types come from its device events).
    const rings = new Map(m.queues.map((q) => [q.guest.device, q.ring.replace(/ q\d+$/, '')]));
    expect(Object.fromEntries(rings)).toMatchObject({ '0': 'virtio-blk', '2': 'virtio-rng', '3': 'virtio-balloon' });
    // virtio5 is vhost-user-blk: its kicks go to the daemon, so QEMU logs no notify for them.
    expect(m.ingest.warnings.map((w) => w.message)).toContain('1 guest queue(s) matched no QEMU queue: vq 0xffff895a42c35200');
    expect(m.ingest.trace.clockResidualNs).toBe(m.clock.residualNs);
  });

  it('says when a guest clock strays too far to order the files against each other (a microvm TCG guest, 9.6 ms rms)', () => {
    const m = mergeHostGuest(source('guest/host-qemu-mmio.log'), source('guest/guest-ftrace-kprobes-mmio.txt'));
    expect(m.clock.residualNs).toBeGreaterThan(1e6);
    expect(m.ingest.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(
        /^the guest clock strays 9\.6 ms \(rms\) from the fitted line, too far to order the two files' events against each other/,
      ),
    );
  });

  it('says clearly when there are too few pairs to fit the clock', () => {
    const few = fixture('merge/guest.trace')
      .split('\n')
      .filter((l) => !l.includes('vq_kick') || l.includes(' 2.000004'))
      .join('\n');
    expect(() => mergeHostGuest(host(), source('few.trace', few))).toThrow(MergeError);
    expect(() => mergeHostGuest(host(), source('few.trace', few))).toThrow(
      /too few corresponding pairs .*: 1 found, at least 3 needed \(1 vq_kick on 1 guest queue\(s\) in few.trace, 10 virtio_queue_notify on 2 queue\(s\) in merge\/host.log, 1 queue\(s\) matched/,
    );
  });

  it('refuses two files of which neither is QEMU’s trace', () => {
    expect(() => mergeHostGuest(guest(), guest())).toThrow(/one file must be QEMU's trace \(with virtio_queue_notify events\)/);
  });
});
