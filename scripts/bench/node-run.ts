// The Node half of `npm run bench`: parse+check one file with the same engine as the CLI.
import { analyzeTrace } from '@vqscope/rules';
import { residentBytes } from '@vqscope/trace';
import { fileChunks } from '../../packages/cli/src/file-chunks.ts';
import { loadTrace } from '../../packages/cli/src/load.ts';

export async function countLines(path: string): Promise<{ lines: number; ms: number }> {
  const t0 = performance.now();
  let lines = 0;
  // The same reader as the engine's, so the floor is the same bytes read the same way.
  for await (const c of fileChunks(path)) {
    for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
  }
  return { lines, ms: performance.now() - t0 };
}

export async function parseAndCheck(path: string) {
  const heap0 = process.memoryUsage();
  const t0 = performance.now();
  // The CLI's own loader: same reader, same helper thread for the column buffers.
  const ingest = await loadTrace(path, []);
  const t1 = performance.now();
  const a = analyzeTrace(ingest.trace, {});
  const t2 = performance.now();
  const heap1 = process.memoryUsage();
  return {
    events: ingest.trace.count,
    ingestMs: t1 - t0,
    checkMs: t2 - t1,
    ms: t2 - t0,
    violationsFound: a.violations.filter((v) => v.severity === 'error').length,
    columnBytes: residentBytes(ingest.trace),
    arrayBufferBytes: heap1.arrayBuffers - heap0.arrayBuffers,
  };
}
