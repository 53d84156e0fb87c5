/**
 * Where a second trace first departs from a first one, per key: each key's
 * sequence of event names in B is walked against the same key's in A, and
 * the first event that differs is reported. Keys are paired by value, and
 * values that occur in only one trace (host pointers change between runs)
 * by their order of first appearance: the n-th new elem of B is the n-th of A.
 * An address is reused (an allocator hands the same elem out again): a key's
 * sequence that goes on past A's is compared with A's from its start again.
 */
import { describeKey } from '@vqscope/rules';
import type { FieldColumn, Trace } from '@vqscope/trace';

export interface Divergence {
  /** The key as shown to people ("buffer #1"; '' for the whole trace). */
  key: string;
  /** Line in A of the event B should have had there (or A's last event of the key when A had no more). */
  lineA: number | null;
  lineB: number;
  /** The event name A had at this point of the key's sequence, or "(end)". */
  expected: string;
  found: string;
}

export const END = '(end)';

/** Per value id of `field` in A: the event indices of A carrying it, in order. */
function sequences(t: Trace, ids: FieldColumn | undefined, values: number): Int32Array[] {
  const counts = new Int32Array(values);
  for (let i = 0; i < t.count; i++) counts[ids ? ids.id(i) : 0]++;
  const seqs = Array.from(counts, (n) => new Int32Array(n));
  counts.fill(0);
  for (let i = 0; i < t.count; i++) {
    const v = ids ? ids.id(i) : 0;
    if (ids && v === 0) continue;
    seqs[v][counts[v]++] = i;
  }
  return seqs;
}

/** B's value id → A's value id: the same value, else the same rank among the values the other trace lacks. */
function pairValues(aValues: readonly string[], bValues: readonly string[], aOrder: number[], bOrder: number[]): Int32Array {
  const inA = new Map<string, number>();
  aValues.forEach((v, id) => {
    if (id > 0) inA.set(v, id);
  });
  const inB = new Set(bValues);
  const out = new Int32Array(bValues.length).fill(-1);
  const aOnly = aOrder.filter((id) => !inB.has(aValues[id]));
  let n = 0;
  for (const id of bOrder) {
    const same = inA.get(bValues[id]);
    if (same !== undefined) out[id] = same;
    // More objects in B than in A (a busier run allocates more elems): past A's last, again from
    // A's first, so that a surplus object is held to what an object of its kind did in A.
    else if (aOnly.length > 0) out[id] = aOnly[n++ % aOnly.length];
  }
  return out;
}

/** Value ids in order of first appearance. */
function firstAppearance(t: Trace, ids: FieldColumn, values: number): number[] {
  const seen = new Uint8Array(values);
  const order: number[] = [];
  for (let i = 0; i < t.count; i++) {
    const v = ids.id(i);
    if (v !== 0 && !seen[v]) {
      seen[v] = 1;
      order.push(v);
    }
  }
  return order;
}

/** First divergence of each key of `field` (undefined = the whole trace as one sequence). */
export function divergencesFor(a: Trace, b: Trace, field?: string): Divergence[] {
  const colA = field ? a.fields.get(field) : undefined;
  const colB = field ? b.fields.get(field) : undefined;
  if (field && (!colA || !colB)) return [];
  const seqA = sequences(a, colA, colA?.values.length ?? 1);
  const pair =
    colA && colB
      ? pairValues(colA.values, colB.values, firstAppearance(a, colA, colA.values.length), firstAppearance(b, colB, colB.values.length))
      : Int32Array.of(0);
  const bNameInA = Int32Array.from(b.names, (n) => a.names.indexOf(n));
  const pos = new Int32Array(pair.length);
  const done = new Uint8Array(pair.length);
  const out: Divergence[] = [];
  for (let i = 0; i < b.count; i++) {
    const vb = colB ? colB.id(i) : 0;
    if (colB && vb === 0) continue;
    if (done[vb]) continue;
    const va = pair[vb];
    const seq = va >= 0 ? seqA[va] : new Int32Array(0);
    // An address used again starts a new object's life: past A's sequence, A's again from its start.
    const p = seq.length > 0 ? pos[vb]++ % seq.length : pos[vb]++;
    const expectedAt = p < seq.length ? seq[p] : -1;
    if (expectedAt >= 0 && a.name[expectedAt] === bNameInA[b.name[i]]) continue;
    done[vb] = 1;
    const key = colB && field ? describeKey({ [field]: colB.values[vb] }) : '';
    out.push({
      key,
      lineA: expectedAt >= 0 ? a.line.get(expectedAt) : seq.length > 0 ? a.line.get(seq[seq.length - 1]) : null,
      lineB: b.line.get(i),
      expected: expectedAt >= 0 ? a.names[a.name[expectedAt]] : END,
      found: b.names[b.name[i]],
    });
  }
  return out;
}

/**
 * First divergences over the key fields (or the whole trace when there are none), one per
 * line of B (the key with the most values wins: the finest), sorted by lineB.
 */
export function divergences(a: Trace, b: Trace, keys: readonly string[]): Divergence[] {
  const fields = [...keys].sort((x, y) => (b.fields.get(y)?.values.length ?? 0) - (b.fields.get(x)?.values.length ?? 0));
  const byLine = new Map<number, Divergence>();
  for (const f of fields.length ? fields : [undefined])
    for (const d of divergencesFor(a, b, f)) if (!byLine.has(d.lineB)) byLine.set(d.lineB, d);
  return [...byLine.values()].sort((x, y) => x.lineB - y.lineB);
}
