/**
 * The CLI's helper for PrefaultedBuffers: a worker thread that touches every
 * page of the buffers ingest asks for and transfers them back, so that page
 * faults (costly on VMs) happen on the other core while this one parses.
 * The thread is unref'd: it never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { BufferRequester } from '@vqscope/trace';

const HELPER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, bytes }) => {
  let buffer;
  try { buffer = new ArrayBuffer(bytes); } catch { parentPort.postMessage({ id, buffer: null }); return; }
  const view = new Uint8Array(buffer);
  for (let i = 0; i < bytes; i += 4096) view[i] = 0;
  parentPort.postMessage({ id, buffer }, [buffer]);
});
`;

let helper: Worker | undefined;
let helperFailed = false;
const waiting = new Map<number, (buffer: ArrayBuffer) => void>();
let nextId = 1;

function helperThread(): Worker | undefined {
  if (helper || helperFailed) return helper;
  try {
    const w = new Worker(HELPER, { eval: true });
    w.on('message', ({ id, buffer }: { id: number; buffer: ArrayBuffer | null }) => {
      const deliver = waiting.get(id);
      waiting.delete(id);
      if (deliver && buffer) deliver(buffer);
    });
    w.on('error', () => {
      helperFailed = true;
      helper = undefined;
    });
    // After the listeners: attaching a 'message' listener refs the thread again.
    w.unref();
    helper = w;
  } catch {
    helperFailed = true;
  }
  return helper;
}

export const requestFromHelperThread: BufferRequester = (bytes, deliver) => {
  const w = helperThread();
  if (!w) return false;
  const id = nextId++;
  waiting.set(id, deliver);
  w.postMessage({ id, bytes });
  return true;
};
