/**
 * Timeline lanes: grouped by vring (queue), then one lane per value of the
 * key fields the active rules use (buffer, stream, …); events without such
 * a key get one lane per event name. Computed once per (trace, rules) in the
 * worker; the main thread only receives the lane labels.
 */
import { type BufferSupply, deviceContextAt, type FieldColumn, type Trace, vdevLabel, vqLabel } from '@vqscope/trace';
import { DrawnLanes } from './lane-cache.ts';
import { type LaneEvents, LaneEventsBuilder } from './lane-events.ts';

/**
 * Fields that name a queue, in order of preference, used to group lanes. A QEMU vq comes before
 * `queue`, which QEMU traces derive as the index of a vq within its device (queue 0 of every device).
 * `ring` (a queue of a merged host+guest trace) comes first: it names the queue on both sides.
 */
const GROUP_FIELDS = ['ring', 'vring', 'vq', 'queue', 'vdev'];

/** Key fields a group already says: a vq's group names its device and index. */
function impliedBy(group: string, key: string): boolean {
  return key === group || (group === 'vq' && (key === 'vdev' || key === 'queue'));
}

export interface Lane {
  label: string;
  group: string;
  count: number;
}

export interface LaneLayout {
  lanes: Lane[];
  /**
   * The lane of event i, looked up from its key tuple (or its name) as the layout decided it: no lane
   * column per event, since the lane is asked for a few events at a time (a selection, the edges of a frame).
   */
  laneOf: (i: number) => number;
  /** Event indices per lane, in log order, compact: read a lane with laneEvents. */
  events: LaneEvents;
  /** Decoded events and timestamps of the lanes drawn lately (laneEvents, laneTimes, endFrame). */
  drawn: DrawnLanes;
  /** Bytes held by the layout besides the drawn lanes: the event index and the tuple lookup. */
  byteLength: number;
}

/** The drawn lanes keep their decoded arrays up to this many bytes an event of the trace (at least DRAWN_MIN_BYTES). */
const DRAWN_BYTES_PER_EVENT = 2;
const DRAWN_MIN_BYTES = 16 << 20;

function fieldLabel(field: string, value: string): string {
  return /^\d+$/.test(value) ? `${field} #${value}` : `${field} ${value}`;
}

// One collator for all comparisons: localeCompare with options builds one per call, far too slow for a million lanes.
const naturalCompare = new Intl.Collator('en', { numeric: true }).compare;

/** Made apart from tupleIndex, so that the lookup kept with the layout does not hold the table it may have replaced. */
function mixedRadixKey(cols: readonly FieldColumn[], radix: readonly number[]): (i: number) => number {
  return (i) => {
    let k = 0;
    for (let c = 0; c < cols.length; c++) k = k * radix[c] + cols[c].id(i);
    return k;
  };
}

/**
 * Lane lookup by the tuple of an event's key value ids, mixed-radix into one number (0 = no key
 * at all): a flat table when the tuples are few, a Map otherwise, strings only past 2^53.
 */
function tupleIndex(cols: readonly FieldColumn[], radix: readonly number[]) {
  let space = 1;
  for (const r of radix) space *= Math.max(r, 1);
  if (space <= Number.MAX_SAFE_INTEGER) {
    const keyOf = mixedRadixKey(cols, radix);
    if (space <= 1 << 22) {
      const table = new Int32Array(space).fill(-1);
      const set = (k: number, lane: number): void => {
        table[k] = lane;
      };
      return {
        keyOf,
        get: (k: number) => table[k],
        set,
        finish: (rank: Uint32Array, events: number) => finishTable(keyOf, table, rank, events),
      };
    }
    const map = new Map<number, number>();
    const set = (k: number, lane: number): void => {
      map.set(k, lane);
    };
    return { keyOf, get: (k: number) => map.get(k) ?? -1, set, finish: (rank: Uint32Array) => finishMap(keyOf, map, rank) };
  }
  // Past 2^53 tuples (many high-cardinality keys) a string key stays exact.
  const ids: (number | string)[] = [0];
  const idOf = new Map<string, number>();
  const keyOf = (i: number): number => {
    let s = '';
    let keyed = false;
    for (const c of cols) {
      if (c.id(i) !== 0) keyed = true;
      s += `${c.id(i)},`;
    }
    if (!keyed) return 0;
    let k = idOf.get(s);
    if (k === undefined) {
      k = ids.length;
      ids.push(s);
      idOf.set(s, k);
    }
    return k;
  };
  const lanes = new Map<number, number>();
  const set = (k: number, lane: number): void => {
    lanes.set(k, lane);
  };
  return {
    keyOf,
    get: (k: number) => lanes.get(k) ?? -1,
    set,
    finish: (rank: Uint32Array) => finishMap(keyOf, lanes, rank, 24 * ids.length),
  };
}

/** The lookup kept after the layout: tuple key to final lane, and its bytes. */
interface TupleLanes {
  keyOf: (i: number) => number;
  get: (k: number) => number;
  byteLength: number;
}

/**
 * The flat table renumbered to the sorted lanes. A table much larger than the trace and mostly empty
 * (a few events with many key values) gives way to a Map of the tuples seen, so the lookup does not
 * outweigh the lane column it replaces.
 */
function finishTable(keyOf: (i: number) => number, table: Int32Array, rank: Uint32Array, events: number): TupleLanes {
  if (table.byteLength > Math.max(1 << 16, events)) {
    let used = 0;
    for (let k = 0; k < table.length; k++) if (table[k] >= 0) used++;
    if (MAP_ENTRY_BYTES * used < table.byteLength) {
      const map = new Map<number, number>();
      for (let k = 0; k < table.length; k++) if (table[k] >= 0) map.set(k, table[k]);
      return finishMap(keyOf, map, rank);
    }
  }
  for (let k = 0; k < table.length; k++) if (table[k] >= 0) table[k] = rank[table[k]];
  return { keyOf, get: (k) => table[k], byteLength: table.byteLength };
}

/** About what V8 holds per Map entry. */
const MAP_ENTRY_BYTES = 24;

function finishMap(keyOf: (i: number) => number, map: Map<number, number>, rank: Uint32Array, extra = 0): TupleLanes {
  for (const [k, lane] of map) map.set(k, rank[lane]);
  return { keyOf, get: (k) => map.get(k) ?? -1, byteLength: MAP_ENTRY_BYTES * map.size + extra };
}

export function layoutLanes(trace: Trace, keyFields: readonly string[], supply?: BufferSupply): LaneLayout {
  const n = trace.count;
  const keyCols = keyFields.map((k) => [k, trace.fields.get(k)] as const).filter(([, c]) => c !== undefined);
  const groupCols = GROUP_FIELDS.map((k) => [k, trace.fields.get(k)] as const).filter(([, c]) => c !== undefined);
  const provisional: { label: string; group: string; count: number }[] = [];
  const index = new LaneEventsBuilder(n, supply);
  // The lane of an event is decided by value ids alone; labels are written once per new lane.
  const laneFor = (i: number): { label: string; group: string; groupKey: string } => {
    let group = '';
    let groupField = '';
    let groupKey = '';
    for (const [k, c] of groupCols) {
      const id = c?.id(i) ?? 0;
      if (id !== 0) {
        const value = c?.values[id] ?? '';
        groupField = k;
        groupKey = fieldLabel(k, value);
        // QEMU devices and queues by name ("virtio-balloon (vdev 0x…28a0) · vq 2"), pointer kept.
        group =
          k === 'vq' ? vqLabel(deviceContextAt(trace, i)) : k === 'vdev' ? vdevLabel(value, deviceContextAt(trace, i).device) : groupKey;
        break;
      }
    }
    let label = '';
    for (const [k, c] of keyCols) {
      const id = c?.id(i) ?? 0;
      if (id !== 0 && !impliedBy(groupField, k)) label += `${label ? ' ' : ''}${fieldLabel(k, c?.values[id] ?? '')}`;
    }
    // In a queue's group, events without a further key share one lane: name it for what it holds.
    if (!label) label = group ? 'all events' : trace.names[trace.name[i]];
    if (!group) group = label === trace.names[trace.name[i]] ? 'events' : (keyCols.find(([, c]) => (c?.id(i) ?? 0) !== 0)?.[0] ?? 'events');
    return { label, group, groupKey: groupKey || group };
  };
  // A field both groups and keys (vring) decides the lane once.
  const tupleCols = [...new Map([...groupCols, ...keyCols].map(([k, c]) => [k, c as NonNullable<typeof c>])).values()];
  const byLabel = new Map<string, number>();
  const laneOfTuple = tupleIndex(
    tupleCols,
    tupleCols.map((c) => c.values.length),
  );
  const laneOfName = new Int32Array(trace.names.length).fill(-1);
  const names = trace.name;
  for (let i = 0; i < n; i++) {
    const tuple = laneOfTuple.keyOf(i);
    let lane = tuple === 0 ? laneOfName[names[i]] : laneOfTuple.get(tuple);
    if (lane < 0) {
      // Different id tuples can give the same label (a group field that is also a key): one lane.
      // Lanes are told apart by the raw group text; the device names are only shown.
      const { label, group, groupKey } = laneFor(i);
      const named = `${groupKey}\u0000${label}`;
      lane = byLabel.get(named) ?? -1;
      if (lane < 0) {
        lane = provisional.length;
        byLabel.set(named, lane);
        provisional.push({ label, group, count: 0 });
      }
      // Unkeyed events get a lane per event name.
      if (tuple === 0) laneOfName[names[i]] = lane;
      else laneOfTuple.set(tuple, lane);
    }
    provisional[lane].count++;
    index.add(lane);
  }
  // Sort lanes: groups by name (unkeyed events last), lanes naturally within a group.
  const order = provisional.map((_, i) => i);
  // Labels that are one text and a number ("buffer #12") compare by the number when their texts
  // agree, as the numeric collator would, without its cost: with a million keys the collator
  // alone took most of the lane layout.
  const head: string[] = new Array(provisional.length);
  const tail = new Float64Array(provisional.length).fill(Number.NaN);
  provisional.forEach((p, i) => {
    const m = /^(\D*?)(\d{1,15})$/.exec(p.label);
    if (m) {
      head[i] = m[1];
      tail[i] = Number(m[2]);
    }
  });
  order.sort((a, b) => {
    const ga = provisional[a].group;
    const gb = provisional[b].group;
    if (ga !== gb) return ga === 'events' ? 1 : gb === 'events' ? -1 : naturalCompare(ga, gb);
    if (head[a] !== undefined && head[a] === head[b] && tail[a] !== tail[b]) return tail[a] - tail[b];
    return naturalCompare(provisional[a].label, provisional[b].label);
  });
  const rank = new Uint32Array(order.length);
  order.forEach((old, r) => {
    rank[old] = r;
  });
  const lanes = order.map((old) => provisional[old]);
  // The lookups now answer with sorted lanes.
  const tuples = laneOfTuple.finish(rank, n);
  for (let k = 0; k < laneOfName.length; k++) if (laneOfName[k] >= 0) laneOfName[k] = rank[laneOfName[k]];
  const laneOf = laneLookup(tuples, laneOfName, names);
  const events = index.finish(
    order,
    lanes.map((x) => x.count),
  );
  return {
    lanes,
    laneOf,
    events,
    drawn: new DrawnLanes(Math.max(DRAWN_MIN_BYTES, DRAWN_BYTES_PER_EVENT * n)),
    byteLength: events.byteLength + tuples.byteLength + laneOfName.byteLength,
  };
}

/**
 * Made apart from layoutLanes, so that the closure kept with the layout holds the lookups alone, not
 * the layout's working state (V8 shares one context among a function's closures).
 */
function laneLookup(tuples: TupleLanes, laneOfName: Int32Array, names: ArrayLike<number>): (i: number) => number {
  return (i) => {
    const tuple = tuples.keyOf(i);
    return tuple === 0 ? laneOfName[names[i]] : tuples.get(tuple);
  };
}

/** The event indices of lane l, in log order (decoded when drawn, kept while drawn lately). */
export function laneEvents(layout: LaneLayout, l: number): Uint32Array {
  if (layout.events.plain) return layout.events.decode(l);
  const e = layout.drawn.touch(l);
  if (!e.events) {
    e.events = layout.events.decode(l);
    layout.drawn.hold(e.events.byteLength);
  }
  return e.events;
}

/** The timestamps of lane l's events, in lane order (gathered when drawn, kept while drawn lately). */
export function laneTimes(layout: LaneLayout, trace: Trace, l: number): Float64Array {
  const events = laneEvents(layout, l);
  const e = layout.drawn.touch(l);
  if (!e.ts) {
    const xs = new Float64Array(events.length);
    for (let k = 0; k < events.length; k++) xs[k] = trace.ts.get(events[k]);
    e.ts = xs;
    layout.drawn.hold(xs.byteLength);
  }
  return e.ts;
}

/** After a frame's lanes were read: lets go of lanes no longer drawn once the cache is over its budget. */
export function endFrame(layout: LaneLayout): void {
  layout.drawn.endFrame(layout.events.plain);
}
