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
  /** A buffer of at least `bytes` that has arrived, or undefined (then allocate as usual). */
  take(bytes: number): ArrayBuffer | undefined;
  /** Told how many events the source probably holds, so that the supplier can ask ahead for what follows. */
  expect?(events: number): void;
}

/** A buffer of at least `bytes` from the supply, else a fresh one. */
export function takeOrAllocate(supply: BufferSupply | undefined, bytes: number): ArrayBuffer {
  return supply?.take(bytes) ?? new ArrayBuffer(bytes);
}
