/**
 * What the miner may key and filter on, learned from the good traces in one
 * pass over each field column: the candidate keys (fields whose values recur
 * on events of two or more names: buffer, vq, elem, …), the names every event
 * of which carries a key (a rule's alphabet per key), and the few-valued
 * fields that may split one name's behaviour (set_vring_enable[enable=1]).
 * Memory follows names, fields and distinct values, not the number of events.
 */
import type { Trace } from '@vqscope/trace';
import { upsert } from './upsert.ts';

/** An address: hex and past the first 64 KiB (0x50 is a register offset, 0x55e0cc9bded0 an object). */
const POINTER = /^0x[0-9a-f]{5,}$/i;

/** Above this many distinct values on one name a field is data (a length, an address), not a switch. */
const MAX_SPLIT_VALUES = 4;

export interface Survey {
  /** Every event name of every trace, sorted (so the result does not depend on the order of the files). */
  names: string[];
  /** Candidate key fields, sorted. */
  keys: string[];
  /** Per key field: the names all of whose events carry it, sorted. */
  alphabet: Map<string, string[]>;
  /** Per name: fields with 2..MAX_SPLIT_VALUES distinct values on it, and those values (normalised, sorted). */
  splits: Map<string, { field: string; values: string[] }[]>;
  /** Events per name over all traces. */
  nameCount: Map<string, number>;
  /** Per field: the most distinct values it had in one trace (how fine a lifecycle it keys). */
  distinct: Map<string, number>;
}

/** A value as the selector's `=` compares it: numbers by value (0x1 = 1), anything else as text. */
export function normalValue(v: string): string {
  if (v === 'true' || v === 'false') return v;
  const n =
    v.length > 2 && v[0] === '0' && (v[1] === 'x' || v[1] === 'X')
      ? Number.parseInt(v.slice(2), 16)
      : v.trim() === ''
        ? Number.NaN
        : Number(v);
  return Number.isNaN(n) ? v : String(n);
}

export function surveyTraces(traces: readonly Trace[], onlyKeys?: readonly string[]): Survey {
  const nameCount = new Map<string, number>();
  /** field → name → events of that name carrying the field */
  const carried = new Map<string, Map<string, number>>();
  const recurs = new Set<string>();
  /** field → name → distinct normalised values (capped one past the limit) */
  const valuesOn = new Map<string, Map<string, Set<string>>>();
  /** Fields seen on an event that carries no address field besides them: not an attribute of an object. */
  const standsAlone = new Set<string>();
  const pointerish = new Set<string>();
  const distinct = new Map<string, number>();

  for (const t of traces) {
    markAttributes(t, pointerish, standsAlone);
    const perName = new Int32Array(t.names.length);
    for (let i = 0; i < t.count; i++) perName[t.name[i]]++;
    t.names.forEach((n, id) => {
      if (perName[id] > 0) nameCount.set(n, (nameCount.get(n) ?? 0) + perName[id]);
    });
    for (const [field, col] of t.fields) {
      distinct.set(field, Math.max(distinct.get(field) ?? 0, col.values.length - 1));
      const carry = new Int32Array(t.names.length);
      // Per value id: the first name seen with it (+1), or -1 once a second name was seen.
      const firstName = new Int32Array(col.values.length);
      // Up to CAP distinct value ids per name, in a flat array: no Set operation per event.
      const CAP = MAX_SPLIT_VALUES + 1;
      const seen = new Int32Array(t.names.length * CAP);
      const nSeen = new Uint8Array(t.names.length);
      let recurring = false;
      const ids = col;
      const names = t.name;
      for (let i = 0; i < t.count; i++) {
        const v = ids.id(i);
        if (v === 0) continue;
        const n = names[i];
        carry[n]++;
        const k = nSeen[n];
        if (k < CAP) {
          let j = 0;
          while (j < k && seen[n * CAP + j] !== v) j++;
          if (j === k) {
            seen[n * CAP + k] = v;
            nSeen[n] = k + 1;
          }
        }
        const f = firstName[v];
        if (f === 0) firstName[v] = n + 1;
        else if (f > 0 && f !== n + 1) {
          firstName[v] = -1;
          recurring = true;
        }
      }
      if (recurring) recurs.add(field);
      const byName = upsert(carried, field, () => new Map());
      const vals = upsert(valuesOn, field, () => new Map());
      for (let n = 0; n < t.names.length; n++) {
        if (carry[n] === 0) continue;
        const name = t.names[n];
        byName.set(name, (byName.get(name) ?? 0) + carry[n]);
        const s = upsert(vals, name, () => new Set());
        for (let j = 0; j < nSeen[n]; j++) if (s.size <= MAX_SPLIT_VALUES) s.add(normalValue(col.values[seen[n * CAP + j]]));
      }
    }
  }

  const names = [...nameCount.keys()].sort();
  // A number that rides on every event along with an address (in_num, len, nsectors, sector on the
  // events of an elem or a req) describes that object: its values repeat across unrelated objects,
  // so keying by it joins lifecycles that have nothing to do with each other. The address keys them.
  const identity = (f: string) => pointerish.has(f) || (standsAlone.has(f) && !QUANTITY.test(f));
  const keys = (onlyKeys ? [...new Set(onlyKeys)] : [...recurs].filter(identity)).sort();
  const alphabet = new Map<string, string[]>();
  for (const k of keys) {
    const byName = carried.get(k);
    alphabet.set(
      k,
      names.filter((n) => byName?.get(n) === nameCount.get(n)),
    );
  }
  const splits = new Map<string, { field: string; values: string[] }[]>();
  for (const [field, vals] of [...valuesOn].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    // A size or a sector splits nothing: its few values in one run are that run's numbers.
    if (
      recurs.has(field) ||
      keys.includes(field) ||
      QUANTITY.test(field) ||
      (!standsAlone.has(field) && !pointerish.has(field) && (distinct.get(field) ?? 0) > MAX_SPLIT_VALUES)
    )
      continue;
    for (const [name, s] of vals) {
      if (s.size < 2 || s.size > MAX_SPLIT_VALUES) continue;
      const list = upsert(splits, name, () => []);
      list.push({ field, values: [...s].sort() });
    }
  }
  return { names, keys, alphabet, splits, nameCount, distinct };
}

/**
 * Names of quantities, the fallback for traces with no addresses to tell them by (a size counts
 * bytes whichever object it is on).
 */
const QUANTITY = /^(len|length|size|sz|count|bytes|in_num|out_num|nsectors|sectors?|idx|offset|ret|status|val|quota)$/i;

/** Which fields of one trace hold addresses, and which are seen on an event with no other address field. */
function markAttributes(t: Trace, pointerish: Set<string>, standsAlone: Set<string>): void {
  const cols = [...t.fields];
  const isPtr = cols.map(([, col]) => {
    let ptr = 0;
    let all = 0;
    for (let v = 1; v < col.values.length; v++) {
      all++;
      if (POINTER.test(col.values[v])) ptr++;
    }
    return all > 0 && ptr * 10 >= all * 9;
  });
  cols.forEach(([f], j) => {
    if (isPtr[j]) pointerish.add(f);
  });
  const ptrCols = cols.filter((_, j) => isPtr[j]).map(([, col]) => col);
  // Only the fields not yet seen alone are looked at; the pass ends once none is left.
  let open = cols.map((_, j) => j).filter((j) => !standsAlone.has(cols[j][0]));
  for (let i = 0; i < t.count && open.length > 0; i++) {
    let ptrs = 0;
    for (const ids of ptrCols) if (ids.id(i) !== 0) ptrs++;
    let alone = false;
    for (const j of open) {
      if (cols[j][1].id(i) === 0) continue;
      if (ptrs - (isPtr[j] ? 1 : 0) === 0) {
        standsAlone.add(cols[j][0]);
        alone = true;
      }
    }
    if (alone) open = open.filter((j) => !standsAlone.has(cols[j][0]));
  }
}
