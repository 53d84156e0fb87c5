/**
 * `a matched by b before c`: whenever c ticks, every a so far has had its b
 * (a stream's I/O messages are all completed before its release completes,
 * §5.14.6.6.5.1). A b without an a is not this rule's business.
 */
import { IndexQueue, type MonitorKind } from './monitor.ts';

const A = 1;
const B = 2;
const C = 4;

export interface DrainedState {
  open: IndexQueue;
}

export const drainedMonitor: MonitorKind<DrainedState> = {
  clocks: 3,
  fresh: () => ({ open: new IndexQueue() }),
  step(s, i, ticks, out) {
    if (ticks & A) s.open.push(i);
    if (ticks & B && s.open.length > 0) out.edgeFrom = s.open.shift();
    if (ticks & C && s.open.length > 0) {
      out.violated = true;
      out.expectedMask = B;
      out.detail = `${s.open.length} still pending`;
    }
  },
  idle: (s) => s.open.length === 0,
  pending: () => undefined,
  describe: (s) => `pending: ${s.open.length}`,
};
