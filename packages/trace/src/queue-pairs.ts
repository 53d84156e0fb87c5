/**
 * Which guest queue is which QEMU queue, and which guest kick is which QEMU notify.
 * The guest's `vq` values are guest kernel addresses and QEMU's are host pointers, so
 * queues are never matched by pointer. Devices are: the guest's `dev` (the kit's
 * virtioN index, or a `vdev` pointer) with its queues by index (`queue`), QEMU's
 * `vdev` with its queues by `n` (`virtio_queue_notify vdev V n N vq Q`). A device
 * whose kicks per queue equal exactly one host device's notifies per queue (and no
 * other guest device's) anchors the clock: its kicks pair one for one with the
 * notifies. The other devices are matched by how many of their kicks find a notify
 * of the same queue index close by on the anchored clock (firmware kicks before the
 * guest's capture starts, so QEMU may see more). Without an anchor, queues are
 * matched by index, type, kick count and first-kick order, as one run shows them
 * the same on both sides.
 */
import { type ClockFit, fitClock, MIN_CLOCK_PAIRS, toHostNs } from './clock-fit.ts';
import type { EventColumn, Trace } from './trace.ts';

export interface Queue {
  /** Guest: the vq value; host: `vdev n`. */
  key: string;
  /** Guest: the queue's device (dev, or vdev); host: vdev. */
  device?: string;
  events: number[];
  vq?: string;
  index?: string;
  /** Device type, where the trace names it (QEMU's virtio-blk, …). */
  type?: string;
}

export interface QueueMatch {
  guest: Queue;
  host: Queue;
  /** What the two sides call this queue on the merged trace ("virtio-blk q0"). */
  ring: string;
}

export interface EventPair {
  guest: number;
  host: number;
}

function valueAt(trace: Trace, field: string, i: number): string | undefined {
  const col = trace.fields.get(field);
  const id = col ? col.id(i) : 0;
  return id && col ? col.values[id] : undefined;
}

/** A field's value on any event of the trace whose `by` field has `value` (device type of a vdev, index of a vq). */
function lookup(trace: Trace, by: string, field: string): Map<string, string> {
  const out = new Map<string, string>();
  const a = trace.fields.get(by);
  const b = trace.fields.get(field);
  if (!a || !b) return out;
  for (let i = 0; i < trace.count; i++) if (a.id(i) && b.id(i)) out.set(a.values[a.id(i)], b.values[b.id(i)]);
  return out;
}

function eventsNamed(trace: Trace, name: string): number[] {
  const id = trace.names.indexOf(name);
  const out: number[] = [];
  if (id < 0) return out;
  for (let i = 0; i < trace.count; i++) if (trace.name[i] === id) out.push(i);
  return out;
}

/** The guest's kicked queues, in the order of their first kick. */
export function guestQueues(trace: Trace): Queue[] {
  const byVq = new Map<string, Queue>();
  const indexOf = lookup(trace, 'vq', 'index');
  const queueOf = lookup(trace, 'vq', 'queue');
  const typeOf = lookup(trace, 'vq', 'device');
  const devOf = lookup(trace, 'vq', 'dev');
  for (const i of eventsNamed(trace, 'vq_kick')) {
    const vq = valueAt(trace, 'vq', i);
    if (vq === undefined) continue;
    let q = byVq.get(vq);
    if (!q) {
      q = { key: vq, vq, events: [], index: queueOf.get(vq) ?? indexOf.get(vq), type: typeOf.get(vq), device: devOf.get(vq) };
      byVq.set(vq, q);
    }
    q.events.push(i);
  }
  return [...byVq.values()];
}

/** QEMU's notified queues (`virtio_queue_notify vdev V n N vq Q`), in the order of their first notify. */
export function hostQueues(trace: Trace): Queue[] {
  const byKey = new Map<string, Queue>();
  const deviceOf = lookup(trace, 'vdev', 'device');
  for (const i of eventsNamed(trace, 'virtio_queue_notify')) {
    const vdev = valueAt(trace, 'vdev', i) ?? '';
    const n = valueAt(trace, 'n', i) ?? valueAt(trace, 'queue', i);
    if (n === undefined) continue;
    const key = `${vdev} ${n}`;
    let q = byKey.get(key);
    if (!q) {
      q = { key, device: vdev, index: n, vq: valueAt(trace, 'vq', i), type: deviceOf.get(vdev), events: [] };
      byKey.set(key, q);
    }
    q.events.push(i);
  }
  return [...byKey.values()];
}

function compatible(g: Queue, h: Queue): boolean {
  if (g.index !== undefined && h.index !== undefined && Number(g.index) !== Number(h.index)) return false;
  if (g.type !== undefined && h.type !== undefined && g.type !== h.type) return false;
  return true;
}

interface Device {
  key: string;
  queues: Queue[];
}

/** Queues grouped by device; a guest queue that shows no device or index is a device of its own. */
function devicesOf(queues: readonly Queue[]): Device[] {
  const byKey = new Map<string, Device>();
  for (const q of queues) {
    const key = q.device !== undefined && q.index !== undefined ? q.device : `vq ${q.key}`;
    let d = byKey.get(key);
    if (!d) {
      d = { key, queues: [] };
      byKey.set(key, d);
    }
    d.queues.push(q);
  }
  return [...byKey.values()];
}

/** "3:312,1:200" — a device's kicks per queue index, to find devices that kicked exactly alike. */
const profile = (d: Device) =>
  d.queues
    .map((q) => `${q.index}:${q.events.length}`)
    .sort()
    .join(',');

/** What the two sides call a matched queue: QEMU's device type, else the guest's virtioN, else QEMU's pointer. */
function ringName(g: Queue, h: Queue): string {
  const dev = h.type ?? (g.device !== undefined && /^\d+$/.test(g.device) ? `virtio${g.device}` : `vdev ${h.device}`);
  return `${dev} q${h.index}`;
}

/** Host queues of a device matched to the guest device's queues by index. */
function queuesByIndex(g: Device, h: Device): QueueMatch[] | undefined {
  const out: QueueMatch[] = [];
  for (const gq of g.queues) {
    const hq = h.queues.find((x) => compatible(gq, x) && Number(x.index) === Number(gq.index));
    if (!hq) return undefined;
    out.push({ guest: gq, host: hq, ring: ringName(gq, hq) });
  }
  return out;
}

/** Kicks and notifies of a queue taken in order, one for one (the queues had as many of each). */
export function pairsInOrder(m: QueueMatch): EventPair[] {
  const n = Math.min(m.guest.events.length, m.host.events.length);
  const out: EventPair[] = [];
  for (let k = 0; k < n; k++) out.push({ guest: m.guest.events[k], host: m.host.events[k] });
  return out;
}

/**
 * Kicks and notifies of a queue whose counts differ: each notify pairs with the latest unpaired
 * kick within `windowNs` of it on the host clock, as `toHost` maps the guest's times for now.
 */
export function pairsNearest(
  m: QueueMatch,
  guestTs: EventColumn,
  hostTs: EventColumn,
  toHost: (guestNs: number) => number,
  windowNs: number,
): EventPair[] {
  const out: EventPair[] = [];
  const g = m.guest.events;
  let j = -1;
  let lastUsed = -1;
  for (const h of m.host.events) {
    const t = hostTs.get(h);
    // A kick the provisional mapping puts a little after its notify is still its kick.
    while (j + 1 < g.length && toHost(guestTs.get(g[j + 1])) <= t + windowNs / 2) j++;
    if (j > lastUsed && Math.abs(t - toHost(guestTs.get(g[j]))) <= windowNs) {
      out.push({ guest: g[j], host: h });
      lastUsed = j;
    }
  }
  return out;
}

export interface Correspondence {
  matches: QueueMatch[];
  pairs: EventPair[];
  /** The fit the pairs give, once outliers are dropped; undefined when fewer than MIN_CLOCK_PAIRS were found. */
  fit?: ClockFit;
}

const ROUGH_WINDOW_NS = 10e6;
const MIN_WINDOW_NS = 200e3;
/** Pairs farther from the line than this many times the median distance are dropped before the fit is final. */
const OUTLIER_FACTOR = 8;
const MIN_OUTLIER_NS = 20e3;

function asClock(host: Trace, guest: Trace, pairs: readonly EventPair[]) {
  return pairs.map((p) => ({ guestNs: guest.ts.get(p.guest), hostNs: host.ts.get(p.host) }));
}

/** Least squares, refitted without the pairs far off the line (a kick paired with a firmware notify). */
export function robustFit(host: Trace, guest: Trace, pairs: EventPair[]): { fit: ClockFit; pairs: EventPair[] } {
  let kept = pairs;
  let fit = fitClock(asClock(host, guest, kept), guest.tsBaseSec, host.tsBaseSec);
  for (let round = 0; round < 3; round++) {
    const off = kept.map((p) => Math.abs(host.ts.get(p.host) - toHostNs(fit, guest.ts.get(p.guest))));
    const sorted = [...off].sort((a, b) => a - b);
    const limit = Math.max(OUTLIER_FACTOR * sorted[sorted.length >> 1], MIN_OUTLIER_NS);
    const next = kept.filter((_, k) => off[k] <= limit);
    if (next.length === kept.length || next.length < MIN_CLOCK_PAIRS) break;
    kept = next;
    fit = fitClock(asClock(host, guest, kept), guest.tsBaseSec, host.tsBaseSec);
  }
  return { fit, pairs: kept };
}

/** Queue-level matching when no device anchors the clock: index, type, kick count, first-kick order. */
function matchQueuesInOrder(guest: readonly Queue[], host: readonly Queue[]): QueueMatch[] {
  const free = new Set(host);
  const out: QueueMatch[] = [];
  for (const exact of [true, false]) {
    for (const g of guest) {
      if (out.some((m) => m.guest === g)) continue;
      const h = host.find((x) => free.has(x) && compatible(g, x) && (!exact || x.events.length === g.events.length));
      if (!h) continue;
      free.delete(h);
      out.push({ guest: g, host: h, ring: ringName(g, h) });
    }
  }
  return out;
}

/** Matches the guest's queues to QEMU's and pairs their kicks with notifies (see the header). */
export function correspond(host: Trace, guest: Trace): Correspondence {
  const gq = guestQueues(guest);
  const hq = hostQueues(host);
  const gDevices = devicesOf(gq);
  const hDevices = devicesOf(hq);
  const matched = new Set<Device>();
  const matches: QueueMatch[] = [];
  // Anchors: a guest device and a host device that kicked exactly alike, each the only one so.
  for (const g of gDevices) {
    const p = profile(g);
    const hs = hDevices.filter((h) => profile(h) === p);
    if (hs.length !== 1 || gDevices.filter((x) => profile(x) === p).length !== 1) continue;
    const qs = queuesByIndex(g, hs[0]);
    if (!qs) continue;
    matched.add(g).add(hs[0]);
    matches.push(...qs);
  }
  const anchors = new Set(matches);
  let anchored = matches.flatMap(pairsInOrder);
  if (anchored.length < MIN_CLOCK_PAIRS) {
    // No anchor: queue by queue, by what both sides show and the order of first kicks.
    const ms = matchQueuesInOrder(gq, hq);
    const exact = ms.filter((m) => m.guest.events.length === m.host.events.length);
    const pairs = exact.flatMap(pairsInOrder);
    const rest = ms.filter((m) => !exact.includes(m));
    let toHost: (g: number) => number;
    let window = ROUGH_WINDOW_NS;
    if (pairs.length >= MIN_CLOCK_PAIRS) {
      const rough = robustFit(host, guest, pairs).fit;
      toHost = (g) => toHostNs(rough, g);
      window = Math.max(20 * rough.residualNs, MIN_WINDOW_NS);
    } else {
      const offsets = ms.map((m) => host.ts.get(m.host.events[0]) - guest.ts.get(m.guest.events[0])).sort((a, b) => a - b);
      const offset = offsets[offsets.length >> 1] ?? 0;
      toHost = (g) => g + offset;
    }
    for (const m of rest) pairs.push(...pairsNearest(m, guest.ts, host.ts, toHost, window));
    if (pairs.length < MIN_CLOCK_PAIRS) return { matches: ms, pairs };
    const fitted = robustFit(host, guest, pairs);
    return { matches: ms.sort((a, b) => a.guest.events[0] - b.guest.events[0]), ...fitted };
  }
  const anchor = robustFit(host, guest, anchored);
  const toHost = (g: number) => toHostNs(anchor.fit, g);
  const window = Math.max(20 * anchor.fit.residualNs, MIN_WINDOW_NS);
  // The other devices: the host device (of those with the same queue indices) whose notifies the most kicks find.
  for (const g of gDevices) {
    if (matched.has(g)) continue;
    let best: { qs: QueueMatch[]; score: number; h: Device } | undefined;
    for (const h of hDevices) {
      if (matched.has(h)) continue;
      const qs = queuesByIndex(g, h);
      if (!qs) continue;
      const score = qs.reduce((s, m) => s + pairsNearest(m, guest.ts, host.ts, toHost, window).length, 0);
      if (!best || score > best.score) best = { qs, score, h };
    }
    const kicks = g.queues.reduce((s, q) => s + q.events.length, 0);
    if (!best || best.score * 2 < kicks) continue;
    matched.add(g).add(best.h);
    matches.push(...best.qs);
  }
  anchored = matches.flatMap((m) => (anchors.has(m) ? pairsInOrder(m) : pairsNearest(m, guest.ts, host.ts, toHost, window)));
  const fitted = robustFit(host, guest, anchored.length >= MIN_CLOCK_PAIRS ? anchored : anchor.pairs);
  return { matches: matches.sort((a, b) => a.guest.events[0] - b.guest.events[0]), ...fitted };
}
