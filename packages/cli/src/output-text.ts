/** Compiler-style text output: `file:line: error: message [rule, citation]`. */
import type { FileReport, ReportViolation } from '@vqscope/rules';

/** One violation as a compiler-style line (and its link on the next line). */
export function violationText(file: string, v: ReportViolation): string {
  const cite = v.cite ? `, ${v.cite}` : '';
  return `${file}:${v.line}: ${v.severity}: ${v.message} [${v.rule}${cite}]${v.link ? `\n  ${v.link}` : ''}`;
}

export function textReport(r: FileReport): string {
  const out: string[] = [];
  for (const w of r.warnings) out.push(`${r.file}${w.line ? `:${w.line}` : ''}: note: ${w.message}`);
  for (const v of r.violations) out.push(violationText(v.file ?? r.file, v));
  const count = (s: string) => r.violations.filter((v) => v.severity === s).length;
  const [errors, warnings, notes] = [count('error'), count('warning'), count('note')];
  const packs = r.packs.length ? `packs ${r.packs.join(', ')}` : `${r.rules.length} rule(s)`;
  if (r.rules.length === 0) {
    // "no violations" would read as a clean bill of health for a trace nothing looked at.
    out.push(`${r.file}: ${r.events} events (${r.format}): nothing checked, no built-in pack knows these events; give rules with --rules`);
    return out.join('\n');
  }
  out.push(
    `${r.file}: ${r.events} events (${r.format}), ${packs}: ${errors === 0 ? 'no violations' : `${errors} violation(s)`}${warnings ? `, ${warnings} warning(s)` : ''}${notes ? `, ${notes} note(s) open at end of trace` : ''}`,
  );
  return out.join('\n');
}
