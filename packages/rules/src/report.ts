/**
 * The answer for one file, as the CLI prints it in JSON and the app shows
 * it: the same function builds both, so they cannot disagree.
 */
import type { IngestResult, IngestWarning, Trace } from '@vqscope/trace';
import type { Rule, RuleFile, Severity } from './ast.ts';
import { checkTrace, MAX_LISTED_PER_RULE, type RuleStats } from './checker.ts';
import { clocksOfRule } from './clocks.ts';
import { type RuleSelection, selectRules } from './select-rules.ts';
import { selectorNames } from './selector.ts';
import type { Violation } from './violation.ts';

export interface ReportViolation {
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  key: string;
  line: number;
  expectedLine: number | null;
  expected: string[];
  message: string;
  cite: string;
  reading: string;
  pending?: boolean;
  link?: string;
  /** On a trace merged from several files: the file `line` is in, and the file `expectedLine` is in. */
  file?: string;
  expectedFile?: string;
}

export interface FileReport {
  file: string;
  format: string;
  events: number;
  lines: number;
  packs: string[];
  rules: string[];
  warnings: IngestWarning[];
  violations: ReportViolation[];
  stats: RuleStats[];
}

export function toReportViolation(v: Violation): ReportViolation {
  const r: ReportViolation = {
    id: v.id,
    rule: v.rule,
    title: v.title,
    severity: v.severity,
    key: v.key,
    line: v.line,
    expectedLine: v.expectedLine ?? null,
    expected: v.expected,
    message: v.message,
    cite: v.cite,
    reading: v.reading,
  };
  if (v.pending) r.pending = true;
  return r;
}

export interface Analysis {
  rules: Rule[];
  packs: string[];
  violations: Violation[];
  stats: RuleStats[];
  /** Notes on violations counted but not listed. */
  notes: IngestWarning[];
}

/** Chooses the rules for a trace and checks it. */
export function analyzeTrace(trace: Trace, selection: RuleSelection): Analysis {
  const { rules, packs } = selectRules(trace, selection);
  const { violations, stats, unlisted } = checkTrace(trace, rules);
  const notes = unlisted.map((u) => ({
    message: `${u.count} more violation(s) of ${u.rule} were counted but not listed (at most ${MAX_LISTED_PER_RULE} per rule)`,
  }));
  notes.push(...absentNames(trace, selection.files ?? []));
  return { rules, packs, violations, stats, notes };
}

export function fileReport(file: string, ingest: IngestResult, analysis: Analysis): FileReport {
  return {
    file,
    format: ingest.format,
    events: ingest.trace.count,
    lines: ingest.lines,
    packs: analysis.packs,
    rules: analysis.rules.map((r) => r.id),
    warnings: [...ingest.warnings, ...analysis.notes],
    violations: analysis.violations.map((v) => withFile(toReportViolation(v), ingest.trace, v)),
    stats: analysis.stats,
  };
}

/** On a merged trace, the file of the violation's line. */
function withFile(r: ReportViolation, trace: Trace, v: Violation): ReportViolation {
  if (!trace.file || !trace.files) return r;
  r.file = trace.files[trace.file[v.event]];
  if (v.expectedEvent !== undefined) r.expectedFile = trace.files[trace.file[v.expectedEvent]];
  return r;
}

/** Profiles of all rule files, in order. */
export function profilesOf(files: readonly RuleFile[]) {
  return files.flatMap((f) => f.profiles);
}

/**
 * A user's rule that names an event the trace never has can never fire: usually a typo
 * (`virtio_set_stauts`), which would otherwise pass as "no violations". Packs are left out: they
 * name every event of their area, and only the ones a trace has matter.
 */
export function absentNames(trace: Trace, files: readonly RuleFile[]): IngestWarning[] {
  const present = new Set(trace.names);
  const out: IngestWarning[] = [];
  for (const f of files)
    for (const r of f.rules) {
      const names = new Set([...clocksOfRule(r), ...(r.reset ? [r.reset] : [])].flatMap(selectorNames));
      const absent = [...names].filter((n) => n !== '*' && !present.has(n));
      if (absent.length)
        out.push({
          message: `rule ${r.id} (${r.where.file}:${r.where.line}) names ${absent.map((n) => `\`${n}\``).join(', ')}, which the trace never has`,
        });
    }
  return out;
}
