// The Node half of `node scripts/follow-bench.mjs`: a file followed the way the page follows it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeTrace } from '@vqscope/rules';
import { residentBytes } from '@vqscope/trace';
import { fileChunks } from '../../packages/cli/src/file-chunks.ts';
import { loadTrace } from '../../packages/cli/src/load.ts';
import { FollowedTrace } from '../../worker/follow.ts';
import { type LaneLayout, layoutLanes } from '../../worker/lanes.ts';

/** Bytes of the lane index, as the engine counts them: the layout's own count, or a lane per event (16 bits) and an event per lane (32). */
function layoutBytes(layout: LaneLayout, events: number): number {
  const l = layout as unknown as { byteLength?: number; laneOf: { byteLength?: number } };
  return l.byteLength ?? (l.laneOf.byteLength ?? 0) + events * 4;
}

function held(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().rss;
}

/**
 * Follows `path` from empty, appending `slice` bytes at a time and taking a view after each, as the
 * page does after each append. Reports the ms of each view at a few sizes, the typed-array bytes
 * per event the engine counts (columns + lane index), and the resident set after GC.
 */
export async function follow(path: string, slice: number, openedAt = 0) {
  const rss0 = held();
  // The file as it was when opened (its first `openedAt` bytes), then appended a slice at a time.
  const first = openedAt > 0 ? await firstBytes(path, openedAt) : new Uint8Array(0);
  const f = await FollowedTrace.open('bench.log', new Blob([first]), {}, undefined, new AbortController().signal);
  const views: { events: number; appendMs: number; viewMs: number }[] = [];
  let pending: Uint8Array[] = [];
  let size = 0;
  let last: ReturnType<FollowedTrace['view']> | undefined;
  const flush = () => {
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of pending) {
      bytes.set(p, at);
      at += p.length;
    }
    pending = [];
    size = 0;
    const t0 = performance.now();
    f.append(bytes);
    const t1 = performance.now();
    last = f.view();
    views.push({ events: last.ingest.trace.count, appendMs: t1 - t0, viewMs: performance.now() - t1 });
  };
  let skip = first.length;
  for await (const c of fileChunks(path)) {
    const part = skip >= c.length ? c.subarray(c.length) : c.subarray(skip);
    skip = Math.max(0, skip - c.length);
    if (part.length === 0) continue;
    pending.push(part.slice());
    size += part.length;
    if (size >= slice) flush();
  }
  if (size > 0) flush();
  const v = last as NonNullable<typeof last>;
  const t = v.ingest.trace;
  const rss1 = held();
  const mem = process.memoryUsage();
  const resident = residentBytes(t) + layoutBytes(v.layout, t.count);
  const violations = v.violations.filter((x) => !x.pending).length;
  return {
    views,
    events: t.count,
    resident,
    rss: rss1 - rss0,
    violations,
    bytes: f.bytes,
    heap: mem.heapUsed,
    arrayBuffers: mem.arrayBuffers,
  };
}

async function firstBytes(path: string, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let at = 0;
  for await (const c of fileChunks(path)) {
    const take = Math.min(c.length, n - at);
    out.set(c.subarray(0, take), at);
    at += take;
    if (at >= n) break;
  }
  return out.subarray(0, at);
}

/** The same file loaded whole, for comparison: the engine's columns + lane index, and the violations. */
export async function whole(path: string) {
  const rss0 = held();
  const ingest = await loadTrace(path, []);
  const a = analyzeTrace(ingest.trace, {});
  const layout = layoutLanes(ingest.trace, [...new Set(a.rules.flatMap((r) => r.keys))]);
  const t = ingest.trace;
  const rss1 = held();
  return {
    events: t.count,
    resident: residentBytes(t) + layoutBytes(layout, t.count),
    rss: rss1 - rss0,
    violations: a.violations.filter((x) => !x.pending).length,
  };
}
