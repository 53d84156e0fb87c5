/**
 * What a message meant, by its bytes. Driver logs repeat a small set of
 * messages millions of times; once the string path (decode, profile regexes,
 * field extraction, interning) has read a message, the same bytes map
 * straight to the interned event name and field value ids. A line whose
 * message is known therefore costs a hash and a byte compare, no string.
 *
 * Bounded: once the pool is full nothing more is added (lookups go on), so a
 * log whose every message is unique costs the hash and one probe per line.
 */

const MAX_ENTRIES = 1 << 16;
const MAX_POOL_BYTES = 8 << 20;
/** Messages longer than this are never cached: comparing them costs about what reading them does. */
export const MAX_CACHED_MESSAGE = 256;

export const NO_ENTRY = -1;

/**
 * A 31-bit hash of bytes [start, end), read four at a time through `view` (a DataView over the
 * same bytes as `buf`), or -1 when a byte is not ASCII: those lines take the string path.
 */
export function hashAsciiBytes(buf: Uint8Array, view: DataView, start: number, end: number): number {
  let h = (end - start) | 0;
  let high = 0;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const w0 = view.getInt32(i, true);
    const w1 = view.getInt32(i + 4, true);
    high |= w0 | w1;
    h = Math.imul(h ^ w0, 0x5bd1e995);
    h = Math.imul(h ^ w1 ^ (h >>> 15), 0x5bd1e995);
    h ^= h >>> 13;
  }
  if (i + 4 <= end) {
    const w = view.getInt32(i, true);
    high |= w;
    h = Math.imul(h ^ w, 0x5bd1e995);
    i += 4;
  }
  for (; i < end; i++) {
    const b = buf[i];
    high |= b;
    h = Math.imul(h ^ b, 0x5bd1e995);
  }
  h ^= h >>> 13;
  return (high & 0x80808080) !== 0 ? -1 : h & 0x7fffffff;
}

/** Per entry, in one Int32Array so that a lookup touches one cache line: */
const HASH = 0;
const START = 1;
const LEN = 2;
/** event name id, or -1 when the message makes no event */
const NAME = 3;
const PAIR_START = 4;
const PAIR_COUNT = 5;
const STRIDE = 6;

export class MessageCache {
  /** Open addressing, two ints a slot: the hash, then entry + 1 (0 = empty). Kept at most half full. */
  private slots = new Int32Array(2 << 12);
  private meta = new Int32Array(STRIDE * 1024);
  private pool = new Uint8Array(1 << 16);
  private poolView = new DataView(this.pool.buffer);
  private poolUsed = 0;
  /** (layout position, value id) pairs of every entry, back to back (see TraceBuilder.addIds). */
  pairs = new Int32Array(4096);
  private pairsUsed = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The entry for bytes [start, end) with this hash, or NO_ENTRY. */
  find(buf: Uint8Array, view: DataView, start: number, end: number, hash: number): number {
    const len = end - start;
    const slots = this.slots;
    const wrap = slots.length - 1;
    for (let s = (hash << 1) & wrap; ; s = (s + 2) & wrap) {
      const entry = slots[s + 1] - 1;
      if (entry < 0) return NO_ENTRY;
      if (slots[s] !== hash) continue;
      const m = entry * STRIDE;
      if (this.meta[m + LEN] !== len) continue;
      let p = this.meta[m + START];
      let i = start;
      // Eight bytes at a time as doubles: for ASCII bytes (all that is cached or looked up) no
      // pattern is NaN and none is -0, so equal doubles are exactly equal bytes.
      const pool = this.poolView;
      while (i + 8 <= end && pool.getFloat64(p, true) === view.getFloat64(i, true)) {
        p += 8;
        i += 8;
      }
      while (i < end && this.pool[p] === buf[i]) {
        p++;
        i++;
      }
      if (i === end) return entry;
    }
  }

  nameOf(entry: number): number {
    return this.meta[entry * STRIDE + NAME];
  }

  pairStartOf(entry: number): number {
    return this.meta[entry * STRIDE + PAIR_START];
  }

  pairCountOf(entry: number): number {
    return this.meta[entry * STRIDE + PAIR_COUNT];
  }

  /** Remembers what bytes [start, end) meant; does nothing once the cache is full. */
  add(buf: Uint8Array, start: number, end: number, hash: number, nameId: number, pairs: Int32Array, pairCount: number): void {
    const len = end - start;
    if (this.count >= MAX_ENTRIES || this.poolUsed + len > MAX_POOL_BYTES || len > MAX_CACHED_MESSAGE) return;
    const entry = this.count++;
    if ((entry + 1) * STRIDE > this.meta.length) this.meta = copyInto(new Int32Array(this.meta.length * 2), this.meta);
    if (this.poolUsed + len > this.pool.length) {
      this.pool = copyInto(new Uint8Array(this.pool.length * 2), this.pool);
      this.poolView = new DataView(this.pool.buffer);
    }
    const pairInts = 2 * pairCount;
    if (this.pairsUsed + pairInts > this.pairs.length)
      this.pairs = copyInto(new Int32Array(Math.max(this.pairs.length * 2, this.pairsUsed + pairInts)), this.pairs);
    this.pool.set(buf.subarray(start, end), this.poolUsed);
    const m = entry * STRIDE;
    this.meta[m + HASH] = hash;
    this.meta[m + START] = this.poolUsed;
    this.meta[m + LEN] = len;
    this.meta[m + NAME] = nameId;
    this.meta[m + PAIR_START] = this.pairsUsed;
    this.meta[m + PAIR_COUNT] = pairCount;
    this.poolUsed += len;
    for (let k = 0; k < pairInts; k++) this.pairs[this.pairsUsed++] = pairs[k];
    if (4 * this.count > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(entry);
  }

  private place(entry: number): void {
    const hash = this.meta[entry * STRIDE + HASH];
    const wrap = this.slots.length - 1;
    let s = (hash << 1) & wrap;
    while (this.slots[s + 1] !== 0) s = (s + 2) & wrap;
    this.slots[s] = hash;
    this.slots[s + 1] = entry + 1;
  }

  private rehash(ints: number): void {
    this.slots = new Int32Array(ints);
    for (let e = 0; e < this.count; e++) this.place(e);
  }
}

function copyInto<T extends Int32Array | Uint8Array>(to: T, from: T): T {
  to.set(from);
  return to;
}
