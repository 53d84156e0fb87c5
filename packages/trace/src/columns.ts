/**
 * Growable typed-array columns. Columns grow while a trace is being read and
 * are trimmed to their length when it is finished, so what stays resident is
 * about the bytes the events need. Trimming copies only when the spare room
 * is worth the copy: the file-size guess usually leaves a few percent.
 */
export type IdArray = Uint8Array | Uint16Array | Uint32Array;

const INITIAL_CAPACITY = 1024;
/** Spare room up to this share of the length is kept rather than copied away. */
const KEEP_SPARE = 1 / 16;

function grow<T extends Uint32Array | Float64Array | IdArray>(arr: T, need: number, make: (n: number) => T): T {
  if (need <= arr.length) return arr;
  const next = make(Math.max(need, INITIAL_CAPACITY));
  next.set(arr);
  return next;
}

function adopted<T extends Uint32Array | Float64Array | IdArray>(next: T, prev: T, n: number): T {
  next.set(prev.subarray(0, n));
  return next;
}

function trim<T extends Uint32Array | Float64Array | IdArray>(arr: T, n: number): T {
  return arr.length - n <= n * KEEP_SPARE ? (arr.subarray(0, n) as T) : (arr.slice(0, n) as T);
}

type FixedArray = Float64Array | Uint32Array;

/** A column of one fixed-width number type: f64 timestamps, u32 line numbers. */
export class FixedColumn<T extends FixedArray> {
  data: T;
  constructor(
    private readonly make: {
      new (n: number): T;
      new (buffer: ArrayBuffer, offset: number, length: number): T;
      readonly BYTES_PER_ELEMENT: number;
    },
  ) {
    this.data = new make(INITIAL_CAPACITY);
  }
  ensure(n: number): void {
    this.data = grow(this.data, n, (c) => new this.make(c));
  }
  get length(): number {
    return this.data.length;
  }
  bytesFor(events: number): number {
    return this.make.BYTES_PER_ELEMENT * events;
  }
  /** Moves the first n values into `buffer` and keeps writing there. */
  adopt(buffer: ArrayBuffer, n: number): void {
    const width = this.make.BYTES_PER_ELEMENT;
    this.data = adopted(new this.make(buffer, 0, Math.floor(buffer.byteLength / width)), this.data, n);
  }
  trimmed(n: number): T {
    return trim(this.data, n);
  }
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

/**
 * Byte offsets: 32-bit until an offset passes 4 GiB, then 64-bit floats (exact to 2^53), so a
 * source under 4 GiB costs 4 bytes an event, not 8.
 */
export class OffsetColumn {
  wide = false;
  u32 = new Uint32Array(INITIAL_CAPACITY);
  f64 = new Float64Array(0);

  ensure(n: number): void {
    if (this.wide) this.f64 = grow(this.f64, n, (c) => new Float64Array(c));
    else this.u32 = grow(this.u32, n, (c) => new Uint32Array(c));
  }

  get length(): number {
    return this.wide ? this.f64.length : this.u32.length;
  }

  bytesFor(events: number): number {
    return (this.wide ? 8 : 4) * events;
  }

  adopt(buffer: ArrayBuffer, n: number): void {
    if (this.wide) this.f64 = adopted(new Float64Array(buffer, 0, buffer.byteLength >> 3), this.f64, n);
    else this.u32 = adopted(new Uint32Array(buffer, 0, buffer.byteLength >> 2), this.u32, n);
  }

  set(i: number, offset: number): void {
    if (this.wide) this.f64[i] = offset;
    else if (offset <= 0xffffffff) this.u32[i] = offset;
    else {
      this.f64 = new Float64Array(this.u32.length);
      this.f64.set(this.u32);
      this.u32 = new Uint32Array(0);
      this.wide = true;
      this.f64[i] = offset;
    }
  }

  trimmed(n: number): Uint32Array | Float64Array {
    return this.wide ? trim(this.f64, n) : trim(this.u32, n);
  }
}

/** Bytes an array keeps alive: its whole buffer, which a trimmed view may share with spare room. */
export function bufferBytes(arr: ArrayBufferView): number {
  return arr.buffer.byteLength;
}
