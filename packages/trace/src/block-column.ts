/**
 * Event columns stored in blocks of 2^k values, each block as small integers over its own base.
 *
 * Timestamps, line numbers and byte offsets of a log change little from one event to the next:
 * a block of a thousand microsecond timestamps spans milliseconds, a block of offsets a few
 * kilobytes. So each block keeps its smallest value (f64) and, per event, (value - base) / unit in
 * 1, 2 or 4 bytes, where the unit is 1e6, 1e3 or 1 (microsecond logs give whole microseconds in
 * nanoseconds); a block of equal values keeps no bytes per event at all. Whatever does not fit (fractions, -0, spans past 32 bits) keeps its block as raw
 * f64, so every value reads back as exactly the double that was pushed, NaN included (the
 * all-ones value of a width stands for it).
 *
 * Values are pushed one at a time into a scratch block; a full block is encoded once. Encoded
 * blocks go into chunks that are never moved, so a view of the blocks closed so far (snapshot)
 * stays valid while pushing goes on.
 */

import type { EventColumn } from './trace.ts';

/** A chunk never grows past this; fresh chunks double up to it, so a small trace stays small. */
export const MAX_CHUNK = 1 << 20;
const MIN_CHUNK = 1 << 12;
/** Spare room at the end of the last chunk up to this share of its bytes used is kept by seal() rather than copied away. */
const KEEP_SPARE = 1 / 16;

/** Gives the memory for a new chunk (a buffer made ready elsewhere, or a fresh one). */
export type ChunkSource = (bytes: number) => ArrayBuffer;

const freshChunk: ChunkSource = (bytes) => new ArrayBuffer(bytes);

/** Units tried for a block's steps, largest first: milliseconds, then microseconds, in nanoseconds. */
const UNITS = [1e6, 1e3];

/** Bytes per value for steps up to `top`; the all-ones value of each width stands for NaN. 8 = raw f64. */
function widthFor(top: number): number {
  return top < 0xff ? 1 : top < 0xffff ? 2 : top < 0xffffffff ? 4 : 8;
}

/** Whether (v - min) is a multiple of `unit` for every value but NaN. */
function dividesAll(s: Float64Array, n: number, min: number, span: number, unit: number): boolean {
  if (span < 2 ** 31) {
    // In 32 bits the remainder is an integer operation, not a call to fmod.
    for (let j = 0; j < n; j++) if (((s[j] - min) | 0) % unit !== 0 && !Number.isNaN(s[j])) return false;
  } else for (let j = 0; j < n; j++) if ((s[j] - min) % unit !== 0 && !Number.isNaN(s[j])) return false;
  return true;
}

export class BlockColumn implements EventColumn {
  length = 0;
  /** Blocks encoded so far; block b >= closed is the open one, in `scratch`. */
  closed = 0;
  private readonly mask: number;
  private scratch: Float64Array;
  // Per block: base, unit, width in bytes (0, 1, 2, 4, or 8 = raw f64), chunk and element offset in it.
  private bases = new Float64Array(16);
  private units = new Float64Array(16);
  private widths = new Uint8Array(16);
  private chunkOf = new Uint32Array(16);
  private offsets = new Uint32Array(16);
  // Views of each chunk, one array per width, so that a read is one typed-array load.
  private u8s: Uint8Array[] = [];
  private u16s: Uint16Array[] = [];
  private u32s: Uint32Array[] = [];
  private f64s: Float64Array[] = [];
  /** Bytes used in the last chunk. */
  private used = 0;
  private lastChunk = 0;

  /** @param k log2 of the block size (at least 3, so that every block keeps the next one aligned). */
  constructor(
    readonly k: number,
    private readonly source: ChunkSource = freshChunk,
  ) {
    if (k < 3 || k > 16) throw new RangeError(`block size 2^${k} out of range`);
    this.mask = (1 << k) - 1;
    this.scratch = new Float64Array(1 << k);
  }

  push(v: number): void {
    const n = this.length;
    const j = n & this.mask;
    this.scratch[j] = v;
    this.length = n + 1;
    if (j === this.mask) this.encode(j + 1);
  }

  get(i: number): number {
    const b = i >> this.k;
    if (b >= this.closed) return this.scratch[i & this.mask];
    const j = this.offsets[b] + (i & this.mask);
    switch (this.widths[b]) {
      case 0:
        return this.bases[b];
      case 1: {
        const d = this.u8s[this.chunkOf[b]][j];
        return d === 0xff ? Number.NaN : this.bases[b] + d * this.units[b];
      }
      case 2: {
        const d = this.u16s[this.chunkOf[b]][j];
        return d === 0xffff ? Number.NaN : this.bases[b] + d * this.units[b];
      }
      case 4: {
        const d = this.u32s[this.chunkOf[b]][j];
        return d === 0xffffffff ? Number.NaN : this.bases[b] + d * this.units[b];
      }
      default:
        return this.f64s[this.chunkOf[b]][j];
    }
  }

  /** Bytes of the encoded blocks' chunks (without the per-block bases and the open block). */
  get dataBytes(): number {
    let b = 0;
    for (const c of this.u8s) b += c.buffer.byteLength;
    return b;
  }

  get byteLength(): number {
    return (
      this.dataBytes +
      this.scratch.byteLength +
      this.bases.byteLength +
      this.units.byteLength +
      this.widths.byteLength +
      this.chunkOf.byteLength +
      this.offsets.byteLength
    );
  }

  /**
   * The values pushed so far, as a column that later pushes do not change: it shares the closed
   * blocks and copies the open one.
   */
  snapshot(): BlockColumn {
    const s = new BlockColumn(this.k, this.source);
    s.length = this.length;
    s.closed = this.closed;
    s.scratch = this.closed << this.k < this.length ? this.scratch.slice() : new Float64Array(0);
    s.bases = this.bases;
    s.units = this.units;
    s.widths = this.widths;
    s.chunkOf = this.chunkOf;
    s.offsets = this.offsets;
    s.u8s = this.u8s.slice();
    s.u16s = this.u16s.slice();
    s.u32s = this.u32s.slice();
    s.f64s = this.f64s.slice();
    s.used = this.used;
    s.lastChunk = this.lastChunk;
    return s;
  }

  /** Encodes the open block too and gives back spare room: the column is read-only from here. */
  seal(): this {
    const open = this.length - (this.closed << this.k);
    if (open > 0) this.encode(open);
    this.scratch = new Float64Array(0);
    const last = this.u8s.length - 1;
    if (last >= 0 && this.lastChunk - this.used > this.used * KEEP_SPARE)
      this.setChunk(last, this.u8s[last].buffer.slice(0, this.used) as ArrayBuffer);
    if (this.widths.length - this.closed > this.closed * KEEP_SPARE) this.resizeMeta(this.closed);
    return this;
  }

  /** Encodes the first n values of the scratch block as block `closed`. */
  private encode(n: number): void {
    const s = this.scratch;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let nan = false;
    let whole = true;
    for (let j = 0; j < n; j++) {
      const v = s[j];
      if (Number.isNaN(v)) nan = true;
      else {
        if (v < min) min = v;
        if (v > max) max = v;
        // -0 would read back as 0.
        if (Math.floor(v) !== v || (v === 0 && 1 / v < 0)) whole = false;
      }
    }
    let width = 8;
    let unit = 1;
    let base = Number.NaN;
    if (min > max)
      width = 0; // every value NaN: base NaN
    else if (min === max && !nan && (whole || min !== 0)) {
      width = 0;
      base = min;
    } else if (whole && min >= -Number.MAX_SAFE_INTEGER && max <= Number.MAX_SAFE_INTEGER) {
      // Both ends are exact integers, so the span is exact whenever it is small enough to matter.
      const span = max - min;
      base = min;
      width = widthFor(span);
      for (const u of UNITS)
        if (widthFor(span / u) < width && dividesAll(s, n, min, span, u)) {
          unit = u;
          width = widthFor(span / u);
          break;
        }
    }
    const b = this.closed;
    if (b === this.widths.length) this.resizeMeta(2 * b);
    this.bases[b] = base;
    this.units[b] = unit;
    this.widths[b] = width;
    if (width > 0) {
      const bytes = (width * n + 7) & ~7;
      if (this.u8s.length === 0 || this.used + bytes > this.lastChunk) this.newChunk(bytes);
      const c = this.u8s.length - 1;
      const at = this.used / width;
      this.chunkOf[b] = c;
      this.offsets[b] = at;
      if (width === 8) this.f64s[c].set(s.subarray(0, n), at);
      else {
        const out = width === 1 ? this.u8s[c] : width === 2 ? this.u16s[c] : this.u32s[c];
        const none = width === 1 ? 0xff : width === 2 ? 0xffff : 0xffffffff;
        for (let j = 0; j < n; j++) {
          const v = s[j];
          out[at + j] = Number.isNaN(v) ? none : (v - base) / unit;
        }
      }
      this.used += bytes;
    }
    this.closed = b + 1;
  }

  /** Moves the per-block arrays to ones of `n` blocks (doubling while pushing, trimming at seal). */
  private resizeMeta(n: number): void {
    const moved = <T extends Float64Array | Uint32Array | Uint8Array>(a: T, next: T): T => {
      next.set(a.subarray(0, Math.min(n, a.length)));
      return next;
    };
    this.bases = moved(this.bases, new Float64Array(n));
    this.units = moved(this.units, new Float64Array(n));
    this.widths = moved(this.widths, new Uint8Array(n));
    this.chunkOf = moved(this.chunkOf, new Uint32Array(n));
    this.offsets = moved(this.offsets, new Uint32Array(n));
  }

  private newChunk(need: number): void {
    const want = Math.max(need, Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, this.lastChunk * 2)));
    this.setChunk(this.u8s.length, this.source(want));
    this.used = 0;
  }

  private setChunk(c: number, buf: ArrayBuffer): void {
    const bytes = buf.byteLength & ~7;
    this.u8s[c] = new Uint8Array(buf, 0, bytes);
    this.u16s[c] = new Uint16Array(buf, 0, bytes >> 1);
    this.u32s[c] = new Uint32Array(buf, 0, bytes >> 2);
    this.f64s[c] = new Float64Array(buf, 0, bytes >> 3);
    this.lastChunk = bytes;
  }
}

/**
 * Line numbers: kept as (line - event index), which stays the same while every line is an event,
 * so such a log's blocks take no bytes at all, and a few lines that are not events cost a byte an
 * event in their block. (Deriving lines from byte offsets through a sparse checkpoint index would
 * cost nothing per event either, but reading a line number would then count newlines in the
 * source, which in the browser is an asynchronous Blob read; the checker, lanes and reports read
 * line numbers synchronously.)
 */
export class LineColumn implements EventColumn {
  constructor(readonly deltas: BlockColumn) {}
  get length(): number {
    return this.deltas.length;
  }
  push(line: number): void {
    this.deltas.push(line - this.deltas.length);
  }
  get(i: number): number {
    return this.deltas.get(i) + i;
  }
  get byteLength(): number {
    return this.deltas.byteLength;
  }
  snapshot(): LineColumn {
    return new LineColumn(this.deltas.snapshot());
  }
  seal(): this {
    this.deltas.seal();
    return this;
  }
}
