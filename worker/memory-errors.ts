/**
 * A load that asks the browser for more memory than it gives gets a RangeError from V8 ("Array
 * buffer allocation failed", "Invalid typed array length"): said plainly, with what to do instead.
 * Chromium gives all the ArrayBuffers of one page and its workers at most about 16 GiB together
 * (measured: 15.75 GiB in 256 MiB pieces on Chromium 156), less where its sandbox lowers the
 * process's data limit (8 GiB on a machine with 16 GB of RAM or less).
 */
import type { EngineError } from './protocol.ts';

export const TOO_BIG_ADVICE =
  'Check it with the command line (`vqscope check FILE`, which has no such limit), or open a part of it (for example `split -l 20000000 FILE part-`).';

export function memoryErrorOf(e: unknown, file: string, events?: number): EngineError | undefined {
  if (!(e instanceof RangeError)) return undefined;
  if (!/allocation failed|invalid (typed )?array length|array buffer/i.test(e.message)) return undefined;
  const at = events ? ` after ${events.toLocaleString('en-US')} events` : '';
  return {
    kind: 'memory',
    file,
    message: `the browser refused more memory for this trace${at} (${e.message}). ${TOO_BIG_ADVICE}`,
  };
}
