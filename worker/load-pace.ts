/**
 * The pause between slices of the long synchronous steps of a load (checking 100M events takes
 * seconds): one turn of the worker's event loop, so that a Cancel or any other message gets
 * through, then a stop if the load was cancelled, and a progress report at most every 50 ms.
 */
import { IngestAborted, yieldToEventLoop } from '@vqscope/trace';

export function pacer(signal: AbortSignal, report: (done: number) => void, every = 50): (done: number) => Promise<void> {
  let last = 0;
  return async (done) => {
    await yieldToEventLoop();
    if (signal.aborted) throw new IngestAborted();
    const now = Date.now();
    if (now - last >= every) {
      last = now;
      report(done);
    }
  };
}
