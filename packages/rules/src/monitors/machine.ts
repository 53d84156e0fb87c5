/**
 * Per-key protocol state machines: in each state some events are allowed
 * (and may move to another state); any other event of the machine's alphabet
 * is a violation "expected one of X, found Y", and the state stays. A breach
 * transition (`-> !STATE`) is a violation that moves the key on, reported once.
 */
import type { Machine } from '../ast.ts';
import type { MonitorKind } from './monitor.ts';

export interface MachineState {
  state: number;
  /** Event that moved the key into its state (-1 at the start). */
  since: number;
}

interface CompiledState {
  name: string;
  /** Clock index and target state index per transition, in written order. */
  transitions: { clock: number; to: number; breach: boolean }[];
  /** Clocks allowed without a breach. */
  allowedMask: number;
}

/** `clockOf` maps each transition's selector to its clock index. */
export function machineMonitor(
  machine: Machine,
  clockOf: (stateName: string, t: number) => number,
  clocks: number,
): MonitorKind<MachineState> {
  const names = [...machine.states.keys()];
  const states: CompiledState[] = names.map((name) => {
    const ts = (machine.states.get(name) ?? []).map((t, k) => ({
      clock: clockOf(name, k),
      to: t.to === undefined ? -1 : names.indexOf(t.to),
      breach: t.breach === true,
    }));
    return { name, transitions: ts, allowedMask: ts.reduce((m, t) => (t.breach ? m : m | (1 << t.clock)), 0) };
  });
  const initial = names.indexOf(machine.initial);
  const final = new Set(machine.final.map((f) => names.indexOf(f)));

  /** Clocks allowed now that lead (in one step) to a state where `wanted` is allowed. */
  function expectedFor(from: CompiledState, wanted: number): number {
    let m = 0;
    for (const t of from.transitions) {
      if (t.breach) continue;
      const target = t.to < 0 ? from : states[t.to];
      if (target.allowedMask & wanted) m |= 1 << t.clock;
    }
    return m || from.allowedMask;
  }

  return {
    clocks,
    fresh: () => ({ state: initial, since: -1 }),
    step(s, i, ticks, out) {
      const cur = states[s.state];
      for (const t of cur.transitions) {
        if (ticks & (1 << t.clock)) {
          if (t.breach) {
            out.violated = true;
            out.expectedMask = expectedFor(cur, ticks);
            out.detail = `in state ${cur.name}`;
            if (t.to !== s.state) {
              s.state = t.to;
              s.since = i;
            }
            return;
          }
          if (s.since >= 0) out.edgeFrom = s.since;
          if (t.to >= 0 && t.to !== s.state) {
            s.state = t.to;
            s.since = i;
          }
          return;
        }
      }
      out.violated = true;
      out.expectedMask = expectedFor(cur, ticks);
      out.detail = `in state ${cur.name}`;
    },
    idle: (s) => s.state === initial,
    pending(s) {
      if (final.size === 0 || final.has(s.state)) return undefined;
      return { event: s.since, expectedMask: states[s.state].allowedMask, detail: `ended in state ${states[s.state].name}` };
    },
    describe: (s) => states[s.state].name,
  };
}
