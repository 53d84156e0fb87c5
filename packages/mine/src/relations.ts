/**
 * One pass per key over a trace that decides, for every pair of symbols at
 * once, whether `A alternates B`, `A precedes B` and "B never before A" still
 * hold, with the checker's counter semantics: per key value, at each B,
 * precedes needs #A > #B, alternates needs #A = #B + 1, never-before #A ≥ 1;
 * at each A, alternates needs #A = #B. Pairs die on their first violation and
 * leave the lists walked per event, so the pass soon costs a few reads per
 * event. State: one count per symbol per key value, and the pair matrices.
 * (With one event per log line `A causes B` is `A precedes B`, and
 * `A excludes B` holds for any two names: neither is worth proposing.)
 */
import type { FieldColumn, Trace } from '@vqscope/trace';
import type { BoundSymbols } from './symbols.ts';

export class PairState {
  /** Pair matrices, index a * n + b: 1 while the relation holds. */
  readonly precedes: Uint8Array;
  readonly alternates: Uint8Array;
  readonly neverBefore: Uint8Array;
  /** Occurrences of each symbol, and key values it occurred on, over all traces. */
  readonly count: Float64Array;
  readonly keysWith: Float64Array;
  /** Per symbol: files it occurred in. */
  readonly files: Set<string>[];
  /** Per symbol as B: the A's it still follows (precedes), and those never-before still holds for; as A: the B's it still alternates with. */
  private readonly asB: number[][];
  private readonly neverAsB: number[][];
  private readonly asA: number[][];

  constructor(
    readonly n: number,
    sameBase: (a: number, b: number) => boolean,
  ) {
    this.precedes = new Uint8Array(n * n);
    this.alternates = new Uint8Array(n * n);
    this.neverBefore = new Uint8Array(n * n);
    this.count = new Float64Array(n);
    this.keysWith = new Float64Array(n);
    this.files = Array.from({ length: n }, () => new Set<string>());
    this.asB = Array.from({ length: n }, () => []);
    this.asA = Array.from({ length: n }, () => []);
    this.neverAsB = Array.from({ length: n }, () => []);
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        if (a === b || sameBase(a, b)) continue;
        const k = a * n + b;
        this.precedes[k] = this.alternates[k] = this.neverBefore[k] = 1;
        this.asB[b].push(a);
        this.neverAsB[b].push(a);
        this.asA[a].push(b);
      }
  }

  /** Runs one trace (events whose name is in the alphabet, grouped by `keyIds`, or all in one group). */
  run(trace: Trace, bound: BoundSymbols, keyIds: FieldColumn | undefined, keyValues: number, file: string): void {
    const n = this.n;
    const counts: (Int32Array | undefined)[] = new Array(keyIds ? keyValues : 1);
    const ticked = new Int32Array(16);
    const { precedes, alternates, neverBefore } = this;
    const before = Float64Array.from(this.count);
    for (let i = 0; i < trace.count; i++) {
      const name = trace.name[i];
      const plain = bound.plainOf[name];
      if (plain < 0) continue;
      const v = keyIds ? keyIds.id(i) : 0;
      let c = counts[v];
      if (!c) counts[v] = c = new Int32Array(n);
      let t = 0;
      ticked[t++] = plain;
      const splits = bound.splitsOf[name];
      for (let s = 0; s < splits.length && t < ticked.length; s++) {
        const sym = splits[s].symOf[splits[s].col.id(i)];
        if (sym >= 0) ticked[t++] = sym;
      }
      for (let k = 0; k < t; k++) {
        const x = ticked[k];
        const cx = c[x];
        // "B never before A" is decided at the first B of each key value.
        if (cx === 0) {
          const never = this.neverAsB[x];
          for (let j = 0; j < never.length; j++) {
            const a = never[j];
            if (c[a] === 0) {
              neverBefore[a * n + x] = 0;
              never[j--] = never[never.length - 1];
              never.pop();
            }
          }
        }
        const list = this.asB[x];
        for (let j = 0; j < list.length; j++) {
          const a = list[j];
          const idx = a * n + x;
          const ca = c[a];
          if (alternates[idx] && ca !== cx + 1) alternates[idx] = 0;
          if (ca <= cx) {
            // Precedes is gone, and alternates with it: the pair leaves the list.
            precedes[idx] = 0;
            alternates[idx] = 0;
            list[j--] = list[list.length - 1];
            list.pop();
          }
        }
        const asA = this.asA[x];
        for (let j = 0; j < asA.length; j++) {
          const b = asA[j];
          if (cx !== c[b]) {
            alternates[x * n + b] = 0;
            asA[j--] = asA[asA.length - 1];
            asA.pop();
          }
        }
      }
      for (let k = 0; k < t; k++) {
        const x = ticked[k];
        if (c[x] === 0) this.keysWith[x]++;
        c[x]++;
        this.count[x]++;
      }
    }
    for (let x = 0; x < n; x++) if (this.count[x] > before[x]) this.files[x].add(file);
  }
}
