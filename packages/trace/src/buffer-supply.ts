/**
 * Memory for the big columns, made ready elsewhere. Where the first touch of
 * a page is costly (this VM: ~4 ms per MB, a third of parsing), a helper
 * thread can allocate and touch the buffers while the engine parses; the
 * trace builder adopts each one when it arrives and allocates as usual until
 * then. Nothing here knows about threads: the engine supplies the buffers.
 */
export interface BufferSupply {
  /** Asks for a buffer of at least `bytes`, to be taken later. */
  want(bytes: number): void;
  /** A buffer of at least `bytes` (and at most `most`) that has arrived, or undefined (then allocate as usual). */
  take(bytes: number, most?: number): ArrayBuffer | undefined;
  /** Told how many events the source probably holds, so that the supplier can ask ahead for what follows. */
  expect?(events: number): void;
}

/** A buffer of at least `bytes` from the supply, else a fresh one. */
export function takeOrAllocate(supply: BufferSupply | undefined, bytes: number): ArrayBuffer {
  return supply?.take(bytes) ?? new ArrayBuffer(bytes);
}

/**
 * Asks a helper thread for a touched buffer of `bytes`; `deliver` gets it when it comes. False when
 * there is no helper (then nothing will come).
 */
export type BufferRequester = (bytes: number, deliver: (buffer: ArrayBuffer) => void) => boolean;

/**
 * The bookkeeping of a helper thread that answers `{ id, bytes }` with `{ id, buffer }`: `post`
 * sends a request (false when there is no helper), `answered` is fed the helper's messages.
 */
export function helperRequester(post: (message: { id: number; bytes: number }) => boolean): {
  request: BufferRequester;
  answered(message: { id: number; buffer: ArrayBuffer | null }): void;
} {
  const waiting = new Map<number, (buffer: ArrayBuffer) => void>();
  let nextId = 1;
  return {
    request(bytes, deliver) {
      const id = nextId++;
      if (!post({ id, bytes })) return false;
      waiting.set(id, deliver);
      return true;
    },
    answered({ id, buffer }) {
      const deliver = waiting.get(id);
      waiting.delete(id);
      if (deliver && buffer) deliver(buffer);
    },
  };
}

/**
 * A BufferSupply over any helper thread: taking returns only buffers that have arrived, so the
 * engine never waits, and without a helper every take is undefined and the engine allocates as before.
 */
export class PrefaultedBuffers implements BufferSupply {
  private readonly ready: ArrayBuffer[] = [];
  private closed = false;
  /** How many buffers were asked for, came, and were used: the bench prints them. */
  readonly counts = { wanted: 0, arrived: 0, taken: 0 };

  /** @param onExpect asks ahead for buffers the engine will want after parsing (the lane index). */
  constructor(
    private readonly request: BufferRequester,
    private readonly onExpect?: (events: number, supply: PrefaultedBuffers) => void,
  ) {}

  want(bytes: number): void {
    if (this.closed) return;
    if (this.request(bytes, (b) => this.arrived(b))) this.counts.wanted++;
  }

  take(bytes: number, most = Number.POSITIVE_INFINITY): ArrayBuffer | undefined {
    let best = -1;
    for (let k = 0; k < this.ready.length; k++) {
      const size = this.ready[k].byteLength;
      if (size >= bytes && size <= most && (best < 0 || size < this.ready[best].byteLength)) best = k;
    }
    if (best < 0) return undefined;
    this.counts.taken++;
    return this.ready.splice(best, 1)[0];
  }

  expect(events: number): void {
    this.onExpect?.(events, this);
  }

  private arrived(buffer: ArrayBuffer): void {
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
