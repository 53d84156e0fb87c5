/**
 * Growable typed-array columns. Columns double while a trace is being read and
 * are trimmed to their exact length when it is finished, so what stays resident
 * is only the bytes the events need.
 */
export type IdArray = Uint8Array | Uint16Array | Uint32Array;

const INITIAL_CAPACITY = 1024;

function grow<T extends Uint32Array | Float64Array | IdArray>(arr: T, need: number, make: (n: number) => T): T {
  if (need <= arr.length) return arr;
  const next = make(Math.max(need, INITIAL_CAPACITY));
  next.set(arr);
  return next;
}

export class F64Column {
  data = new Float64Array(INITIAL_CAPACITY);
  ensure(n: number): void {
    this.data = grow(this.data, n, (c) => new Float64Array(c));
  }
  trimmed(n: number): Float64Array {
    return this.data.slice(0, n);
  }
}

export class U32Column {
  data = new Uint32Array(INITIAL_CAPACITY);
  ensure(n: number): void {
    this.data = grow(this.data, n, (c) => new Uint32Array(c));
  }
  trimmed(n: number): Uint32Array {
    return this.data.slice(0, n);
  }
}

/**
 * An id column that starts one byte wide and widens only when a field has
 * more distinct values than fit: most fields (vring, stream, enable) never do.
 */
export class AdaptiveIdColumn {
  data: IdArray = new Uint8Array(INITIAL_CAPACITY);

  ensure(n: number): void {
    const d = this.data;
    if (d instanceof Uint8Array) this.data = grow(d, n, (c) => new Uint8Array(c));
    else if (d instanceof Uint16Array) this.data = grow(d, n, (c) => new Uint16Array(c));
    else this.data = grow(d, n, (c) => new Uint32Array(c));
  }

  set(i: number, id: number): void {
    if (id > 0xff && this.data instanceof Uint8Array) this.widen(id);
    else if (id > 0xffff && this.data instanceof Uint16Array) this.widen(id);
    this.data[i] = id;
  }

  private widen(id: number): void {
    const next = id > 0xffff ? new Uint32Array(this.data.length) : new Uint16Array(this.data.length);
    next.set(this.data);
    this.data = next;
  }

  trimmed(n: number): IdArray {
    return this.data.slice(0, n);
  }
}
