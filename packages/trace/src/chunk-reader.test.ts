import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunkReaderOf } from './chunk-reader.ts';
import { ingestStream } from './ingest.ts';
import { rows } from './test-support.ts';

const text = Array.from(
  { length: 5000 },
  (_, i) => `[${(i / 1000).toFixed(6)}] virtsnd_pcm_pointer: stream #${i % 3} buffer #${i % 8}`,
).join('\n');
const bytes = new TextEncoder().encode(text);

/** A byte stream, as File.stream() is: readable with a BYOB reader. */
function byteStream(data: Uint8Array, piece: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(c) {
      if (at >= data.length) {
        c.close();
        c.byobRequest?.respond(0);
        return;
      }
      const req = c.byobRequest;
      const n = Math.min(piece, data.length - at, req?.view?.byteLength ?? piece);
      if (req?.view) {
        new Uint8Array(req.view.buffer, req.view.byteOffset, n).set(data.subarray(at, at + n));
        req.respond(n);
      } else c.enqueue(data.slice(at, at + n));
      at += n;
    },
  });
}

/** An iterable that hands out the same buffer every time, as the CLI's file reader does. */
async function* reusedBuffer(data: Uint8Array, piece: number): AsyncGenerator<Uint8Array> {
  const buf = new Uint8Array(piece);
  for (let at = 0; at < data.length; at += piece) {
    const n = Math.min(piece, data.length - at);
    buf.set(data.subarray(at, at + n));
    yield buf.subarray(0, n);
  }
}

describe('chunk readers', () => {
  it('read a byte stream through one reused buffer', async () => {
    const r = chunkReaderOf(byteStream(bytes, 1000));
    const sizes = new Set<number>();
    let total = 0;
    for (let c = await r.read(); c; c = await r.read()) {
      total += c.length;
      sizes.add(c.buffer.byteLength);
    }
    expect(total).toBe(bytes.length);
    // Each read transfers the buffer (so identity is lost); its size says it is always the reader's own.
    expect([...sizes]).toEqual([1 << 20]);
  });

  it('give the same trace from a byte stream, a reused-buffer iterable and gzip over either', async () => {
    const opts = { fileName: 'k.log' };
    const fromBytes = await ingestStream(byteStream(bytes, 777), opts);
    const fromReused = await ingestStream(reusedBuffer(bytes, 777), opts);
    const gz = new Uint8Array(gzipSync(bytes));
    const fromGzipReused = await ingestStream(reusedBuffer(gz, 100), opts);
    const fromGzipBytes = await ingestStream(byteStream(gz, 100), opts);
    expect(fromBytes.trace.count).toBe(5000);
    for (const r of [fromReused, fromGzipReused, fromGzipBytes]) expect(rows(r.trace)).toEqual(rows(fromBytes.trace));
    expect(fromGzipReused.gzip).toBe(true);
  });
});
