/**
 * Which guest queue is which QEMU queue, and which guest kick is which QEMU notify.
 * The guest's `vq` values are guest kernel addresses and QEMU's are host pointers, so
 * queues are never matched by pointer: a guest queue (the `vq` of its `vq_kick`s) is
 * matched to a host queue (`virtio_queue_notify vdev V n N`) by what both sides show —
 * queue index (`index` / `n`) and device type (`device`) where the trace has them,
 * the number of kicks, and the order in which the queues were first kicked, which one
 * run shows the same on both sides. Kicks then pair with notifies in order.
 */
import type { Trace } from './trace.ts';

export interface Queue {
  /** Guest: the vq value; host: `vdev n`. */
  key: string;
  events: number[];
  vq?: string;
  vdev?: string;
  index?: string;
  device?: string;
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
  const id = col ? col.ids[i] : 0;
  return id && col ? col.values[id] : undefined;
}

/** A field's value on any event of the trace whose `by` field has `value` (device type of a vdev, index of a vq). */
function lookup(trace: Trace, by: string, field: string): Map<string, string> {
  const out = new Map<string, string>();
  const a = trace.fields.get(by);
  const b = trace.fields.get(field);
  if (!a || !b) return out;
  for (let i = 0; i < trace.count; i++) if (a.ids[i] && b.ids[i]) out.set(a.values[a.ids[i]], b.values[b.ids[i]]);
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
  const deviceOf = lookup(trace, 'vq', 'device');
  const vdevOf = lookup(trace, 'vq', 'vdev');
  for (const i of eventsNamed(trace, 'vq_kick')) {
    const vq = valueAt(trace, 'vq', i);
    if (vq === undefined) continue;
    let q = byVq.get(vq);
    if (!q) {
      q = { key: vq, vq, events: [], index: indexOf.get(vq), device: deviceOf.get(vq), vdev: vdevOf.get(vq) };
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
      q = { key, vdev, index: n, vq: valueAt(trace, 'vq', i), device: deviceOf.get(vdev), events: [] };
      byKey.set(key, q);
    }
    q.events.push(i);
  }
  return [...byKey.values()];
}

function compatible(g: Queue, h: Queue): boolean {
  if (g.index !== undefined && h.index !== undefined && Number(g.index) !== Number(h.index)) return false;
  if (g.device !== undefined && h.device !== undefined && g.device !== h.device) return false;
  return true;
}

/** Names for host queues: device type and index, the type numbered when two devices share it. */
function ringNames(host: readonly Queue[]): Map<Queue, string> {
  const devices: string[] = [];
  for (const q of host) if (!devices.includes(q.vdev ?? '')) devices.push(q.vdev ?? '');
  const typeOf = new Map(host.map((q) => [q.vdev ?? '', q.device]));
  const sameType = (t: string | undefined) => devices.filter((d) => typeOf.get(d) === t).length;
  const names = new Map<Queue, string>();
  for (const q of host) {
    const d = q.vdev ?? '';
    const type = typeOf.get(d);
    const nth = devices.filter((x) => typeOf.get(x) === type).indexOf(d) + 1;
    const dev = type ? (sameType(type) > 1 ? `${type}#${nth}` : type) : `vdev ${d}`;
    names.set(q, `${dev} q${q.index}`);
  }
  return names;
}

/**
 * Matches each guest queue, in the order of first kicks, to the first host queue (in the same
 * order) that agrees on index, type and number of kicks; failing the count, on index and type alone.
 */
export function matchQueues(guest: readonly Queue[], host: readonly Queue[]): QueueMatch[] {
  const free = new Set(host);
  const names = ringNames(host);
  const out: QueueMatch[] = [];
  for (const exact of [true, false]) {
    for (const g of guest) {
      if (out.some((m) => m.guest === g)) continue;
      const h = host.find((x) => free.has(x) && compatible(g, x) && (!exact || x.events.length === g.events.length));
      if (!h) continue;
      free.delete(h);
      out.push({ guest: g, host: h, ring: names.get(h) ?? h.key });
    }
  }
  return out.sort((a, b) => a.guest.events[0] - b.guest.events[0]);
}

/** Kicks and notifies of a queue taken in order, one for one (the queues had as many of each). */
export function pairsInOrder(m: QueueMatch): EventPair[] {
  const n = Math.min(m.guest.events.length, m.host.events.length);
  const out: EventPair[] = [];
  for (let k = 0; k < n; k++) out.push({ guest: m.guest.events[k], host: m.host.events[k] });
  return out;
}

/**
 * Kicks and notifies of a queue whose counts differ (a kick probe that also saw suppressed kicks):
 * each notify pairs with the latest unpaired kick at most `windowNs` before it on the host clock,
 * as `toHost` maps the guest's times for now.
 */
export function pairsNearest(
  m: QueueMatch,
  guestTs: Float64Array,
  hostTs: Float64Array,
  toHost: (guestNs: number) => number,
  windowNs: number,
): EventPair[] {
  const out: EventPair[] = [];
  const g = m.guest.events;
  let j = -1;
  let lastUsed = -1;
  for (const h of m.host.events) {
    const t = hostTs[h];
    // A kick the provisional mapping puts a little after its notify is still its kick.
    while (j + 1 < g.length && toHost(guestTs[g[j + 1]]) <= t + windowNs / 2) j++;
    if (j > lastUsed && Math.abs(t - toHost(guestTs[g[j]])) <= windowNs) {
      out.push({ guest: g[j], host: h });
      lastUsed = j;
    }
  }
  return out;
}
