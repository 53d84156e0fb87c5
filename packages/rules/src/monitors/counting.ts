/**
 * `a precedes b` (strict) and `a causes b` (non-strict), CCSL counter
 * semantics: b[k] needs a[k] strictly before (precedes) or at the same event
 * (causes). An offending b tick is dropped, as if it had not happened.
 */
import { IndexQueue, type MonitorKind, type PendingObligation } from './monitor.ts';

const A = 1;
const B = 2;

export interface CountingState {
  /** Indices of a-ticks not yet matched by a b-tick (their count is δ(a,b)). */
  open: IndexQueue;
}

export function countingMonitor(strict: boolean): MonitorKind<CountingState> {
  return {
    clocks: 2,
    fresh: () => ({ open: new IndexQueue() }),
    step(s, i, ticks, out) {
      const ta = (ticks & A) !== 0;
      const tb = (ticks & B) !== 0;
      if (tb) {
        const enough = s.open.length >= 1 || (!strict && ta);
        if (!enough) {
          out.violated = true;
          out.expectedMask = A;
          if (ta) s.open.push(i);
          return;
        }
        if (ta) s.open.push(i);
        out.edgeFrom = s.open.shift();
        return;
      }
      if (ta) s.open.push(i);
    },
    idle: (s) => s.open.length === 0,
    pending(s): PendingObligation | undefined {
      return s.open.length > 0 ? { event: s.open.peek(), expectedMask: B, detail: `${s.open.length} unmatched` } : undefined;
    },
    describe: (s) => `δ(a,b) = ${s.open.length}`,
  };
}
