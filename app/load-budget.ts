/**
 * Before a big file is read: will its trace fit in the memory the browser gives this page? A load
 * that does not fit would run for minutes and then fail (or take the tab down), so the answer is
 * given first, plainly, with what to do instead. The estimate: the file's bytes per line from its
 * first megabyte (inflated for .gz), times the file's size, gives the events; each event costs the
 * engine PEAK_BYTES_PER_EVENT at the worst moment of the load. The limit: what the browser really
 * gives, asked of it (memory-probe.ts). A wrong estimate still ends in a plain message: the engine
 * turns a refused allocation into one (worker/memory-errors.ts).
 */
import { Gunzip } from 'fflate';
import { TOO_BIG_ADVICE } from '../worker/memory-errors.ts';
import { type Headroom, probeHeadroom } from './memory-probe.ts';

/**
 * ArrayBuffer bytes per event at the peak of a load in the app's worker: the columns with their
 * spare room, the copy a trim makes, and the lane index. Measured by `npm run bench`
 * (browser.load.peakBytesPerEvent: growth of the renderer's resident set at its highest over the
 * events) on the bench trace after the storage work of issue #18: 17.3 at 10M events, 11.5 at 110M.
 * Real QEMU and guest traces carry more fields and sparser timestamps (their columns take about
 * twice the bench trace's), hence about twice the larger figure.
 */
export const PEAK_BYTES_PER_EVENT = 32;
/**
 * The engine, the app, drawing and the JS heap's growth during a load, whatever the trace. Under
 * Chromium's sandbox the data limit counts these with the ArrayBuffers, and a load that leaves them
 * no room takes the renderer down instead of failing an allocation (measured with RLIMIT_DATA on
 * the renderer, 10M events, whose ArrayBuffers peak near 400 MB: 330 and 380 MiB above the page's
 * use crashed the page, 420 MiB loaded; 250 MiB failed the first allocation, and said so).
 */
export const FIXED_BYTES = 384 * 1024 * 1024;
/** Loads that need less than this are not checked: every browser gives that much. */
export const CHECK_FROM_BYTES = 1024 * 1024 * 1024;
const SAMPLE_BYTES = 1024 * 1024;

export interface LoadEstimate {
  fileBytes: number;
  /** Bytes of text once decompressed. */
  textBytes: number;
  events: number;
  needBytes: number;
}

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** The estimate for a file of `fileBytes` bytes whose first bytes are `sample`; undefined if the sample says nothing. */
export function estimateFromSample(sample: Uint8Array, fileBytes: number): LoadEstimate | undefined {
  let text = sample;
  let ratio = 1;
  if (sample[0] === 0x1f && sample[1] === 0x8b) {
    const out: Uint8Array[] = [];
    try {
      const g = new Gunzip((chunk) => out.push(chunk));
      g.push(sample, false);
    } catch {
      return undefined;
    }
    const size = out.reduce((a, c) => a + c.length, 0);
    if (size === 0) return undefined;
    text = new Uint8Array(size);
    let at = 0;
    for (const c of out) {
      text.set(c, at);
      at += c.length;
    }
    ratio = size / sample.length;
  }
  if (text.length === 0) return undefined;
  const textBytes = fileBytes * ratio;
  // Every line counted as an event: real logs have few lines that are not, so this errs high.
  const bytesPerLine = text.length / Math.max(1, countLines(text));
  const events = Math.ceil(textBytes / bytesPerLine);
  return { fileBytes, textBytes, events, needBytes: events * PEAK_BYTES_PER_EVENT + FIXED_BYTES };
}

/** The estimate for files opened together (their events add up). */
export async function estimateLoad(files: readonly Blob[]): Promise<LoadEstimate | undefined> {
  let sum: LoadEstimate | undefined;
  for (const f of files) {
    const e = estimateFromSample(new Uint8Array(await f.slice(0, SAMPLE_BYTES).arrayBuffer()), f.size);
    if (!e) continue;
    sum = sum
      ? {
          fileBytes: sum.fileBytes + e.fileBytes,
          textBytes: sum.textBytes + e.textBytes,
          events: sum.events + e.events,
          needBytes: sum.needBytes + e.needBytes - FIXED_BYTES,
        }
      : e;
  }
  return sum;
}

export function gb(n: number): string {
  return `${(n / 1e9).toFixed(n < 1e10 ? 1 : 0)} GB`;
}

export function tooBigMessage(name: string, e: LoadEstimate, h: Headroom): string {
  const m = (e.events / 1e6).toFixed(e.events < 1e7 ? 1 : 0);
  return (
    `${name} (${gb(e.fileBytes)}${e.textBytes !== e.fileBytes ? `, about ${gb(e.textBytes)} unpacked` : ''}) holds about ${m} million events, ` +
    `which need about ${gb(e.needBytes)} of memory in the browser; this browser gives this page ${gb(h.got)} more ` +
    `(asked just now; it refused the next piece: ${h.refused}). Nothing was loaded. ${TOO_BIG_ADVICE}`
  );
}

/** A message saying why `files` cannot be loaded here, or undefined when they fit (or cannot be judged). */
export async function loadBudgetVerdict(
  name: string,
  files: readonly Blob[],
  probe: (upTo: number) => Promise<Headroom | undefined> = probeHeadroom,
): Promise<string | undefined> {
  const e = await estimateLoad(files);
  if (!e || e.needBytes < CHECK_FROM_BYTES) return undefined;
  const h = await probe(e.needBytes);
  if (!h || h.got >= e.needBytes) return undefined;
  return tooBigMessage(name, e, h);
}
