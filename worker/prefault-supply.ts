/**
 * The engine's BufferSupply: buffers faulted in by a helper worker. Asking
 * costs a message; taking returns only buffers that have arrived, so the
 * engine never waits for the helper, and without one (no Worker here, or it
 * failed) every take is undefined and the engine allocates as before.
 */
import type { BufferSupply } from '@vqscope/trace';

/** The helper outlives loads: starting a worker costs tens of milliseconds. */
let helper: Worker | undefined;
let helperFailed = false;
const waiting = new Map<number, PrefaultSupply>();
let nextId = 1;

function helperWorker(): Worker | undefined {
  if (helper || helperFailed || typeof Worker === 'undefined') return helper;
  try {
    helper = new Worker(new URL('./prefault.worker.ts', import.meta.url), { type: 'module' });
    helper.onmessage = (e: MessageEvent<{ id: number; buffer: ArrayBuffer | null }>) => {
      const supply = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      if (supply && e.data.buffer) supply.arrived(e.data.buffer);
    };
    helper.onerror = () => {
      helperFailed = true;
      helper = undefined;
    };
  } catch {
    helperFailed = true;
  }
  return helper;
}

export class PrefaultSupply implements BufferSupply {
  private readonly ready: ArrayBuffer[] = [];
  private closed = false;
  /** How many buffers were asked for, came, and were used: the bench prints them. */
  readonly counts = { wanted: 0, arrived: 0, taken: 0 };

  /** @param onExpect asks ahead for buffers the engine will want after parsing (the lane index). */
  constructor(private readonly onExpect?: (events: number, supply: PrefaultSupply) => void) {}

  want(bytes: number): void {
    const w = helperWorker();
    if (!w || this.closed) return;
    const id = nextId++;
    this.counts.wanted++;
    waiting.set(id, this);
    w.postMessage({ id, bytes });
  }

  take(bytes: number): ArrayBuffer | undefined {
    let best = -1;
    for (let k = 0; k < this.ready.length; k++)
      if (this.ready[k].byteLength >= bytes && (best < 0 || this.ready[k].byteLength < this.ready[best].byteLength)) best = k;
    if (best < 0) return undefined;
    this.counts.taken++;
    return this.ready.splice(best, 1)[0];
  }

  expect(events: number): void {
    this.onExpect?.(events, this);
  }

  arrived(buffer: ArrayBuffer): void {
    if (this.closed) return;
    this.counts.arrived++;
    this.ready.push(buffer);
  }

  /** Drops what was not taken; buffers still on their way are dropped when they arrive. */
  close(): void {
    this.closed = true;
    this.ready.length = 0;
  }
}
