/**
 * Two files opened together (QEMU's trace and the guest's capture of one run): each is
 * read as usual, then merged onto the host's clock (packages/trace merge.ts). The engine
 * keeps the file of each part, so that the raw line of an event is read from the file
 * it came from; lanes of a merged trace are one per queue and side (driver, device).
 */
import {
  type ClockReport,
  clockReport,
  type IngestOptions,
  type IngestResult,
  ingestStream,
  MergeError,
  mergeHostGuest,
  readRawLines,
  type Trace,
} from '@vqscope/trace';

export interface SourcePart {
  name: string;
  blob: Blob;
  gzip: boolean;
}

export interface MergedIngest {
  ingest: IngestResult;
  /** Indexed like trace.files: host first, then guest. */
  parts: SourcePart[];
  clock: ClockReport;
}

/** Reads both files (progress over their joint size) and merges them. */
export async function ingestMerged(
  files: readonly { name: string; blob: Blob }[],
  opts: Omit<IngestOptions, 'fileName' | 'totalBytes' | 'buffers'>,
): Promise<MergedIngest> {
  const total = files.reduce((s, f) => s + f.blob.size, 0);
  let before = 0;
  const read: { name: string; ingest: IngestResult; blob: Blob }[] = [];
  for (const f of files) {
    const done = before;
    const ingest = await ingestStream(f.blob.stream(), {
      ...opts,
      fileName: f.name,
      totalBytes: f.blob.size,
      onProgress: (p) => opts.onProgress?.({ ...p, bytes: done + p.bytes, total }),
    });
    read.push({ name: f.name, ingest, blob: f.blob });
    before += f.blob.size;
  }
  const [a, b] = read;
  const merged = mergeHostGuest(a, b);
  const partOf = (name: string) => read.find((r) => r.name === name) as (typeof read)[number];
  const parts = [merged.host.name, merged.guest.name].map((n) => ({ name: n, blob: partOf(n).blob, gzip: partOf(n).ingest.gzip }));
  return { ingest: merged.ingest, parts, clock: clockReport(merged.clock) };
}

/** Raw lines of events of a merged trace, each read from its own file. */
export async function rawLinesOfParts(trace: Trace, parts: readonly SourcePart[], events: readonly number[]): Promise<string[]> {
  const out = new Array<string>(events.length).fill('');
  for (let f = 0; f < parts.length; f++) {
    const mine = events.map((e, k) => [e, k] as const).filter(([e]) => (trace.file?.[e] ?? 0) === f);
    if (mine.length === 0) continue;
    const texts = await readRawLines(
      parts[f].blob,
      parts[f].gzip,
      mine.map(([e]) => trace.offset.get(e)),
    );
    mine.forEach(([, k], n) => {
      out[k] = texts[n];
    });
  }
  return out;
}

export { MergeError };
