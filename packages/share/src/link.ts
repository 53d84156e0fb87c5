/**
 * Permalinks and diagrams from a checked trace, and the check of a trace
 * that arrives in a link. The CLI and the worker both call these, so a link
 * made in one opens the same way in the other.
 */
import { type Analysis, analyzeTrace, builtinPacks, parseRules, type Rule, type RuleFile, type Violation } from '@vqscope/rules';
import { deviceContextAt, type IngestResult, ingestText, keyLabel, qemuJoinEvidence, withLineNumbers } from '@vqscope/trace';
import type { DiagramInput } from './diagram.ts';
import { excerptEvents } from './excerpt.ts';
import { deltaEncode, excerptLines, PermalinkError, type PermalinkPayload } from './payload.ts';

export interface LinkContext {
  fileName: string;
  ingest: IngestResult;
  rules: readonly Rule[];
  packs: readonly string[];
  ruleText?: string;
  violation: Violation;
  /** Raw text of lines at these byte offsets of the source. */
  rawLines: (offsets: number[]) => Promise<string[]>;
  view?: PermalinkPayload['w'];
  /** Put the whole trace in the link instead of an excerpt. */
  whole?: boolean;
}

export async function buildPermalinkPayload(ctx: LinkContext): Promise<PermalinkPayload> {
  const t = ctx.ingest.trace;
  const rule = ctx.rules.find((r) => r.id === ctx.violation.rule);
  let events = ctx.whole ? Array.from({ length: t.count }, (_, i) => i) : excerptEvents(t, rule, ctx.violation);
  // A QEMU excerpt keeps the lines its vdev, queue and device fields were joined from.
  if (!ctx.whole && ctx.ingest.format === 'qemu-log')
    events = [...new Set([...events, ...qemuJoinEvidence(t, events)])].sort((a, b) => a - b);
  const texts = await ctx.rawLines(events.map((i) => t.offset.get(i)));
  const packs = builtinPacks();
  const payload: PermalinkPayload = {
    v: 1,
    f: ctx.fileName.split('/').pop() || ctx.fileName,
    n: ctx.ingest.lines,
    fmt: ctx.ingest.format,
    l: deltaEncode(events.map((i) => t.line.get(i))),
    t: texts,
    r: {},
    s: { id: ctx.violation.id, rule: ctx.violation.rule, line: ctx.violation.line },
  };
  if (ctx.packs.length) payload.r.p = ctx.packs.map((id) => [id, packs.get(id)?.pack?.version ?? '1'] as [string, string]);
  if (ctx.ruleText) payload.r.t = ctx.ruleText;
  if (ctx.view) payload.w = ctx.view;
  if (ctx.whole) payload.all = true;
  return payload;
}

export interface LinkedTrace {
  ingest: IngestResult;
  analysis: Analysis;
  ruleFile?: RuleFile;
  selected?: Violation;
  /** "excerpt of FILE, lines a–b of N" */
  banner: string;
}

/** Reads and checks the trace a link carries; line numbers are the original file's. */
export function checkPermalink(p: PermalinkPayload): LinkedTrace {
  const lines = excerptLines(p);
  const known = builtinPacks();
  for (const [id, version] of p.r.p ?? []) {
    const pack = known.get(id);
    if (!pack) throw new PermalinkError(`the link uses a rule pack "${id}" that this vqscope does not have`);
    if (Number(version) > Number(pack.pack?.version ?? '1'))
      throw new PermalinkError(`the link uses version ${version} of pack ${id}; this vqscope has version ${pack.pack?.version}`);
  }
  const ruleFile = p.r.t ? parseRules(p.r.t, 'rules in the link') : undefined;
  const raw = ingestText(`${p.t.join('\n')}\n`, { fileName: p.f, format: p.fmt, profiles: ruleFile?.profiles });
  const trace = withLineNumbers(raw.trace, (k) => lines[k - 1] ?? k);
  const ingest: IngestResult = {
    ...raw,
    trace,
    lines: p.n,
    warnings: raw.warnings.map((w) => (w.line ? { ...w, line: lines[w.line - 1] ?? w.line } : w)),
  };
  const analysis = analyzeTrace(trace, { packs: (p.r.p ?? []).map(([id]) => id), files: ruleFile ? [ruleFile] : [] });
  const selected = p.s
    ? (analysis.violations.find((v) => v.id === p.s?.id) ?? analysis.violations.find((v) => v.rule === p.s?.rule && v.line === p.s?.line))
    : undefined;
  const first = lines[0] ?? 0;
  const last = lines[lines.length - 1] ?? 0;
  const banner = p.all ? `whole trace of ${p.f}, ${p.n} lines` : `excerpt of ${p.f}, lines ${first}–${last} of ${p.n}`;
  return { ingest, analysis, ruleFile, selected, banner };
}

/** The diagram of a violation, from the events of its excerpt. */
export async function diagramFor(ctx: LinkContext, link?: string): Promise<DiagramInput> {
  const t = ctx.ingest.trace;
  const v = ctx.violation;
  const rule = ctx.rules.find((r) => r.id === v.rule);
  const events = excerptEvents(t, rule, v, { context: 0, history: 8 });
  const laneOf = (i: number) => {
    if (!rule || rule.keys.length === 0) return t.names[t.name[i]];
    const fields: Record<string, string> = {};
    for (const k of rule.keys) {
      const c = t.fields.get(k);
      if (c && c.id(i) !== 0) fields[k] = c.values[c.id(i)];
    }
    return keyLabel(fields, deviceContextAt(t, i)) || t.names[t.name[i]];
  };
  return {
    file: ctx.fileName.split('/').pop() || ctx.fileName,
    ruleId: v.rule,
    title: v.title,
    severity: v.severity,
    cite: v.cite,
    reading: v.reading,
    message: v.message,
    events: events.map((i) => ({
      line: t.line.get(i),
      name: t.names[t.name[i]],
      lane: laneOf(i),
      role: i === v.event ? 'offending' : i === v.expectedEvent ? 'expected' : undefined,
    })),
    link,
  };
}
