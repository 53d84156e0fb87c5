/**
 * Host and guest on one timeline: QEMU's trace and the guest's capture of the same run
 * become ONE trace on the host's clock. The guest's clock is mapped by a line fitted
 * from kick/notify pairs (clock-fit.ts, queue-pairs.ts), never assumed. Each event
 * keeps its file (the `file` column, an index into `files`), line and byte offset, so
 * that violations and raw lines point into the file they came from. Events of one
 * file keep their order; a paired kick is never put after its notify.
 *
 * Derived fields on the merged trace: `ring` names a matched queue the same way on
 * both sides ("virtio-blk q0"), and `side` says whose view an event of a ring is
 * (`driver` for the guest, `device` for QEMU), so lanes can show them side by side.
 */
import { type ClockFit, ClockFitError, fitClock, toHostNs } from './clock-fit.ts';
import type { IngestResult, IngestWarning } from './ingest.ts';
import { StringTable } from './intern.ts';
import { correspond, type EventPair, guestQueues, hostQueues, type QueueMatch } from './queue-pairs.ts';
import { ArrayColumn, DenseFieldColumn, type EventColumn, type FieldColumn, type Trace } from './trace.ts';

export interface MergeSource {
  name: string;
  ingest: IngestResult;
}

export interface ClockReport {
  offsetNs: number;
  driftPpm: number;
  residualNs: number;
  pairs: number;
}

export interface MergeResult {
  /** The merged trace with its files' warnings; format "host+guest" ids. */
  ingest: IngestResult;
  host: MergeSource;
  guest: MergeSource;
  clock: ClockFit;
  queues: QueueMatch[];
}

/**
 * Beyond this residual the two files' events are not ordered against each other by rules (a guest
 * clock that runs unevenly, as a TCG guest's TSC can): a kick and its notify are ~20–40 µs apart.
 */
export const MAX_CROSS_ORDER_RESIDUAL_NS = 1e6;

export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

const HOST_EVENT = 'virtio_queue_notify';
const GUEST_EVENT = 'vq_kick';

const has = (t: Trace, name: string) => t.names.includes(name);

/** Which of two sources is QEMU's trace: the one with virtio_queue_notify; the guest's has vq_kick. */
function sides(a: MergeSource, b: MergeSource): [MergeSource, MergeSource] {
  const aHost = has(a.ingest.trace, HOST_EVENT);
  const bHost = has(b.ingest.trace, HOST_EVENT);
  const aGuest = has(a.ingest.trace, GUEST_EVENT);
  const bGuest = has(b.ingest.trace, GUEST_EVENT);
  if (aHost && bGuest) return [a, b];
  if (bHost && aGuest) return [b, a];
  const what = (s: MergeSource, host: boolean, guest: boolean) => {
    const present = [host && HOST_EVENT, guest && GUEST_EVENT].filter(Boolean);
    const absent = [!host && HOST_EVENT, !guest && GUEST_EVENT].filter(Boolean);
    return `${s.name} has ${present.length ? `${present.join(' and ')} events${absent.length ? ` but no ${absent.join(' or ')}` : ''}` : `neither ${HOST_EVENT} nor ${GUEST_EVENT} events`}`;
  };
  throw new MergeError(
    `cannot merge: one file must be QEMU's trace (with ${HOST_EVENT} events) and the other the guest's (with ${GUEST_EVENT} events); ${what(a, aHost, aGuest)}, ${what(b, bHost, bGuest)}`,
  );
}

function finiteOrCarry(xs: EventColumn): Float64Array {
  const out = new Float64Array(xs.length);
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) {
    const x = xs.get(i);
    if (Number.isFinite(x)) last = x;
    out[i] = last;
  }
  return out;
}

/** Guest times on the host's clock, each paired kick no later than its notify, in the guest's own order. */
function mappedGuestTimes(host: Trace, guest: Trace, fit: ClockFit, pairs: readonly EventPair[]): Float64Array {
  const m = new Float64Array(guest.count);
  for (let i = 0; i < guest.count; i++) m[i] = toHostNs(fit, guest.ts.get(i));
  for (const p of pairs) if (Number.isFinite(host.ts.get(p.host)) && m[p.guest] > host.ts.get(p.host)) m[p.guest] = host.ts.get(p.host);
  let next = Number.POSITIVE_INFINITY;
  for (let i = guest.count - 1; i >= 0; i--) {
    if (!Number.isFinite(m[i])) continue;
    if (m[i] > next) m[i] = next;
    next = m[i];
  }
  return m;
}

class MergedFields {
  readonly tables = new Map<string, { table: StringTable; ids: Uint32Array }>();
  constructor(private readonly n: number) {}
  column(key: string) {
    let c = this.tables.get(key);
    if (!c) {
      c = { table: new StringTable(['']), ids: new Uint32Array(this.n) };
      this.tables.set(key, c);
    }
    return c;
  }
  finish(): Map<string, FieldColumn> {
    return new Map([...this.tables].map(([k, c]) => [k, new DenseFieldColumn(c.ids, c.table.strings)]));
  }
}

/** The `ring` of an event: guest events by their vq, host events by QEMU's vq (or vdev and n on a notify). */
function ringOf(trace: Trace, side: 'guest' | 'host', matches: readonly QueueMatch[]): (i: number) => string | undefined {
  const vq = trace.fields.get('vq');
  const byVq = new Map<string, string>();
  for (const m of matches) {
    const q = side === 'guest' ? m.guest : m.host;
    if (q.vq) byVq.set(q.vq, m.ring);
  }
  return (i) => (vq?.id(i) ? byVq.get(vq.values[vq.id(i)]) : undefined);
}

function buildTrace(host: MergeSource, guest: MergeSource, fit: ClockFit, pairs: readonly EventPair[], matches: QueueMatch[]): Trace {
  const H = host.ingest.trace;
  const G = guest.ingest.trace;
  const n = H.count + G.count;
  const gTime = mappedGuestTimes(H, G, fit, pairs);
  const hKey = finiteOrCarry(H.ts);
  const gKey = finiteOrCarry(new ArrayColumn(gTime));
  const names = new StringTable();
  const nameCol = new Uint32Array(n);
  const ts = new Float64Array(n);
  const line = new Uint32Array(n);
  // Exact past 4 GiB; a merged trace is small next to the files it comes from.
  const offset = new Float64Array(n);
  const file = new Uint8Array(n);
  const fields = new MergedFields(n);
  const sources = [
    { t: H, side: 'host' as const, time: H.ts, ring: ringOf(H, 'host', matches) },
    { t: G, side: 'guest' as const, time: new ArrayColumn(gTime), ring: ringOf(G, 'guest', matches) },
  ].map((s) => ({
    ...s,
    nameIds: s.t.names.map((x) => names.intern(x)),
    // Per field of the source: its merged column and a lazy map of value ids.
    cols: [...s.t.fields].map(([key, col]) => ({ col, out: fields.column(key), map: new Int32Array(col.values.length).fill(-1) })),
  }));
  const ringCol = fields.column('ring');
  const sideCol = fields.column('side');
  const sideIds = [sideCol.table.intern('device'), sideCol.table.intern('driver')];
  let i = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    const fromGuest = j < G.count && (i >= H.count || gKey[j] <= hKey[i]);
    const f = fromGuest ? 1 : 0;
    const e = fromGuest ? j++ : i++;
    const s = sources[f];
    nameCol[k] = s.nameIds[s.t.name[e]];
    ts[k] = s.time.get(e);
    line[k] = s.t.line.get(e);
    offset[k] = s.t.offset.get(e);
    file[k] = f;
    for (const c of s.cols) {
      const id = c.col.id(e);
      if (id === 0) continue;
      let to = c.map[id];
      if (to < 0) {
        to = c.out.table.intern(c.col.values[id]);
        c.map[id] = to;
      }
      c.out.ids[k] = to;
    }
    const ring = s.ring(e);
    if (ring !== undefined) {
      ringCol.ids[k] = ringCol.table.intern(ring);
      sideCol.ids[k] = sideIds[f];
    }
  }
  return {
    count: n,
    names: names.strings,
    name: nameCol,
    ts: new ArrayColumn(ts),
    tsBaseSec: H.tsBaseSec,
    line: new ArrayColumn(line),
    offset: new ArrayColumn(offset),
    fields: fields.finish(),
    file,
    files: [host.name, guest.name],
    clockResidualNs: fit.residualNs,
  };
}

/** Merges QEMU's trace and the guest's capture of one run (in either order) onto the host's clock. */
export function mergeHostGuest(a: MergeSource, b: MergeSource): MergeResult {
  const [host, guest] = sides(a, b);
  const H = host.ingest.trace;
  const G = guest.ingest.trace;
  const gq = guestQueues(G);
  const hq = hostQueues(H);
  const { matches, pairs, fit: found } = correspond(H, G);
  const count = (qs: { events: number[] }[]) => qs.reduce((s, q) => s + q.events.length, 0);
  const described =
    `${count(gq)} ${GUEST_EVENT} on ${gq.length} guest queue(s) in ${guest.name}, ` +
    `${count(hq)} ${HOST_EVENT} on ${hq.length} queue(s) in ${host.name}, ${matches.length} queue(s) matched`;
  let fit: ClockFit;
  try {
    // Fewer pairs than a fit needs: fitClock says so, with what was found.
    fit =
      found ??
      fitClock(
        pairs.map((p) => ({ guestNs: G.ts.get(p.guest), hostNs: H.ts.get(p.host) })),
        G.tsBaseSec,
        H.tsBaseSec,
        described,
      );
  } catch (e) {
    if (e instanceof ClockFitError) throw new MergeError(e.message);
    throw e;
  }
  const warnings: IngestWarning[] = [];
  for (const s of [host, guest])
    for (const w of s.ingest.warnings) warnings.push({ message: `${s.name}${w.line ? `:${w.line}` : ''}: ${w.message}` });
  for (const m of matches)
    if (m.guest.events.length !== m.host.events.length)
      warnings.push({
        message: `${m.ring}: ${m.guest.events.length} ${GUEST_EVENT} in the guest against ${m.host.events.length} ${HOST_EVENT} in QEMU (firmware kicks, or kicks the capture missed); paired by nearest time`,
      });
  const dropped = matches.reduce((s, m) => s + Math.min(m.guest.events.length, m.host.events.length), 0) - pairs.length;
  if (dropped > 0)
    warnings.push({ message: `${dropped} kick(s) found no notify close enough on the fitted clock and were left out of the fit` });
  const unmatched = gq.filter((g) => !matches.some((m) => m.guest.key === g.key));
  if (unmatched.length > 0)
    warnings.push({ message: `${unmatched.length} guest queue(s) matched no QEMU queue: vq ${unmatched.map((q) => q.key).join(', ')}` });
  const trace = buildTrace(host, guest, fit, pairs, matches);
  if (fit.residualNs > MAX_CROSS_ORDER_RESIDUAL_NS)
    warnings.push({
      message: `the guest clock strays ${(fit.residualNs / 1e6).toFixed(1)} ms (rms) from the fitted line, too far to order the two files' events against each other: rules across host and guest are not applied`,
    });
  const ingest: IngestResult = {
    trace,
    format: `${host.ingest.format}+${guest.ingest.format}`,
    formatLabel: `${host.ingest.formatLabel} + ${guest.ingest.formatLabel}`,
    lines: host.ingest.lines + guest.ingest.lines,
    bytes: host.ingest.bytes + guest.ingest.bytes,
    gzip: false,
    warnings,
  };
  return { ingest, host, guest, clock: fit, queues: matches };
}

export function clockReport(fit: ClockFit): ClockReport {
  return { offsetNs: Math.round(fit.offsetNs), driftPpm: fit.driftPpm, residualNs: fit.residualNs, pairs: fit.pairs };
}
