/**
 * How much ArrayBuffer memory this page can still get, asked of the browser itself: Chromium
 * puts every ArrayBuffer of a page and its workers in one pool of about 16 GiB, less where its
 * sandbox lowers the process's data limit, and neither number is visible to a script otherwise
 * (performance.memory counts the JS heap, navigator.deviceMemory stops at 8).
 */
export interface Headroom {
  /** Bytes obtained. */
  got: number;
  /** The browser's message when it refused a piece before `upTo`; empty when it gave all. */
  refused: string;
}

export function probeHeadroom(upTo: number, timeoutMs = 3000): Promise<Headroom | undefined> {
  if (typeof Worker === 'undefined') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let w: Worker;
    try {
      w = new Worker(new URL('./memory-probe.worker.ts', import.meta.url), { type: 'module', name: 'vqscope-memory-probe' });
    } catch {
      resolve(undefined);
      return;
    }
    const done = (h: Headroom | undefined) => {
      clearTimeout(timer);
      w.terminate();
      resolve(h);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    w.onmessage = (e: MessageEvent<Headroom>) => done(e.data);
    w.onerror = () => done(undefined);
    w.postMessage(upTo);
  });
}
