/**
 * The events of every lane in 2 bytes an event, filled in the same pass that finds the lanes.
 *
 * The lane index was the worker's largest holding after the trace columns (4 bytes an event per lane,
 * plus 2 for the lane of each event). Here the events are kept in blocks of 65,536 in log order; within
 * a block they are sorted by lane, so an event is its low 16 bits (the block gives the rest) and a
 * block lists, per lane it holds, where that lane's run starts. Sorting a block needs only its own
 * lanes, so the index is written while the lanes are being found: no second pass over the trace and
 * no lane per event kept even for a moment. A lane is decoded whole when it is drawn (lane-cache.ts).
 * A trace whose lanes are so many and so sparse that the runs cost more than they save gets plain
 * 32-bit indices per lane instead.
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

const BLOCK = 0x10000;

function grown<T extends Uint32Array | Uint16Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

/** Takes each event's lane in log order (`add`), then the final lane order (`finish`). */
export class LaneEventsBuilder {
  private readonly low: Uint16Array;
  /** Lanes of the block being filled. */
  private readonly block = new Uint32Array(BLOCK);
  private filled = 0;
  private blockStart = 0;
  /** Per lane: its count in the block being sorted, then its next position. */
  private at = new Int32Array(1024);
  private readonly present = new Uint32Array(BLOCK);
  /** Runs: the lane and the start (within its block) of each run, blocks one after another. */
  private runLane = new Uint32Array(1024);
  private runStart = new Uint16Array(1024);
  private runs = 0;
  private readonly blockRuns: number[] = [0];

  constructor(
    private readonly events: number,
    supply?: BufferSupply,
  ) {
    this.low = new Uint16Array(takeOrAllocate(supply, 2 * events), 0, events);
  }

  add(lane: number): void {
    this.block[this.filled++] = lane;
    if (this.filled === BLOCK) this.flush();
  }

  /** Sorts the block by lane (stable: log order within a lane) into `low`, and lists its runs. */
  private flush(): void {
    const { block, present } = this;
    let at = this.at;
    let kinds = 0;
    for (let k = 0; k < this.filled; k++) {
      const l = block[k];
      if (l >= at.length) at = this.at = grown(at, l + 1);
      if (at[l]++ === 0) present[kinds++] = l;
    }
    const lanes = present.subarray(0, kinds).sort();
    this.runLane = grown(this.runLane, this.runs + kinds);
    this.runStart = grown(this.runStart, this.runs + kinds);
    let pos = 0;
    for (let r = 0; r < kinds; r++) {
      const l = lanes[r];
      this.runLane[this.runs + r] = l;
      this.runStart[this.runs + r] = pos;
      const c = at[l];
      at[l] = pos;
      pos += c;
    }
    const low = this.low;
    const base = this.blockStart;
    for (let k = 0; k < this.filled; k++) low[base + at[block[k]]++] = k;
    for (let r = 0; r < kinds; r++) at[lanes[r]] = 0;
    this.runs += kinds;
    this.blockRuns.push(this.runs);
    this.blockStart += this.filled;
    this.filled = 0;
  }

  /** `order[l]` is the lane (as added) that is lane l of the result; `count[l]` its events. */
  finish(order: ArrayLike<number>, count: ArrayLike<number>): LaneEvents {
    if (this.filled > 0) this.flush();
    const lanes = order.length;
    const { low, blockRuns, events } = this;
    const runLane = this.runLane.slice(0, this.runs);
    const runStart = this.runStart.slice(0, this.runs);
    const blocks = blockRuns.length - 1;
    const blockRun = Uint32Array.from(blockRuns);
    /** Calls `run(from, to, base)` for each run of added lane p, block by block. */
    const eachRun = (p: number, run: (from: number, to: number, base: number) => void): void => {
      for (let b = 0; b < blocks; b++) {
        let lo = blockRun[b];
        let hi = blockRun[b + 1];
        const last = hi;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (runLane[mid] < p) lo = mid + 1;
          else hi = mid;
        }
        if (lo === last || runLane[lo] !== p) continue;
        const base = b * BLOCK;
        const end = lo + 1 < last ? runStart[lo + 1] : Math.min(BLOCK, events - base);
        run(base + runStart[lo], base + end, base);
      }
    };
    // A run costs 6 bytes: past 2 bytes an event of runs, plain 32-bit indices are smaller.
    if (runLane.byteLength + runStart.byteLength >= 2 * events) {
      const starts = new Uint32Array(lanes + 1);
      for (let l = 0; l < lanes; l++) starts[l + 1] = starts[l] + count[l];
      const rank = new Uint32Array(lanes);
      for (let l = 0; l < lanes; l++) rank[order[l]] = l;
      // Block after block, so each lane's events come in log order.
      const flat = new Uint32Array(events);
      const fill = starts.slice(0, lanes);
      for (let b = 0; b < blocks; b++) {
        const base = b * BLOCK;
        const last = blockRun[b + 1];
        for (let r = blockRun[b]; r < last; r++) {
          const end = base + (r + 1 < last ? runStart[r + 1] : Math.min(BLOCK, events - base));
          let w = fill[rank[runLane[r]]];
          for (let k = base + runStart[r]; k < end; k++) flat[w++] = base + low[k];
          fill[rank[runLane[r]]] = w;
        }
      }
      return plainLaneEvents(flat, starts);
    }
    const orderOf = Uint32Array.from(order);
    const counts = Uint32Array.from(count);
    return {
      byteLength: low.byteLength + runLane.byteLength + runStart.byteLength + blockRun.byteLength + orderOf.byteLength + counts.byteLength,
      plain: false,
      decode(l) {
        const out = new Uint32Array(counts[l]);
        let w = 0;
        eachRun(orderOf[l], (from, to, base) => {
          for (let k = from; k < to; k++) out[w++] = base + low[k];
        });
        return out;
      },
    };
  }
}

/** Made apart from finish, so that its closure holds the flat index alone, not the blocks it came from. */
function plainLaneEvents(flat: Uint32Array, starts: Uint32Array): LaneEvents {
  return {
    byteLength: flat.byteLength + starts.byteLength,
    plain: true,
    decode: (l) => flat.subarray(starts[l], starts[l + 1]),
  };
}
