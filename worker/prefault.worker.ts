/**
 * Allocates buffers and touches every page of them, then hands each one over (transferred, not
 * copied). On this VM the first touch of a page costs ~15 µs, so the engine's big columns are
 * faulted in here, on the other core, while the engine parses. It never sees trace data.
 */
const PAGE = 4096;

self.onmessage = (e: MessageEvent<{ id: number; bytes: number }>) => {
  const { id, bytes } = e.data;
  let buffer: ArrayBuffer;
  try {
    buffer = new ArrayBuffer(bytes);
  } catch {
    self.postMessage({ id, buffer: null });
    return;
  }
  const view = new Uint8Array(buffer);
  for (let i = 0; i < bytes; i += PAGE) view[i] = 0;
  self.postMessage({ id, buffer }, { transfer: [buffer] });
};
