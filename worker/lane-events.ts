/**
 * The events of every lane, lane after lane, in half the bytes of a 32-bit index per event.
 *
 * The lane index was the worker's largest holding after the trace columns (4 bytes an event, plus
 * 2 for the lane of each event). Within a lane the event indices only grow, so their high 16 bits
 * change rarely: each event keeps its low 16 bits, and each lane lists the positions where the high
 * half steps up (at most one step per 65,536 events of the trace, per lane). A trace whose lanes are
 * so sparse that the steps would cost more than they save keeps plain 32-bit indices instead.
 * A lane is decoded whole when it is drawn (see lane-cache.ts); nothing else reads it.
 */
import { type BufferSupply, takeOrAllocate } from '@vqscope/trace';

export interface LaneEvents {
  /** Bytes held for the index. */
  readonly byteLength: number;
  /** The event indices of lane l, ascending: a view when stored plainly, else a new array. */
  decode(l: number): Uint32Array;
  /** True when decode returns a view of the index (nothing to cache). */
  readonly plain: boolean;
}

/**
 * Fills the index in one pass over the events in log order. `count[l]` is lane l's event count and
 * `steps[l]` the number of distinct high halves (i >>> 16) among its events; `laneOf` gives each
 * event's lane.
 */
export function buildLaneEvents(
  n: number,
  count: ArrayLike<number>,
  steps: ArrayLike<number>,
  laneOf: (i: number) => number,
  supply?: BufferSupply,
): LaneEvents {
  const lanes = count.length;
  const starts = new Uint32Array(lanes + 1);
  for (let l = 0; l < lanes; l++) starts[l + 1] = starts[l] + count[l];
  let totalSteps = 0;
  for (let l = 0; l < lanes; l++) totalSteps += steps[l];
  const fill = starts.slice(0, lanes);
  // A step costs 6 bytes (position and high half); it pays while the steps save more than 2 bytes an event.
  if (totalSteps * 6 + 4 * (lanes + 1) >= 2 * n) {
    const flat = new Uint32Array(takeOrAllocate(supply, 4 * n), 0, n);
    for (let i = 0; i < n; i++) flat[fill[laneOf(i)]++] = i;
    return {
      byteLength: flat.byteLength + starts.byteLength,
      plain: true,
      decode: (l) => flat.subarray(starts[l], starts[l + 1]),
    };
  }
  const low = new Uint16Array(takeOrAllocate(supply, 2 * n), 0, n);
  const stepStart = new Uint32Array(lanes + 1);
  for (let l = 0; l < lanes; l++) stepStart[l + 1] = stepStart[l] + steps[l];
  const stepAt = new Uint32Array(totalSteps);
  const stepHigh = new Uint16Array(totalSteps);
  const stepFill = stepStart.slice(0, lanes);
  const lastHigh = new Int32Array(lanes).fill(-1);
  for (let i = 0; i < n; i++) {
    const l = laneOf(i);
    const at = fill[l]++;
    low[at] = i & 0xffff;
    const high = i >>> 16;
    if (high !== lastHigh[l]) {
      lastHigh[l] = high;
      const s = stepFill[l]++;
      stepAt[s] = at - starts[l];
      stepHigh[s] = high;
    }
  }
  return {
    byteLength: low.byteLength + starts.byteLength + stepStart.byteLength + stepAt.byteLength + stepHigh.byteLength,
    plain: false,
    decode(l) {
      const base = starts[l];
      const m = starts[l + 1] - base;
      const out = new Uint32Array(m);
      let s = stepStart[l];
      const end = stepStart[l + 1];
      let high = 0;
      let next = s < end ? stepAt[s] : m;
      for (let k = 0; k < m; k++) {
        if (k === next) {
          high = stepHigh[s++] * 0x10000;
          next = s < end ? stepAt[s] : m;
        }
        out[k] = high + low[base + k];
      }
      return out;
    },
  };
}
