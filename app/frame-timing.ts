/**
 * Frame timing for `npm run bench`, read from window globals the bench sets up (nothing is kept
 * unless it does). A frame is timed from the input that changed the view (key, wheel, drag) to the
 * end of the first drawing of that view; the answer from the worker is timed the same way to the
 * drawing that uses it ("refined").
 */
interface BenchWindow {
  __vqscopeFrames?: number[];
  __vqscopeRefined?: number[];
}

let inputAt = Number.NEGATIVE_INFINITY;
let lastFrameEnd = Number.NEGATIVE_INFINITY;

/** Called by input handlers with the event's timeStamp (the performance.now() time base). */
export function markInput(timeStamp: number): void {
  inputAt = timeStamp;
}

/** Where the timing of a view asked for now starts: the input that caused it, if any came since the last frame. */
export function viewStart(now: number): number {
  return inputAt > lastFrameEnd ? Math.min(inputAt, now) : now;
}

export function recordFrame(start: number, refined: boolean): void {
  const now = performance.now();
  lastFrameEnd = now;
  const w = window as BenchWindow;
  (refined ? w.__vqscopeRefined : w.__vqscopeFrames)?.push(now - start);
}
