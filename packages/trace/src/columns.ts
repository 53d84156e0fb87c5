/**
 * Growable typed-array id columns. Columns grow while a trace is being read and
 * are trimmed to their length when it is finished, so what stays resident is
 * about the bytes the events need. Trimming copies only when the spare room
 * is worth the copy: the file-size guess usually leaves a few percent.
 */
export type IdArray = Uint8Array | Uint16Array | Uint32Array;

const INITIAL_CAPACITY = 1024;
/** Spare room up to this share of the length is kept rather than copied away. */
const KEEP_SPARE = 1 / 16;

function grow<T extends IdArray>(arr: T, need: number, make: (n: number) => T): T {
  if (need <= arr.length) return arr;
  const next = make(Math.max(need, INITIAL_CAPACITY));
  next.set(arr);
  return next;
}

function adopted<T extends IdArray>(next: T, prev: T, n: number): T {
  next.set(prev.subarray(0, n));
  return next;
}

function trim<T extends IdArray>(arr: T, n: number): T {
  return arr.length - n <= n * KEEP_SPARE ? (arr.subarray(0, n) as T) : (arr.slice(0, n) as T);
}

/**
 * An id column that starts one byte wide and widens only when a field has
 * more distinct values than fit: most fields (vring, stream, enable) never do.
 * It widens when a new value is interned (fit), so storing an id never checks.
 */
export class AdaptiveIdColumn {
  /** 1, 2 or 4 bytes per id; exactly one of u8/u16/u32 holds the data. Writers switch on it so each store is monomorphic. */
  width: 1 | 2 | 4 = 1;
  u8 = new Uint8Array(INITIAL_CAPACITY);
  u16 = new Uint16Array(0);
  u32 = new Uint32Array(0);

  get data(): IdArray {
    return this.width === 1 ? this.u8 : this.width === 2 ? this.u16 : this.u32;
  }

  get length(): number {
    return this.data.length;
  }

  bytesFor(events: number): number {
    return this.width * events;
  }

  adopt(buffer: ArrayBuffer, n: number): void {
    if (this.width === 1) this.u8 = adopted(new Uint8Array(buffer), this.u8, n);
    else if (this.width === 2) this.u16 = adopted(new Uint16Array(buffer, 0, buffer.byteLength >> 1), this.u16, n);
    else this.u32 = adopted(new Uint32Array(buffer, 0, buffer.byteLength >> 2), this.u32, n);
  }

  ensure(n: number): void {
    if (this.width === 1) this.u8 = grow(this.u8, n, (c) => new Uint8Array(c));
    else if (this.width === 2) this.u16 = grow(this.u16, n, (c) => new Uint16Array(c));
    else this.u32 = grow(this.u32, n, (c) => new Uint32Array(c));
  }

  /** Makes the column wide enough for ids up to maxId. */
  fit(maxId: number): void {
    if (maxId > 0xffff && this.width !== 4) {
      const next = new Uint32Array(this.data.length);
      next.set(this.data);
      this.u32 = next;
      this.width = 4;
      this.u8 = new Uint8Array(0);
      this.u16 = new Uint16Array(0);
    } else if (maxId > 0xff && this.width === 1) {
      const next = new Uint16Array(this.u8.length);
      next.set(this.u8);
      this.u16 = next;
      this.width = 2;
      this.u8 = new Uint8Array(0);
    }
  }

  set(i: number, id: number): void {
    if (this.width === 1) this.u8[i] = id;
    else if (this.width === 2) this.u16[i] = id;
    else this.u32[i] = id;
  }

  trimmed(n: number): IdArray {
    return trim(this.data, n);
  }
}

/** Bytes an array keeps alive: its whole buffer, which a trimmed view may share with spare room. */
export function bufferBytes(arr: ArrayBufferView): number {
  return arr.buffer.byteLength;
}
