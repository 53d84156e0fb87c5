/**
 * A read that stops moving. Chromium has been seen to stop handing a large File's bytes to the
 * worker mid-read on a loaded machine (3 of 6 runs of the 8 GB bench, once 33.6 MB into a 735 MB
 * log): the page then waited silently. After STALL_AFTER_MS without a new byte the progress line
 * says so, and what to do; Cancel replaces the engine, and opening the file again reads it anew.
 */
export const STALL_AFTER_MS = 10_000;

export interface ReadWatch {
  bytes: number;
  since: number;
}

/** The watch after a progress sample: its time moves only when the bytes read do. */
export function watchRead(prev: ReadWatch | undefined, bytes: number, now: number): ReadWatch {
  return prev && prev.bytes === bytes ? prev : { bytes, since: now };
}

/** Whole seconds the read has not moved, once that is past STALL_AFTER_MS; 0 otherwise. */
export function stalledSeconds(watch: ReadWatch | undefined, now: number): number {
  if (!watch) return 0;
  const ms = now - watch.since;
  return ms >= STALL_AFTER_MS ? Math.floor(ms / 1000) : 0;
}
