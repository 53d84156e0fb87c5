/**
 * A file's bytes as 1 MiB chunks read into one reused buffer: a fresh buffer per chunk (what
 * createReadStream does) costs page faults that show up as a large share of a bare line count.
 * Each chunk is valid until the next one is asked for, which is all ingest needs.
 */
import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;

export async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = new Uint8Array(CHUNK);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}
