/**
 * The pause between slices of the long synchronous steps of a load (checking 100M events takes
 * seconds): one turn of the worker's event loop, so that a Cancel or any other message gets
 * through, then a stop if the load was cancelled, and a progress report at most every 50 ms.
 */
import { IngestAborted } from '@vqscope/trace';

/** One macrotask turn; not setTimeout, which browsers clamp to 4 ms when nested. */
export function turn(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

export function pacer(signal: AbortSignal, report: (done: number) => void, every = 50): (done: number) => Promise<void> {
  let last = 0;
  return async (done) => {
    await turn();
    if (signal.aborted) throw new IngestAborted();
    const now = Date.now();
    if (now - last >= every) {
      last = now;
      report(done);
    }
  };
}
