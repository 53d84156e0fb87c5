/**
 * Asks for ArrayBuffers of 256 MiB until it holds `upTo` bytes or the browser refuses one, and
 * says how much it got. The pages are never touched, so nothing becomes resident; the worker is
 * thrown away after one answer, which gives the memory back at once (a dropped buffer would wait
 * for a garbage collection and still count against the limit while the trace loads).
 */
const PIECE = 256 * 1024 * 1024;

self.onmessage = (e: MessageEvent<number>) => {
  const upTo = e.data;
  const held: ArrayBuffer[] = [];
  let got = 0;
  let refused = '';
  while (got < upTo) {
    try {
      held.push(new ArrayBuffer(Math.min(PIECE, upTo - got)));
      got += held[held.length - 1].byteLength;
    } catch (err) {
      refused = (err as Error).message;
      break;
    }
  }
  self.postMessage({ got, refused });
};
