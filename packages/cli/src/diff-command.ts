/**
 * `vqscope diff A B`: what B does that A, taken as good, does not: violations
 * of rules that hold in A (given, packs, mined from A) and each key's first
 * departure from A's order. Text reads like a review comment.
 */

import { compareTraces, type Divergence, END } from '@vqscope/mine';
import { packsForTrace, type ReportViolation, selectRules, toReportViolation } from '@vqscope/rules';
import { type ParsedArgs, UsageError } from './args.ts';
import { loadRuleFile } from './load.ts';
import { loadGood, mineOptions } from './mine-command.ts';

export interface DiffReport {
  a: string;
  b: string;
  onlyInB: ReportViolation[];
  onlyInA: ReportViolation[];
  divergences: Divergence[];
}

function divergenceText(d: Divergence, a: string, b: string): string {
  const key = d.key ? `${d.key}: ` : '';
  const where = d.lineA === null ? '' : ` (${a}:${d.lineA})`;
  const wanted = d.expected === END ? `A had no more events for it${where}` : `A had \`${d.expected}\` here${where}`;
  return `${b}:${d.lineB}: ${key}\`${d.found}\`, where ${wanted}`;
}

function violationText(file: string, v: ReportViolation): string {
  return `${file}:${v.line}: ${v.severity}: ${v.message} [${v.rule}${v.cite ? `, ${v.cite}` : ''}]`;
}

export function diffText(r: DiffReport): string {
  const out = [`Comparing ${r.b} with ${r.a} (taken as good).`, ''];
  if (r.divergences.length === 0) out.push('Every key of B follows the order it had in A.');
  else {
    out.push(`B first departs from A at ${r.divergences.length} key(s):`);
    for (const d of r.divergences) out.push(`  ${divergenceText(d, r.a, r.b)}`);
  }
  out.push('');
  const errors = r.onlyInB.filter((v) => v.severity === 'error').length;
  if (r.onlyInB.length === 0) out.push('B breaks no rule that holds in A.');
  else {
    out.push(`B breaks ${r.onlyInB.length} time(s) rules that hold in A (${errors} error(s)):`);
    for (const v of r.onlyInB) out.push(`  ${violationText(r.b, v)}`);
  }
  out.push('');
  if (r.onlyInA.length === 0) out.push('A breaks no rule that holds in B.');
  else {
    out.push(`A breaks ${r.onlyInA.length} time(s) rules that hold in B:`);
    for (const v of r.onlyInA) out.push(`  ${violationText(r.a, v)}`);
  }
  return out.join('\n');
}

export async function diff(a: ParsedArgs, io: { out: (s: string) => void }): Promise<number> {
  if (a.files.length !== 2) throw new UsageError('diff expects two traces: A (taken as good) and B');
  if (a.format !== 'text' && a.format !== 'json') throw new UsageError(`diff --format expects text or json, found "${a.format}"`);
  const [ta, tb] = await loadGood(a, a.files);
  const files = [];
  for (const p of a.rules) files.push(await loadRuleFile(p));
  // The packs named, else every pack that applies to either trace; --rules adds to them.
  const packs = a.packs.length ? a.packs : [...new Set([...packsForTrace(ta.trace), ...packsForTrace(tb.trace)])];
  const { rules } = selectRules(ta.trace, { packs, files });
  const c = compareTraces(ta, tb, rules, mineOptions(a));
  const report: DiffReport = {
    a: ta.file,
    b: tb.file,
    onlyInB: c.onlyInB.map(toReportViolation),
    onlyInA: c.onlyInA.map(toReportViolation),
    divergences: c.divergences,
  };
  io.out(a.format === 'json' ? JSON.stringify(report, null, 2) : diffText(report));
  return report.onlyInB.some((v) => v.severity === 'error') ? 1 : 0;
}
