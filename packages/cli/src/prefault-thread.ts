/**
 * The CLI's helper for PrefaultedBuffers: a worker thread that touches every
 * page of the buffers ingest asks for and transfers them back, so that page
 * faults (costly on VMs) happen on the other core while this one parses.
 * The thread is unref'd: it never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import { helperRequester } from '@vqscope/trace';

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

const requester = helperRequester((message) => {
  const w = helperThread();
  w?.postMessage(message);
  return w !== undefined;
});

function helperThread(): Worker | undefined {
  if (helper || helperFailed) return helper;
  try {
    const w = new Worker(HELPER, { eval: true });
    w.on('message', (message: { id: number; buffer: ArrayBuffer | null }) => requester.answered(message));
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

export const requestFromHelperThread = requester.request;
