/**
 * Field ids stored by layout: what the events carry, not one column per key for every event.
 *
 * Events of one name carry the same few fields, so each name has a layout, the keys its events
 * have had in first-seen order, and position p of every layout shares one position column. An
 * event's id for key K is in the column at K's position in its name's layout, or 0 when the
 * layout lacks K. A trace with dozens of keys thus pays for its widest layout, not its key count.
 *
 * A position used by a few events only (the third field of a rare wide name) costs less sparse: a
 * presence bit per event, a running count per 64 events and the ids of the events that have one.
 * Each position is dense or sparse by what it would cost, decided again every 64Ki events and at
 * the end; a change re-encodes the column once.
 *
 * Value ids are interned per key (id 0 = absent), so readers see the same ids as with a column
 * per key. Nothing outside this module and trace.ts may assume how the ids are stored.
 */

import type { IdArray } from './columns.ts';
import { StringTable } from './intern.ts';
import type { FieldColumn } from './trace.ts';

const INITIAL_CAPACITY = 1024;
/** Spare room up to this share of the length is kept rather than copied away at the end. */
const KEEP_SPARE = 1 / 16;
/** Events between two looks at whether each position is cheaper dense or sparse. */
const REVIEW_EVERY = 1 << 16;
/** Below this many events a new position starts dense: its pages cost little and the first review decides. */
const DENSE_BIRTH_BEFORE = REVIEW_EVERY;
/** Bytes per event a sparse position costs before its ids: one presence bit, a 32-bit count per 64 events. */
const SPARSE_BYTES_PER_EVENT = 1 / 8 + 4 / 64;
/** A dense position turns sparse when that costs under this share of dense, and back when it costs more than dense. */
const TO_SPARSE_BELOW = 0.75;

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function widened<T extends IdArray | Uint32Array | Int32Array>(arr: T, need: number, make: (n: number) => T): T {
  if (need <= arr.length) return arr;
  const next = make(Math.max(need, Math.ceil(arr.length * 1.5), INITIAL_CAPACITY));
  next.set(arr);
  return next;
}

function trimmed<T extends IdArray | Uint32Array | Int32Array>(arr: T, n: number): T {
  if (n >= arr.length) return arr;
  return arr.length - n <= n * KEEP_SPARE ? (arr.subarray(0, n) as T) : (arr.slice(0, n) as T);
}

function makeIds(width: 1 | 2 | 4, n: number): IdArray {
  return width === 1 ? new Uint8Array(n) : width === 2 ? new Uint16Array(n) : new Uint32Array(n);
}

/**
 * The ids at one layout position, for every event. Dense: one id per event, 1, 2 or 4 bytes as
 * the largest id stored needs. Sparse: the ids of the events that have one, in event order,
 * found by rank (a running count per 64 events plus the set bits before the event).
 * One class for both, so that every read is monomorphic.
 */
export class PositionColumn {
  width: 1 | 2 | 4 = 1;
  sparse: boolean;
  /** Exactly one of u8/u16/u32 holds the ids, by width; writers and readers switch on it. */
  u8: Uint8Array = new Uint8Array(0);
  u16: Uint16Array = new Uint16Array(0);
  u32: Uint32Array = new Uint32Array(0);
  /** Sparse: bit (i & 31) of word i >> 5 is set when event i has an id here. */
  bits: Int32Array = new Int32Array(0);
  /** Sparse: ids stored before event 64·b; valid for b < ranked. */
  ranks: Uint32Array = new Uint32Array(0);
  private ranked = 0;
  /** Ids stored: sparse, the ids held; dense, how many events set one (for the density). */
  stored = 0;

  constructor(sparse: boolean, width: 1 | 2 | 4 = 1) {
    this.sparse = sparse;
    this.width = width;
  }

  get data(): IdArray {
    return this.width === 1 ? this.u8 : this.width === 2 ? this.u16 : this.u32;
  }

  /** Dense: events it has room for. Sparse columns grow by themselves and take no part in sizing. */
  get length(): number {
    return this.data.length;
  }

  bytesFor(events: number): number {
    return this.width * events;
  }

  /** Dense: room for n events. */
  ensure(n: number): void {
    if (this.sparse || n <= this.length) return;
    const next = makeIds(this.width, Math.max(n, INITIAL_CAPACITY));
    next.set(this.data);
    this.setData(next);
  }

  /** Dense: moves the first n ids into `buffer` (already faulted in elsewhere) and keeps writing there. */
  adopt(buffer: ArrayBuffer, n: number): void {
    if (this.sparse) return;
    const next =
      this.width === 1
        ? new Uint8Array(buffer)
        : this.width === 2
          ? new Uint16Array(buffer, 0, buffer.byteLength >> 1)
          : new Uint32Array(buffer, 0, buffer.byteLength >> 2);
    next.set(this.data.subarray(0, n));
    this.setData(next);
  }

  private setData(next: IdArray): void {
    if (this.width === 1) this.u8 = next as Uint8Array;
    else if (this.width === 2) this.u16 = next as Uint16Array;
    else this.u32 = next as Uint32Array;
  }

  /** Makes the column wide enough for ids up to maxId. */
  fit(maxId: number): void {
    const width = maxId > 0xffff ? 4 : maxId > 0xff ? 2 : 1;
    if (width <= this.width) return;
    const next = makeIds(width, this.data.length);
    next.set(this.data);
    this.u8 = new Uint8Array(0);
    this.u16 = new Uint16Array(0);
    this.u32 = new Uint32Array(0);
    this.width = width;
    this.setData(next);
  }

  /** Stores event i's id; events come in order (sparse appends), a repeated i overwrites. */
  set(i: number, id: number): void {
    if (this.sparse) this.append(i, id);
    else {
      this.stored++;
      if (this.width === 1) this.u8[i] = id;
      else if (this.width === 2) this.u16[i] = id;
      else this.u32[i] = id;
    }
  }

  /** Sparse: stores event i's id after those of the events before it. */
  append(i: number, id: number): void {
    if (id === 0) return;
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    if (w >= this.bits.length) this.bits = widened(this.bits, w + 1, (c) => new Int32Array(c));
    let k = this.stored;
    if ((this.bits[w] & bit) !== 0) {
      // The event named the key twice: the last value wins, as in a column per key.
      k--;
    } else {
      this.bits[w] |= bit;
      const b = i >>> 6;
      if (b >= this.ranks.length) this.ranks = widened(this.ranks, b + 1, (c) => new Uint32Array(c));
      while (this.ranked <= b) this.ranks[this.ranked++] = k;
      if (k >= this.data.length) this.setData(widened(this.data, k + 1, (c) => makeIds(this.width, c)));
      this.stored++;
    }
    if (this.width === 1) this.u8[k] = id;
    else if (this.width === 2) this.u16[k] = id;
    else this.u32[k] = id;
  }

  /** The id of event i (0 = none). */
  get(i: number): number {
    let k = i;
    if (this.sparse) {
      const w = i >>> 5;
      const word = this.bits[w];
      const bit = 1 << (i & 31);
      if ((word & bit) === 0) return 0;
      k = this.ranks[i >>> 6] + popcount(word & (bit - 1));
      if ((w & 1) !== 0) k += popcount(this.bits[w - 1]);
    }
    return this.width === 1 ? this.u8[k] : this.width === 2 ? this.u16[k] : this.u32[k];
  }

  /** Re-encodes the first n events sparse. */
  toSparse(n: number): void {
    const dense = this.data;
    this.sparse = true;
    this.setData(makeIds(this.width, 0));
    this.bits = new Int32Array(0);
    this.ranks = new Uint32Array(0);
    this.ranked = 0;
    this.stored = 0;
    for (let i = 0; i < n; i++) if (dense[i] !== 0) this.set(i, dense[i]);
  }

  /** Re-encodes the first n events dense, with room for `capacity`. */
  toDense(n: number, capacity: number): void {
    const dense = makeIds(this.width, Math.max(capacity, n, INITIAL_CAPACITY));
    for (let i = 0; i < n; i++) dense[i] = this.get(i);
    this.sparse = false;
    this.setData(dense);
    this.bits = new Int32Array(0);
    this.ranks = new Uint32Array(0);
    this.ranked = 0;
  }

  /** What it would cost for n events: [dense, sparse] bytes. */
  costs(n: number): [number, number] {
    return [this.width * n, SPARSE_BYTES_PER_EVENT * n + this.width * this.stored];
  }

  /** A read-only column over the same arrays: later writes (events ≥ n, or a widening, which makes new arrays) do not change it. */
  view(): PositionColumn {
    const v = new PositionColumn(this.sparse, this.width);
    v.u8 = this.u8;
    v.u16 = this.u16;
    v.u32 = this.u32;
    v.bits = this.bits;
    v.ranks = this.ranks;
    v.ranked = this.ranked;
    v.stored = this.stored;
    return v;
  }

  /** A read-only column of the first n events with little spare room (the end of reading). */
  trimmed(n: number): PositionColumn {
    const v = this.view();
    if (this.sparse) {
      v.setData(trimmed(this.data, this.stored));
      v.bits = trimmed(this.bits, (n + 31) >>> 5);
      v.ranks = trimmed(this.ranks, this.ranked);
    } else v.setData(trimmed(this.data, n));
    return v;
  }

  /** A fresh column of the same kind and width, for the events after a batch was handed over. */
  emptied(capacity: number): PositionColumn {
    const c = new PositionColumn(this.sparse, this.width);
    c.ensure(capacity);
    return c;
  }

  get byteLength(): number {
    const ids = this.data.buffer.byteLength;
    return this.sparse ? ids + this.bits.buffer.byteLength + this.ranks.buffer.byteLength : ids;
  }
}

/** One field key's ids, read through the layouts of the event names. */
export class LayoutFieldColumn implements FieldColumn {
  /**
   * When every layout with the key has it at the same dense position (the usual case): that
   * position's ids, read straight and masked by the name (-1 = the name has the key, 0 = not),
   * two loads that do not wait for each other. Else null, and reads go through the layouts.
   */
  private readonly direct: IdArray | null;
  private readonly mask: Int32Array;

  constructor(
    /** The trace's event names. */
    private readonly name: IdArray,
    /** Per name id, this key's position in the name's layout, -1 when it has none. */
    private readonly posOf: Int16Array,
    private readonly positions: readonly PositionColumn[],
    readonly values: readonly string[],
    readonly storage: { readonly byteLength: number },
  ) {
    const at = new Set(posOf.filter((p) => p >= 0));
    const only = at.size === 1 ? positions[[...at][0]] : undefined;
    this.direct = only && !only.sparse ? only.data : null;
    this.mask = Int32Array.from(posOf, (p) => (p >= 0 ? -1 : 0));
  }

  id(i: number): number {
    const ids = this.direct;
    return ids !== null ? ids[i] & this.mask[this.name[i]] : this.viaLayout(i);
  }

  private viaLayout(i: number): number {
    const p = this.posOf[this.name[i]];
    return p < 0 ? 0 : this.positions[p].get(i);
  }
}

interface KeyState {
  readonly key: string;
  readonly table: StringTable;
  /** Per name id, the key's position in the name's layout (-1 = none); grows with the names. */
  posOf: Int16Array;
  /** Positions the key holds in some layout, which must fit its ids. */
  readonly at: number[];
  /** Largest id its positions are known to fit. */
  fits: number;
}

/** Bytes held by positions that no longer change: one storage shared by all of a trace's field columns. */
function storageOf(positions: readonly PositionColumn[]): { readonly byteLength: number } {
  let byteLength = 0;
  for (const p of positions) byteLength += p.byteLength;
  return { byteLength };
}

/**
 * The field part of a trace being built: keys and their interned values, one layout per event
 * name, and the position columns. Sizing follows the builder: `capacity` is the events its dense
 * columns must hold.
 */
export class FieldLayouts {
  private readonly slots = new Map<string, number>();
  private readonly keys: KeyState[] = [];
  /** Per name id, each field slot's position in the name's layout (-1 or past the end = none). */
  private slotPos: Int16Array[] = [];
  /** Per name id, the length of its layout. */
  private widths: number[] = [];
  private positions: PositionColumn[] = [];
  /** Events every dense column has room for (set by the builder when it grows). */
  capacity = 0;

  /** The slot of a field key, made on first use; slots number keys in first-seen order. */
  slotOf(key: string): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.keys.length;
      this.keys.push({ key, table: new StringTable(['']), posOf: new Int16Array(0), at: [], fits: 0xff });
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** The interned id of a value of the key in `slot`. */
  valueId(slot: number, value: string): number {
    const f = this.keys[slot];
    const id = f.table.intern(value);
    if (id > f.fits) {
      for (const p of f.at) this.positions[p].fit(id);
      f.fits = id > 0xffff ? 0xffffffff : 0xffff;
    }
    return id;
  }

  /**
   * Where events of name `nameId` keep the key in `slot`: its position in the name's layout, which
   * gets it at its end when it has it not yet. `i` is the event being added. A position never moves,
   * so (position, value id) pairs can be kept per message and added again.
   */
  positionOf(nameId: number, slot: number, i: number): number {
    const layout = this.slotPos[nameId];
    const p = layout !== undefined && slot < layout.length ? layout[slot] : -1;
    return p >= 0 ? p : this.extend(nameId, slot, i);
  }

  /** Stores event i's `count` (layout position, value id) pairs from pairs[from] (see positionOf). */
  add(i: number, pairs: Int32Array, from: number, count: number): void {
    if ((i & (REVIEW_EVERY - 1)) === 0 && i > 0) this.review(i);
    const positions = this.positions;
    for (let k = from, end = from + 2 * count; k < end; k += 2) {
      // PositionColumn.set, written out: this is the hot path of reading a trace.
      const c = positions[pairs[k]];
      const id = pairs[k + 1];
      if (c.sparse) c.append(i, id);
      else {
        c.stored++;
        if (c.width === 1) c.u8[i] = id;
        else if (c.width === 2) c.u16[i] = id;
        else c.u32[i] = id;
      }
    }
  }

  /** Gives the name's layout the key in `slot`, at its end; returns the position. */
  private extend(nameId: number, slot: number, i: number): number {
    let layout = this.slotPos[nameId];
    if (layout === undefined || layout.length <= slot) {
      const next = new Int16Array(Math.max(this.keys.length, slot + 1, 4)).fill(-1);
      if (layout !== undefined) next.set(layout);
      layout = next;
      this.slotPos[nameId] = layout;
    }
    const p = this.widths[nameId] ?? 0;
    if (p > 0x7fff) throw new Error(`event name with more than ${0x7fff} field keys`);
    this.widths[nameId] = p + 1;
    layout[slot] = p;
    if (p === this.positions.length) {
      const c = new PositionColumn(i >= DENSE_BIRTH_BEFORE);
      c.ensure(this.capacity);
      this.positions.push(c);
    }
    const f = this.keys[slot];
    if (f.posOf.length <= nameId) {
      const next = new Int16Array(Math.max(nameId + 1, f.posOf.length * 2, 8)).fill(-1);
      next.set(f.posOf);
      f.posOf = next;
    }
    f.posOf[nameId] = p;
    if (!f.at.includes(p)) f.at.push(p);
    this.positions[p].fit(f.table.size - 1);
    return p;
  }

  /** Makes each position dense or sparse, whichever now costs less for the first n events. */
  review(n: number): void {
    for (const c of this.positions) {
      const [dense, sparse] = c.costs(n);
      if (!c.sparse && sparse < TO_SPARSE_BELOW * dense) c.toSparse(n);
      else if (c.sparse && sparse > dense) c.toDense(n, this.capacity);
    }
  }

  /** The dense positions: sized and supplied with the builder's other columns. */
  denseColumns(): PositionColumn[] {
    return this.positions.filter((c) => !c.sparse);
  }

  /**
   * Field columns reading `positions` (views or trimmed copies, which later adds do not change)
   * through per-name positions copied now, so that later layouts do not change them either.
   */
  private columnsOf(name: IdArray, names: number, positions: PositionColumn[]): Map<string, FieldColumn> {
    const storage = storageOf(positions);
    const fields = new Map<string, FieldColumn>();
    for (const f of this.keys) {
      const posOf = new Int16Array(names).fill(-1);
      posOf.set(f.posOf.subarray(0, Math.min(names, f.posOf.length)));
      fields.set(f.key, new LayoutFieldColumn(name, posOf, positions, f.table.strings, storage));
    }
    return fields;
  }

  /** The fields of the events so far, over the columns as they are: later adds write only past them (a snapshot). */
  view(name: IdArray, names: number): Map<string, FieldColumn> {
    return this.columnsOf(
      name,
      names,
      this.positions.map((c) => c.view()),
    );
  }

  /** The fields of the events so far as a batch; the events after it are written into fresh columns. */
  takeBatch(name: IdArray, names: number): Map<string, FieldColumn> {
    const fields = this.view(name, names);
    this.positions = this.positions.map((c) => c.emptied(this.capacity));
    return fields;
  }

  /** The fields of all n events, each position in the form that costs less, trimmed. */
  finish(name: IdArray, names: number, n: number): Map<string, FieldColumn> {
    this.review(n);
    return this.columnsOf(
      name,
      names,
      this.positions.map((c) => c.trimmed(n)),
    );
  }
}
