/**
 * Where live input comes from: standard input, or a file followed like `tail -F` (what is
 * appended, a truncation, a file replaced under the same name, a file that does not exist yet).
 * A source hands out its bytes as they arrive and says when the text it reads starts again;
 * it never holds more than one read buffer.
 */
import { type FileHandle, open, stat } from 'node:fs/promises';

export type LiveEvent =
  | { kind: 'data'; bytes: Uint8Array }
  /** The file got shorter than what was read: it was rewritten, and is read again from its start. */
  | { kind: 'truncated' }
  /** Another file now has the name (log rotation): the old one was read to its end, the new one is read from its start. */
  | { kind: 'rotated' }
  | { kind: 'end' };

export interface LiveSource {
  /** The next event; data chunks are valid until the next call. */
  next(): Promise<LiveEvent>;
  close(): Promise<void>;
}

export function stdinSource(stream: NodeJS.ReadableStream = process.stdin): LiveSource {
  const it = (stream as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  return {
    async next() {
      const r = await it.next();
      if (r.done) return { kind: 'end' };
      const bytes = typeof r.value === 'string' ? new TextEncoder().encode(r.value) : r.value;
      return { kind: 'data', bytes };
    },
    async close() {
      await it.return?.();
    },
  };
}

const CHUNK = 1 << 20;
/** How often a followed file is looked at when nothing was there: well under the 200 ms a violation may take to show. */
export const POLL_MS = 50;

export interface FollowOptions {
  poll?: number;
  /** Said once while the file does not exist yet, and when it is replaced or truncated. */
  onWait?: (message: string) => void;
  /** Said when the file is first opened. */
  onOpen?: (message: string) => void;
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Follows `path`: reads what is there, then what is appended, until the signal fires (then 'end').
 * Truncation and replacement are found by comparing the open file's size with what was read and
 * its inode with the one the name has now.
 */
export function followSource(path: string, opts: FollowOptions = {}): LiveSource {
  const poll = opts.poll ?? POLL_MS;
  const buffer = new Uint8Array(CHUNK);
  let fh: FileHandle | undefined;
  let ino = 0;
  let pos = 0;
  let announcedWait = false;
  let openedOnce = false;
  const signal = opts.signal;

  async function tryOpen(): Promise<boolean> {
    try {
      const h = await open(path, 'r');
      const st = await h.stat();
      if (st.isDirectory()) {
        await h.close();
        throw new Error(`${path}: is a directory, expected a log file`);
      }
      fh = h;
      ino = st.ino;
      pos = 0;
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /** True when the name now points at another file than the one open. */
  async function replaced(): Promise<boolean> {
    try {
      return (await stat(path)).ino !== ino;
    } catch {
      return false; // gone for the moment (between rename and create): keep reading the old one
    }
  }

  return {
    async next() {
      for (;;) {
        if (signal?.aborted) return { kind: 'end' };
        if (!fh) {
          if (await tryOpen()) {
            if (openedOnce) return { kind: 'rotated' };
            openedOnce = true;
            opts.onOpen?.(`following ${path}`);
            continue;
          }
          if (!announcedWait) {
            announcedWait = true;
            opts.onWait?.(`waiting for ${path} to appear`);
          }
          await sleep(poll, signal);
          continue;
        }
        const { bytesRead } = await fh.read(buffer, 0, CHUNK, pos);
        if (bytesRead > 0) {
          pos += bytesRead;
          return { kind: 'data', bytes: buffer.subarray(0, bytesRead) };
        }
        const size = (await fh.stat()).size;
        if (size < pos) {
          pos = 0;
          return { kind: 'truncated' };
        }
        if (await replaced()) {
          // The old file was read to its end above; the new one is read from its start.
          await fh.close();
          fh = undefined;
          continue;
        }
        await sleep(poll, signal);
      }
    },
    async close() {
      await fh?.close();
      fh = undefined;
    },
  };
}
