/**
 * Monitor states by key. Most rules key by a few small value ids (stream,
 * buffer, vring), so when every key is a number below DENSE_LIMIT the states
 * sit in an array indexed by the key: a lookup per event costs an index, not
 * a hash. Other keys (strings, huge tuples) use a Map. Iteration is in key
 * order for the array and insertion order for the Map; callers sort what
 * they report.
 */
export type Key = number | string;

const DENSE_LIMIT = 1 << 20;

export class KeyedStates<S> {
  private readonly dense: (S | undefined)[] | undefined;
  private readonly map: Map<Key, S> | undefined;
  private count = 0;
  /** Keys given a state since the last clear (some since deleted), so that clear never sweeps the whole array. */
  private touched: number[] = [];

  /** @param keySpace number of distinct numeric keys, or Infinity when keys may be strings */
  constructor(keySpace: number) {
    // Sized up front: an array filled out of order past its length turns into a dictionary.
    if (keySpace <= DENSE_LIMIT) this.dense = new Array<S | undefined>(keySpace).fill(undefined);
    else this.map = new Map();
  }

  get size(): number {
    return this.map ? this.map.size : this.count;
  }

  get(key: Key): S | undefined {
    return this.dense ? this.dense[key as number] : this.map?.get(key);
  }

  set(key: Key, state: S): void {
    if (this.dense) {
      if (this.dense[key as number] === undefined) {
        this.count++;
        this.touched.push(key as number);
        if (this.touched.length > 4 * this.count + 1024) this.touched = this.touched.filter((k) => this.dense?.[k] !== undefined);
      }
      this.dense[key as number] = state;
    } else this.map?.set(key, state);
  }

  delete(key: Key): void {
    if (this.dense) {
      if (this.dense[key as number] !== undefined) {
        this.dense[key as number] = undefined;
        this.count--;
      }
    } else this.map?.delete(key);
  }

  clear(): void {
    if (this.dense) {
      for (const k of this.touched) this.dense[k] = undefined;
      this.touched = [];
      this.count = 0;
    } else this.map?.clear();
  }

  *entries(): IterableIterator<[Key, S]> {
    if (this.map) {
      yield* this.map.entries();
      return;
    }
    const d = this.dense ?? [];
    for (let k = 0; k < d.length; k++) {
      const s = d[k];
      if (s !== undefined) yield [k, s];
    }
  }
}
