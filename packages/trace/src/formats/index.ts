/**
 * The only module that knows every format: detection by content first, the
 * file name only breaking near-ties.
 */
import { babeltraceFormat } from './babeltrace.ts';
import { bpftraceFormat, bpftraceJsonFormat } from './bpftrace.ts';
import { chromeJsonFormat } from './chrome-json.ts';
import { dmesgFormat } from './dmesg.ts';
import { dmesgDecoratedFormat } from './dmesg-decorated.ts';
import { envLoggerFormat } from './env-logger.ts';
import type { LogFormat } from './format.ts';
import { ftraceFormat } from './ftrace.ts';
import { functionGraphFormat } from './function-graph.ts';
import { journalJsonFormat } from './journal-json.ts';
import { journalTextFormat } from './journal-text.ts';
import { jsonLinesFormat } from './json-lines.ts';
import { kmsgFormat } from './kmsg.ts';
import { perfScriptFormat } from './perf-script.ts';
import { plainFormat } from './plain.ts';
import { qemuLogFormat } from './qemu-log.ts';
import { traceCmdFormat } from './trace-cmd.ts';
import { tracingFmtFormat } from './tracing-fmt.ts';
import { tracingJsonFormat } from './tracing-json.ts';

export type { LineParser, LinePosition, LogFormat } from './format.ts';

/** In order of precedence when two formats fit equally well. */
export const FORMATS: readonly LogFormat[] = [
  chromeJsonFormat,
  tracingJsonFormat,
  journalJsonFormat,
  bpftraceJsonFormat,
  jsonLinesFormat,
  qemuLogFormat,
  // Before ftrace: trace-cmd's default line is also an ftrace line.
  traceCmdFormat,
  ftraceFormat,
  functionGraphFormat,
  perfScriptFormat,
  // Before dmesg: a short-monotonic line is also a dmesg line.
  journalTextFormat,
  dmesgFormat,
  dmesgDecoratedFormat,
  kmsgFormat,
  tracingFmtFormat,
  envLoggerFormat,
  babeltraceFormat,
  bpftraceFormat,
  plainFormat,
];

/** A format must fit at least this share of the sample lines to be chosen. */
export const MIN_FIT = 0.3;
const NAME_HINT_BONUS = 0.05;

export interface Detection {
  format: LogFormat | undefined;
  scores: { id: string; score: number }[];
}

export function detectFormat(lines: readonly string[], fileName = ''): Detection {
  const lower = fileName.toLowerCase().replace(/\.gz$/, '');
  const scores = FORMATS.map((f) => {
    let score = f.detect(lines);
    if (score > 0 && f.extensions?.some((e) => lower.endsWith(e))) score += NAME_HINT_BONUS;
    return { id: f.id, score, format: f };
  });
  let best: (typeof scores)[number] | undefined;
  for (const s of scores) if (s.score >= MIN_FIT && (!best || s.score > best.score)) best = s;
  return { format: best?.format, scores: scores.map(({ id, score }) => ({ id, score })) };
}

export function formatById(id: string): LogFormat | undefined {
  return FORMATS.find((f) => f.id === id);
}
