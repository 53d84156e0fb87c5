/**
 * A per-key state machine inferred with k-tails. A state is identified by
 * the last k events of its key (k = 1 or 2), the variant of k-tails that
 * needs no prefix tree: memory is a state per key value and the transitions
 * seen, never the sequences themselves. The machine allows exactly the
 * transitions the good traces took; the states where keys ended are final.
 */
import type { Machine, Transition } from '@vqscope/rules';
import type { FieldColumn, Trace } from '@vqscope/trace';
import { symSelector } from './symbols.ts';
import { upsert } from './upsert.ts';

export class KTails {
  /** 1 at state * m + symbol for every transition seen; 1 at each state some key ended in. */
  private readonly seen: Uint8Array;
  private readonly finals: Uint8Array;
  events = 0;
  keys = 0;
  readonly files = new Set<string>();

  constructor(
    readonly names: readonly string[],
    readonly k: 1 | 2,
  ) {
    const states = (names.length + 1) ** k;
    this.seen = new Uint8Array(states * names.length);
    this.finals = new Uint8Array(states);
  }

  private next(state: number, sym: number): number {
    const m1 = this.names.length + 1;
    return this.k === 1 ? sym + 1 : (state % m1) * m1 + sym + 1;
  }

  /** `plainOf` maps a trace name id to the machine's symbol (-1 = not in the alphabet). */
  run(trace: Trace, plainOf: Int32Array, keyIds: FieldColumn | undefined, keyValues: number, file: string): void {
    const m = this.names.length;
    const state = new Int32Array(keyIds ? keyValues : 1);
    const touched = new Uint8Array(state.length);
    const before = this.events;
    for (let i = 0; i < trace.count; i++) {
      const sym = plainOf[trace.name[i]];
      if (sym < 0) continue;
      const v = keyIds ? keyIds.id(i) : 0;
      const s = state[v];
      this.seen[s * m + sym] = 1;
      state[v] = this.next(s, sym);
      if (!touched[v]) {
        touched[v] = 1;
        this.keys++;
      }
      this.events++;
    }
    for (let v = 0; v < state.length; v++) if (touched[v]) this.finals[state[v]] = 1;
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
    const finals: number[] = [];
    this.finals.forEach((f, s) => {
      if (f) finals.push(s);
    });
    for (let t = 0; t < this.seen.length; t++) {
      if (!this.seen[t]) continue;
      const s = Math.floor(t / m);
      const list = upsert(from, s, () => []);
      list.push(t % m);
    }
    const reachable = new Set<number>([0, ...from.keys(), ...finals]);
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
    const final = finals.map((s) => used.get(s) as string);
    return { initial: 'start', final, states };
  }
}
