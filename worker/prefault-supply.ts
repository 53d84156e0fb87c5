/**
 * The browser's helper for PrefaultedBuffers: a module worker that touches
 * every page of the buffers the engine asks for and transfers them back.
 * Without Worker (or if it fails) nothing is asked and the engine allocates.
 */
import { helperRequester } from '@vqscope/trace';

/** The helper outlives loads: starting a worker costs tens of milliseconds. */
let helper: Worker | undefined;
let helperFailed = false;

const requester = helperRequester((message) => {
  const w = helperWorker();
  w?.postMessage(message);
  return w !== undefined;
});

function helperWorker(): Worker | undefined {
  if (helper || helperFailed || typeof Worker === 'undefined') return helper;
  try {
    helper = new Worker(new URL('./prefault.worker.ts', import.meta.url), { type: 'module' });
    helper.onmessage = (e: MessageEvent<{ id: number; buffer: ArrayBuffer | null }>) => requester.answered(e.data);
    helper.onerror = () => {
      helperFailed = true;
      helper = undefined;
    };
  } catch {
    helperFailed = true;
  }
  return helper;
}

export const requestFromHelperWorker = requester.request;
