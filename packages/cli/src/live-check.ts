/**
 * `vqscope check -` and `vqscope check --follow FILE`: the same ingest and checker as a whole-file
 * check, fed forever. Each chunk that arrives is parsed, its events checked at once and then
 * forgotten (the checker keeps state per live key only), and every violation is printed when it
 * is found, one line at a time. The end (end of input, or SIGINT/SIGTERM) prints the summary.
 */
import {
  builtinPacks,
  type FileReport,
  IncrementalChecker,
  packsForTrace,
  type ReportViolation,
  type Rule,
  type RuleSelection,
  selectRules,
  toReportViolation,
  type Violation,
} from '@vqscope/rules';
import { ArrayColumn, IngestSession, type IngestWarning, type Profile, type Trace } from '@vqscope/trace';
import type { LiveEvent, LiveSource } from './live-sources.ts';
import { jsonlSummary, jsonlViolation, kindOfReported } from './output-jsonl.ts';
import { junitReport } from './output-junit.ts';
import { sarifReport } from './output-sarif.ts';
import { violationText } from './output-text.ts';
import { RecentLines } from './recent-lines.ts';

export type LiveFormat = 'text' | 'jsonl' | 'json' | 'sarif' | 'junit';

export interface LiveCheckOptions {
  /** The name shown in messages: the path, or `<stdin>`. */
  name: string;
  source: LiveSource;
  profiles: readonly Profile[];
  formatForced?: string;
  selection: RuleSelection;
  output: LiveFormat;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Ends the check as the end of input does (SIGINT/SIGTERM). */
  stop?: AbortSignal;
  /** Without --input-format, the format is decided on what has arrived after this much quiet (or 64 KiB). */
  quietMs?: number;
  /** Adds a permalink to every violation, made from a window of recent lines. */
  link?: (v: Violation, recent: RecentLines, format: string) => Promise<string | undefined>;
  version: string;
}

const QUIET = Symbol('quiet');
const STOP = Symbol('stop');

/** With no pack or rule file named, every built-in pack applies: rules whose events never come cost nothing. */
export function liveRules(selection: RuleSelection): { rules: Rule[]; explicit: boolean } {
  const explicit = (selection.packs?.length ?? 0) > 0 || (selection.files?.length ?? 0) > 0;
  if (explicit) return { rules: selectRules(EMPTY_TRACE, selection).rules, explicit };
  return { rules: [...builtinPacks().values()].flatMap((f) => f.rules), explicit };
}

const EMPTY_TRACE: Trace = {
  count: 0,
  names: [],
  name: new Uint8Array(0),
  ts: new ArrayColumn(new Float64Array(0)),
  tsBaseSec: 0,
  line: new ArrayColumn(new Uint32Array(0)),
  offset: new ArrayColumn(new Uint32Array(0)),
  fields: new Map(),
};

export async function liveCheck(o: LiveCheckOptions): Promise<number> {
  const { rules, explicit } = liveRules(o.selection);
  const session = new IngestSession({ fileName: o.name, profiles: o.profiles, format: o.formatForced });
  if (o.formatForced) session.decideNow();
  const counts = { error: 0, warning: 0, note: 0 };
  let events = 0;
  const kept: Violation[] = [];
  const streaming = o.output === 'text' || o.output === 'jsonl';
  const recent = o.link ? new RecentLines() : undefined;
  let found: Violation[] = [];
  const newChecker = () => new IncrementalChecker(rules, (v) => found.push(v));
  let checker = newChecker();
  let stats: FileReport['stats'] = [];
  let announced = false;

  const announce = (how: string) => {
    if (announced || o.formatForced) return;
    const id = session.formatId;
    if (!id) return;
    announced = true;
    o.err(`vqscope: reading ${o.name} as ${session.formatLabel}, decided ${how} (--input-format ${id} chooses it at once)`);
  };

  const emit = async (vs: Violation[]) => {
    for (const v of vs) {
      const rv: ReportViolation = toReportViolation(v);
      const kind = kindOfReported(rv);
      counts[kind]++;
      if (o.link && recent && !v.pending) {
        const link = await o.link(v, recent, session.formatId ?? 'plain');
        if (link) rv.link = link;
      }
      if (o.output === 'text') o.out(violationText(o.name, rv));
      else if (o.output === 'jsonl') o.out(jsonlViolation(rv));
      else kept.push(v);
    }
  };

  const checkBatch = async (batch: Trace) => {
    checker.feed(batch);
    const vs = found;
    found = [];
    await emit(vs);
  };

  /** The end of one run of the text (end of input, or a truncation): open obligations are reported. */
  const endSegment = async () => {
    const res = checker.end();
    events += checker.count;
    stats = res.stats;
    await emit([...found, ...res.violations]);
    found = [];
  };

  const stopped = new Promise<typeof STOP>((resolve) => {
    if (o.stop?.aborted) resolve(STOP);
    o.stop?.addEventListener('abort', () => resolve(STOP), { once: true });
  });
  let next: Promise<LiveEvent> | undefined;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  for (;;) {
    next ??= o.source.next();
    const waiting: Promise<LiveEvent | typeof QUIET | typeof STOP>[] = [next, stopped];
    if (!session.formatId && session.sampleLines > 0)
      waiting.push(
        new Promise((resolve) => {
          quietTimer = setTimeout(() => resolve(QUIET), o.quietMs ?? 100);
        }),
      );
    const ev = await Promise.race(waiting);
    clearTimeout(quietTimer);
    if (ev === STOP) break;
    if (ev === QUIET) {
      if (session.decideNow()) {
        announce(`on ${session.lines} line(s) after ${o.quietMs ?? 100} ms of quiet`);
        await checkBatch(session.takeBatch());
      }
      continue;
    }
    next = undefined;
    if (ev.kind === 'end') break;
    if (ev.kind === 'truncated' || ev.kind === 'rotated') {
      o.err(
        ev.kind === 'truncated'
          ? `vqscope: ${o.name} was truncated; reading it again from its start (line numbers start again)`
          : `vqscope: ${o.name} was replaced by a new file (rotated); reading the new file from its start`,
      );
      session.restartSource();
      recent?.restart();
      if (session.formatId) await checkBatch(session.takeBatch());
      // A truncated file is a new run of the program that writes it; a rotated one goes on.
      if (ev.kind === 'truncated') {
        await endSegment();
        checker = newChecker();
      }
      continue;
    }
    recent?.push(ev.bytes);
    session.push(ev.bytes);
    if (session.formatId) {
      announce('on the first 64 KiB');
      await checkBatch(session.takeBatch());
    }
  }
  await o.source.close();
  const last = session.end();
  announce('at the end of the input');
  await checkBatch(last.trace);
  await endSegment();
  const packs = explicit ? [...(o.selection.packs ?? [])] : packsForTrace(last.trace);
  const warnings: IngestWarning[] = last.warnings;
  if (streaming) {
    for (const w of warnings) (o.output === 'text' ? o.out : o.err)(`${o.name}${w.line ? `:${w.line}` : ''}: note: ${w.message}`);
    if (o.output === 'jsonl')
      o.out(
        jsonlSummary({ file: o.name, format: last.format, events, errors: counts.error, warnings: counts.warning, notes: counts.note }),
      );
    else {
      const what = packs.length ? `packs ${packs.join(', ')}` : `${rules.length} rule(s)`;
      o.out(
        `${o.name}: ${events} events (${last.format}), ${what}: ${counts.error === 0 ? 'no violations' : `${counts.error} violation(s)`}${counts.warning ? `, ${counts.warning} warning(s)` : ''}${counts.note ? `, ${counts.note} note(s) open at end of trace` : ''}`,
      );
    }
  } else {
    const report: FileReport = {
      file: o.name,
      format: last.format,
      events,
      lines: last.lines,
      packs,
      rules: rules.map((r) => r.id),
      warnings,
      violations: kept.map(toReportViolation),
      stats,
    };
    if (o.output === 'json') {
      const { stats: _s, ...r } = report;
      o.out(JSON.stringify(r, null, 2));
    } else if (o.output === 'sarif') o.out(JSON.stringify(sarifReport([report], rules, o.version), null, 2));
    else o.out(junitReport([report]));
  }
  return counts.error > 0 ? 1 : 0;
}
