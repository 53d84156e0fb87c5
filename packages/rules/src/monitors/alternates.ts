/**
 * `a alternates b`: a[k] < b[k] < a[k+1]. One bit per key says whose turn
 * it is; a tick out of turn is reported and dropped.
 */
import type { MonitorKind } from './monitor.ts';

const A = 1;
const B = 2;

export interface AlternatesState {
  /** -1 when it is a's turn, else the index of the a-tick waiting for its b. */
  waitingSince: number;
}

export const alternatesMonitor: MonitorKind<AlternatesState> = {
  clocks: 2,
  fresh: () => ({ waitingSince: -1 }),
  step(s, i, ticks, out) {
    const ta = (ticks & A) !== 0;
    const tb = (ticks & B) !== 0;
    if (ta && tb) {
      out.violated = true;
      out.kind = 'together';
      return;
    }
    if (ta) {
      if (s.waitingSince >= 0) {
        out.violated = true;
        out.expectedMask = B;
        return;
      }
      s.waitingSince = i;
    } else if (tb) {
      if (s.waitingSince < 0) {
        out.violated = true;
        out.expectedMask = A;
        return;
      }
      out.edgeFrom = s.waitingSince;
      s.waitingSince = -1;
    }
  },
  idle: (s) => s.waitingSince < 0,
  pending: (s) => (s.waitingSince >= 0 ? { event: s.waitingSince, expectedMask: B, detail: '' } : undefined),
  describe: (s) => (s.waitingSince < 0 ? 'next: a' : 'next: b'),
};
