/**
 * The browser's helper for PrefaultedBuffers: a module worker that touches
 * every page of the buffers the engine asks for and transfers them back.
 * Without Worker (or if it fails) nothing is asked and the engine allocates.
 */
import type { BufferRequester } from '@vqscope/trace';

/** The helper outlives loads: starting a worker costs tens of milliseconds. */
let helper: Worker | undefined;
let helperFailed = false;
const waiting = new Map<number, (buffer: ArrayBuffer) => void>();
let nextId = 1;

function helperWorker(): Worker | undefined {
  if (helper || helperFailed || typeof Worker === 'undefined') return helper;
  try {
    helper = new Worker(new URL('./prefault.worker.ts', import.meta.url), { type: 'module' });
    helper.onmessage = (e: MessageEvent<{ id: number; buffer: ArrayBuffer | null }>) => {
      const deliver = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      if (deliver && e.data.buffer) deliver(e.data.buffer);
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

export const requestFromHelperWorker: BufferRequester = (bytes, deliver) => {
  const w = helperWorker();
  if (!w) return false;
  const id = nextId++;
  waiting.set(id, deliver);
  w.postMessage({ id, bytes });
  return true;
};
