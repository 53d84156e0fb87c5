/**
 * The columnar trace model. Events are rows of typed-array columns in log
 * order; the event index is the order. Strings (names, field values) are
 * interned. Nothing here keeps the text of a line: the byte offset lets a
 * viewer fetch it from the source on demand.
 */

import { BlockColumn, LineColumn, MAX_CHUNK } from './block-column.ts';
import type { BufferSupply } from './buffer-supply.ts';
import { AdaptiveIdColumn, bufferBytes, type IdArray } from './columns.ts';
import { FieldLayouts, type PositionColumn } from './field-layout.ts';
import { StringTable } from './intern.ts';
import type { LineRecord } from './record.ts';

/**
 * A number per event, read by index. How it is stored (a plain typed array, deltas per block, a
 * sparse step list) is the column's business, so storage can shrink without touching its readers.
 */
export interface EventColumn {
  readonly length: number;
  get(i: number): number;
  /** Bytes the column keeps alive. */
  readonly byteLength: number;
}

export interface FieldColumn {
  /** Value id of event i; 0 = the event has no such field. */
  id(i: number): number;
  /** Value strings; index 0 is the empty "absent" value. */
  readonly values: readonly string[];
  /** What holds the ids; columns may share one, which is then counted once. */
  readonly storage: { readonly byteLength: number };
}

/** Every value of a column, in event order (tests, exports and small traces). */
export function columnValues(col: EventColumn): number[] {
  const out = new Array<number>(col.length);
  for (let i = 0; i < col.length; i++) out[i] = col.get(i);
  return out;
}

/** An event column kept as one typed array. */
export class ArrayColumn<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array = Float64Array | Uint32Array>
  implements EventColumn
{
  constructor(readonly data: T) {}
  get length(): number {
    return this.data.length;
  }
  get(i: number): number {
    return this.data[i];
  }
  get byteLength(): number {
    return bufferBytes(this.data);
  }
}

/** A field column with one id per event (derived columns, merged traces, traces built in tests). */
export class DenseFieldColumn implements FieldColumn {
  constructor(
    readonly ids: IdArray | Int32Array,
    readonly values: readonly string[],
  ) {}
  id(i: number): number {
    return this.ids[i];
  }
  get storage(): { readonly byteLength: number } {
    return this.ids.buffer;
  }
}

export interface Trace {
  readonly count: number;
  /** Interned event names; `name[i]` indexes this table. */
  readonly names: readonly string[];
  readonly name: IdArray;
  /** Nanoseconds since `tsBaseSec` (NaN when the line had no timestamp). */
  readonly ts: EventColumn;
  /** Whole seconds subtracted from every timestamp so nanoseconds stay exact in a double. */
  readonly tsBaseSec: number;
  /** 1-based source line of each event. */
  readonly line: EventColumn;
  /** Byte offset of each event's line in the (decompressed) source. */
  readonly offset: EventColumn;
  readonly fields: ReadonlyMap<string, FieldColumn>;
  /** A trace merged from several files (host and guest): each event's file, an index into `files`. */
  readonly file?: Uint8Array;
  readonly files?: readonly string[];
  /** How far, rms, the merged files' clocks stray from the line that maps one to the other (ns). */
  readonly clockResidualNs?: number;
}

/** Below this many events the page faults cost less than starting the helper thread that would take them. */
const SUPPLY_FROM_EVENTS = 1 << 18;

type Column = AdaptiveIdColumn | PositionColumn;

/** log2 of the block sizes: offsets change most per event, so their blocks are the smallest. */
const TS_BLOCK = 10;
const LINE_BLOCK = 10;
const OFFSET_BLOCK = 8;

export class TraceBuilder {
  private n = 0;
  private readonly nameTable = new StringTable();
  private readonly nameCol = new AdaptiveIdColumn();
  /** Chunks for the block columns: full-size ones from the supply once reserve() has asked for them. */
  private readonly chunk = (bytes: number): ArrayBuffer => this.suppliedChunk(bytes);
  private chunksWanted = 0;
  private tsCol = new BlockColumn(TS_BLOCK, this.chunk);
  private lineCol = new LineColumn(new BlockColumn(LINE_BLOCK, this.chunk));
  private offsetCol = new BlockColumn(OFFSET_BLOCK, this.chunk);
  /** Field keys, their values and the ids of every event, stored by the layout of each event name. */
  private readonly fields = new FieldLayouts();
  private scratchPairs = new Int32Array(16);
  private capacity = 0;
  private tsBase = Number.NaN;
  private lastTs = Number.NEGATIVE_INFINITY;
  /** First line whose timestamp is earlier than the one before it (0 = none). */
  backwardsAtLine = 0;
  /** Columns whose supplied buffer has not come yet, with the bytes they asked for. */
  private awaiting: { col: Column; bytes: number }[] = [];

  constructor(private readonly supply?: BufferSupply) {}

  get count(): number {
    return this.n;
  }

  /**
   * Adds a record's event; returns its name id. Its (layout position, value id) pairs, which
   * addIds takes for any event of the same name, are in `internedPairs` until the next add.
   */
  add(rec: LineRecord, name: string, line: number, offset: number): number {
    const nameId = this.nameId(name);
    const pairs = this.internFields(rec, nameId);
    this.addIds(nameId, rec.tsSec, rec.tsNs, line, offset, pairs, 0, rec.keys.length);
    return nameId;
  }

  /** The field pairs the last add interned (a scratch array, overwritten by the next add). */
  get internedPairs(): Int32Array {
    return this.scratchPairs;
  }

  /** The record's fields as (layout position, value id) pairs for events of name `nameId`. */
  private internFields(rec: LineRecord, nameId: number): Int32Array {
    const keys = rec.keys;
    if (this.scratchPairs.length < 2 * keys.length) this.scratchPairs = new Int32Array(4 * keys.length);
    const pairs = this.scratchPairs;
    for (let k = 0; k < keys.length; k++) {
      const slot = this.fieldSlot(keys[k]);
      pairs[2 * k] = this.fields.positionOf(nameId, slot, this.n);
      pairs[2 * k + 1] = this.valueId(slot, rec.values[k]);
    }
    return pairs;
  }

  /** The interned id of an event name. */
  nameId(name: string): number {
    const id = this.nameTable.intern(name);
    this.nameCol.fit(id);
    return id;
  }

  /** The slot of a field key, made on first use. */
  fieldSlot(key: string): number {
    return this.fields.slotOf(key);
  }

  valueId(slot: number, value: string): number {
    return this.fields.valueId(slot, value);
  }

  /**
   * Adds an event already interned: `count` (layout position, value id) pairs from pairs[from],
   * as `internedPairs` gave them after an add of an event of the same name.
   */
  addIds(nameId: number, tsSec: number, tsNs: number, line: number, offset: number, pairs: Int32Array, from: number, count: number): void {
    const i = this.n;
    if ((i & 0xffff) === 0 && this.awaiting.length > 0) this.adoptSupplied();
    if (i + 1 > this.capacity) this.grow(i + 1);
    this.nameCol.set(i, nameId);
    let ts = Number.NaN;
    if (!Number.isNaN(tsSec)) {
      if (Number.isNaN(this.tsBase)) this.tsBase = tsSec;
      ts = (tsSec - this.tsBase) * 1e9 + tsNs;
      if (ts < this.lastTs && this.backwardsAtLine === 0) this.backwardsAtLine = line;
      this.lastTs = ts;
    }
    this.tsCol.push(ts);
    this.lineCol.push(line);
    this.offsetCol.push(offset);
    this.fields.add(i, pairs, from, count);
    this.n = i + 1;
  }

  /**
   * Sizes the columns for about `events` events up front (a guess from the file size). The memory
   * is only reserved: a page costs its fault when first written. With a supply, the same buffers
   * are asked for already faulted in, and each is adopted when it arrives, so that only the events
   * read before then were written into pages this thread faulted.
   */
  reserve(events: number): void {
    const target = Math.min(events, 1 << 28);
    if (target <= this.capacity) return;
    this.fields.review(this.n);
    this.grow(target);
    if (!this.supply || target < SUPPLY_FROM_EVENTS) return;
    for (const col of this.columns()) {
      const bytes = col.bytesFor(this.capacity);
      this.supply.want(bytes);
      this.awaiting.push({ col, bytes });
    }
    // A chunk on its way for each block column; each one taken asks for the next.
    for (; this.chunksWanted < 3; this.chunksWanted++) this.supply.want(MAX_CHUNK);
    this.supply.expect?.(target);
  }

  private suppliedChunk(bytes: number): ArrayBuffer {
    const buf = this.chunksWanted > 0 && bytes === MAX_CHUNK ? this.supply?.take(bytes, bytes) : undefined;
    if (!buf) return new ArrayBuffer(bytes);
    this.supply?.want(MAX_CHUNK);
    return buf;
  }

  private columns(): Column[] {
    return [this.nameCol, ...this.fields.denseColumns()];
  }

  /** Adopts each supplied buffer that has arrived; a column that has widened since it asked no longer waits. */
  private adoptSupplied(): void {
    this.awaiting = this.awaiting.filter(({ col, bytes }) => {
      const need = col.bytesFor(this.capacity);
      if (need > bytes) return false;
      const buf = this.supply?.take(need);
      if (!buf) return true;
      col.adopt(buf, this.n);
      return false;
    });
  }

  /** Grows every column at once, by half again, so that add() checks capacity once. */
  private grow(need: number): void {
    const target = Math.max(need, Math.ceil(this.capacity * 1.5), 1024);
    for (const col of this.columns()) col.ensure(target);
    this.capacity = Math.min(...this.columns().map((c) => c.length));
    this.fields.capacity = this.capacity;
  }

  /**
   * The events added so far as a trace that shares the builder's arrays (valid until the next
   * add), then forgets them: live input hands each batch to the checker and keeps no columns for
   * the whole trace. Names and values stay interned, so ids go on meaning the same strings.
   */
  takeBatch(): Trace {
    const n = this.n;
    const name = this.nameCol.data.subarray(0, n);
    const fields = this.fields.takeBatch(name, this.nameTable.size);
    const batch: Trace = {
      count: n,
      names: this.nameTable.strings,
      name,
      ts: this.tsCol,
      tsBaseSec: Number.isNaN(this.tsBase) ? 0 : this.tsBase,
      line: this.lineCol,
      offset: this.offsetCol,
      fields,
    };
    this.n = 0;
    this.tsCol = new BlockColumn(TS_BLOCK, this.chunk);
    this.lineCol = new LineColumn(new BlockColumn(LINE_BLOCK, this.chunk));
    this.offsetCol = new BlockColumn(OFFSET_BLOCK, this.chunk);
    return batch;
  }

  /**
   * All events added so far as a trace that reads the builder's current storage, without trimming
   * or copying per event (CONTRACTS §3). Later adds never change what it says about its events: they
   * write past its count, a column that grows or widens moves to a new array, leaving this one's,
   * and a block column's snapshot keeps its own copy of the open block.
   * The builder goes on; a followed file is shown this way while it grows. The name and value tables
   * are the builder's own and keep growing, so ids mean the same strings in every snapshot.
   */
  snapshot(): Trace {
    const n = this.n;
    const name = this.nameCol.data.subarray(0, n);
    return {
      count: n,
      names: this.nameTable.strings,
      name,
      // Block columns share their closed blocks with the snapshot and copy only the open one.
      ts: this.tsCol.snapshot(),
      tsBaseSec: Number.isNaN(this.tsBase) ? 0 : this.tsBase,
      line: this.lineCol.snapshot(),
      offset: this.offsetCol.snapshot(),
      fields: this.fields.view(name, this.nameTable.size),
    };
  }

  finish(): Trace {
    const n = this.n;
    const name = this.nameCol.trimmed(n);
    const fields = this.fields.finish(name, this.nameTable.size, n);
    return {
      count: n,
      names: this.nameTable.strings,
      name,
      ts: this.tsCol.seal(),
      tsBaseSec: Number.isNaN(this.tsBase) ? 0 : this.tsBase,
      line: this.lineCol.seal(),
      offset: this.offsetCol.seal(),
      fields,
    };
  }
}

/** All fields of event `i` as [key, value] pairs, in column order. */
export function eventFields(trace: Trace, i: number): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, col] of trace.fields) {
    const id = col.id(i);
    if (id !== 0) out.push([key, col.values[id]]);
  }
  return out;
}

/** The same trace with source line k renumbered to lineOf(k) (an excerpt keeps the original file's numbers). */
export function withLineNumbers(trace: Trace, lineOf: (line: number) => number): Trace {
  const line = new Uint32Array(trace.count);
  for (let i = 0; i < trace.count; i++) line[i] = lineOf(trace.line.get(i));
  return { ...trace, line: new ArrayColumn(line) };
}

/** Bytes held by the trace's columns, spare room included (not the string tables). */
export function residentBytes(trace: Trace): number {
  let b = bufferBytes(trace.name) + trace.ts.byteLength + trace.line.byteLength + trace.offset.byteLength;
  const seen = new Set<{ readonly byteLength: number }>();
  for (const col of trace.fields.values()) seen.add(col.storage);
  for (const s of seen) b += s.byteLength;
  return b;
}
