/**
 * The decoded event indices and timestamps of the lanes drawn lately.
 *
 * Render queries search a lane's events and times in contiguous memory (one cache miss per step in
 * the trace-wide columns made dense frames slow), so a drawn lane keeps both, up to 12 bytes an
 * event. Kept for every lane ever drawn, scrolling through a trace would grow that to the whole
 * trace; so lanes not drawn in the current frame are dropped, least recently drawn first, once
 * the cache passes its byte budget. A dropped lane is decoded again when it comes back on screen.
 */

interface Entry {
  events?: Uint32Array;
  ts?: Float64Array;
  /** The frame that last drew the lane. */
  frame: number;
}

export class DrawnLanes {
  /** In the order the lanes were last drawn, least recent first. */
  private readonly entries = new Map<number, Entry>();
  private frame = 0;
  /** Bytes of the cached arrays (events that are views of the index cost nothing). */
  bytes = 0;

  constructor(private readonly budget: number) {}

  /** Lane l's entry, marked as drawn in the current frame. */
  touch(l: number): Entry {
    let e = this.entries.get(l);
    if (e) this.entries.delete(l);
    else e = { frame: this.frame };
    e.frame = this.frame;
    this.entries.set(l, e);
    return e;
  }

  /** Counts `bytes` more held by an entry. */
  hold(bytes: number): void {
    this.bytes += bytes;
  }

  /** Ends a frame: drops lanes it did not draw, oldest first, while over budget. */
  endFrame(plainEvents: boolean): void {
    for (const [l, e] of this.entries) {
      if (this.bytes <= this.budget || e.frame === this.frame) break;
      this.bytes -= (e.ts?.byteLength ?? 0) + (plainEvents ? 0 : (e.events?.byteLength ?? 0));
      this.entries.delete(l);
    }
    this.frame++;
  }

  /** Lanes cached now (for tests). */
  cached(): number[] {
    return [...this.entries.keys()];
  }
}
