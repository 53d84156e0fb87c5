// The Node half of `npm run bench`: parse+check one file with the same engine as the CLI.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mineTraces } from '@vqscope/mine';
import { analyzeTrace, builtinPacks } from '@vqscope/rules';
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

/**
 * Resident set size after a full GC: what the process really holds, strings and maps included, and
 * buffers made on the helper thread (which the main isolate's array-buffer count does not see).
 */
function heldBytes(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().rss;
}

export async function parseAndCheck(path: string) {
  const held0 = heldBytes();
  const t0 = performance.now();
  // The CLI's own loader: same reader, same helper thread for the column buffers.
  const ingest = await loadTrace(path, []);
  const t1 = performance.now();
  const a = analyzeTrace(ingest.trace, {});
  const t2 = performance.now();
  const held1 = heldBytes();
  return {
    events: ingest.trace.count,
    ingestMs: t1 - t0,
    checkMs: t2 - t1,
    ms: t2 - t0,
    violationsFound: a.violations.filter((v) => v.severity === 'error').length,
    columnBytes: residentBytes(ingest.trace),
    heldBytes: held1 - held0,
    // Keeps the trace and the results alive until after the measurement.
    kept: [ingest, a].length,
  };
}

/**
 * Mining against checking, on the same loaded trace: `vqscope check` with every built-in pack,
 * then `vqscope mine` with its defaults (mining ends with the checker's own pass over its
 * candidates, counted in). Memory: resident set growth over the mining, after a forced GC.
 */
export async function mineAndCheck(path: string) {
  const ingest = await loadTrace(path, []);
  const t0 = performance.now();
  analyzeTrace(ingest.trace, { packs: [...builtinPacks().keys()] });
  const checkMs = performance.now() - t0;
  const held0 = heldBytes();
  const t1 = performance.now();
  const mined = mineTraces([{ file: path, trace: ingest.trace }]);
  const mineMs = performance.now() - t1;
  const held1 = heldBytes();
  return { checkMs, mineMs, candidates: mined.candidates.length, heldBytes: held1 - held0, kept: [ingest, mined].length };
}
