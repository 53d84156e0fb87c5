/**
 * A per-key state machine inferred with k-tails. A state is identified by
 * the last k events of its key (k = 1 or 2), the variant of k-tails that
 * needs no prefix tree: memory is a state per key value and the transitions
 * seen, never the sequences themselves. The machine allows exactly the
 * transitions the good traces took; the states where keys ended are final.
 */
import type { Machine, Transition } from '@vqscope/rules';
import type { Trace } from '@vqscope/trace';
import { symSelector } from './symbols.ts';
import { upsert } from './upsert.ts';

export class KTails {
  /** state * m + symbol, for every transition seen. */
  private readonly seen = new Set<number>();
  private readonly finals = new Set<number>();
  events = 0;
  keys = 0;
  readonly files = new Set<string>();

  constructor(
    readonly names: readonly string[],
    readonly k: 1 | 2,
  ) {}

  private next(state: number, sym: number): number {
    const m1 = this.names.length + 1;
    return this.k === 1 ? sym + 1 : (state % m1) * m1 + sym + 1;
  }

  /** `plainOf` maps a trace name id to the machine's symbol (-1 = not in the alphabet). */
  run(trace: Trace, plainOf: Int32Array, keyIds: ArrayLike<number> | undefined, keyValues: number, file: string): void {
    const m = this.names.length;
    const state = new Int32Array(keyIds ? keyValues : 1);
    const touched = new Uint8Array(state.length);
    const before = this.events;
    for (let i = 0; i < trace.count; i++) {
      const sym = plainOf[trace.name[i]];
      if (sym < 0) continue;
      const v = keyIds ? keyIds[i] : 0;
      const s = state[v];
      this.seen.add(s * m + sym);
      state[v] = this.next(s, sym);
      if (!touched[v]) {
        touched[v] = 1;
        this.keys++;
      }
      this.events++;
    }
    for (let v = 0; v < state.length; v++) if (touched[v]) this.finals.add(state[v]);
    if (this.events > before) this.files.add(file);
  }

  private stateName(s: number, used: Map<number, string>, taken: Set<string>): string {
    let name = used.get(s);
    if (name) return name;
    const m1 = this.names.length + 1;
    const clean = (sym: number) => this.names[sym].replace(/[^\w-]/g, '_');
    if (s === 0) name = 'start';
    else if (this.k === 1 || Math.floor(s / m1) === 0) name = `after_${clean((s % m1) - 1)}`;
    else name = `after_${clean(Math.floor(s / m1) - 1)}_then_${clean((s % m1) - 1)}`;
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}_${n}`;
    taken.add(unique);
    used.set(s, unique);
    return unique;
  }

  /** The machine, or undefined when it refuses nothing (every state allows every event). */
  machine(): Machine | undefined {
    const m = this.names.length;
    const from = new Map<number, number[]>();
    for (const t of [...this.seen].sort((a, b) => a - b)) {
      const s = Math.floor(t / m);
      const list = upsert(from, s, () => []);
      list.push(t % m);
    }
    const reachable = new Set<number>([0, ...from.keys(), ...this.finals]);
    for (const [s, syms] of from) for (const x of syms) reachable.add(this.next(s, x));
    let refuses = false;
    for (const s of reachable) if ((from.get(s)?.length ?? 0) < m) refuses = true;
    if (!refuses) return undefined;
    const used = new Map<number, string>();
    const taken = new Set<string>();
    const order = [...reachable].sort((a, b) => a - b);
    for (const s of order) this.stateName(s, used, taken);
    const states = new Map<string, Transition[]>();
    for (const s of order) {
      const ts = (from.get(s) ?? []).map((x) => {
        const to = this.next(s, x);
        return { on: symSelector({ name: this.names[x] }), to: to === s ? undefined : used.get(to) };
      });
      states.set(used.get(s) as string, ts);
    }
    const final = [...this.finals].sort((a, b) => a - b).map((s) => used.get(s) as string);
    return { initial: 'start', final, states };
  }
}
