/**
 * `a keeps bits of FIELD`: each value of FIELD on a has every bit the one
 * before had (the driver MUST NOT clear a device status bit, §2.1.1). Only a
 * reset (`reset on …`) starts again from 0.
 */
import { numericValue } from '../selector.ts';
import type { MonitorKind } from './monitor.ts';

export interface KeepsBitsState {
  bits: number;
  since: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * `nameOf(i, bits)` gives the declared names of some bits of the field on event i ("DRIVER_OK"), if any;
 * `lenient`: bits whose loss alone is only a warning (the new value is then taken as the state).
 */
export function keepsBitsMonitor(
  fieldValueAt: (i: number) => string | undefined,
  nameOf: (i: number, bits: number) => string | undefined = () => undefined,
  lenient = 0,
): MonitorKind<KeepsBitsState> {
  const shown = (i: number, n: number) => {
    const name = nameOf(i, n);
    return name ? `${hex(n)} = ${name}` : hex(n);
  };
  return {
    clocks: 1,
    fresh: () => ({ bits: 0, since: -1 }),
    step(s, i, ticks, out) {
      if (!(ticks & 1)) return;
      const v = numericValue(fieldValueAt(i) ?? '');
      if (Number.isNaN(v)) return;
      const cleared = s.bits & ~v;
      if (cleared !== 0) {
        out.violated = true;
        out.kind = 'cleared-bits';
        out.detail = `clears bit(s) ${shown(i, cleared)} (was ${shown(i, s.bits)}, now ${shown(i, v)}) without a reset`;
        if ((cleared & ~lenient) !== 0) return;
        out.advisory = true;
        s.since = i;
        s.bits = v;
        return;
      }
      if (s.since >= 0 && v !== s.bits) out.edgeFrom = s.since;
      if (v !== s.bits) s.since = i;
      s.bits = v;
    },
    idle: (s) => s.bits === 0,
    pending: () => undefined,
    describe: (s) => `bits ${hex(s.bits)}`,
  };
}
