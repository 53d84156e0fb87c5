/**
 * Relations that look at one event at a time: `a excludes b` (never at the
 * same event), `a coincides b` (always at the same event) and
 * `a subclock b` (every a is also a b). In a log each event is one instant.
 */
import type { MonitorKind } from './monitor.ts';

const A = 1;
const B = 2;
type Stateless = null;

function instant(test: (ta: boolean, tb: boolean) => 'ok' | 'together' | 'lone-a' | 'lone-b'): MonitorKind<Stateless> {
  return {
    clocks: 2,
    fresh: () => null,
    step(_s, _i, ticks, out) {
      const r = test((ticks & A) !== 0, (ticks & B) !== 0);
      if (r === 'ok') return;
      out.violated = true;
      out.kind = r === 'together' ? 'together' : 'lone';
      out.expectedMask = r === 'lone-a' ? B : r === 'lone-b' ? A : 0;
    },
    idle: () => true,
    pending: () => undefined,
    describe: () => 'stateless',
  };
}

export const excludesMonitor = instant((ta, tb) => (ta && tb ? 'together' : 'ok'));
export const coincidesMonitor = instant((ta, tb) => (ta && !tb ? 'lone-a' : tb && !ta ? 'lone-b' : 'ok'));
export const subclockMonitor = instant((ta, tb) => (ta && !tb ? 'lone-a' : 'ok'));
