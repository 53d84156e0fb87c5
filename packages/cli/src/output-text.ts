/** Compiler-style text output: `file:line: error: message [rule, citation]`. */
import type { FileReport } from '@vqscope/rules';

export function textReport(r: FileReport): string {
  const out: string[] = [];
  for (const w of r.warnings) out.push(`${r.file}${w.line ? `:${w.line}` : ''}: note: ${w.message}`);
  for (const v of r.violations) {
    const sev = v.severity === 'error' ? 'error' : 'warning';
    const cite = v.cite ? `, ${v.cite}` : '';
    out.push(`${v.file ?? r.file}:${v.line}: ${sev}: ${v.message} [${v.rule}${cite}]${v.link ? `\n  ${v.link}` : ''}`);
  }
  const errors = r.violations.filter((v) => v.severity === 'error').length;
  const warnings = r.violations.length - errors;
  const packs = r.packs.length ? `packs ${r.packs.join(', ')}` : `${r.rules.length} rule(s)`;
  out.push(
    `${r.file}: ${r.events} events (${r.format}), ${packs}: ${errors === 0 ? 'no violations' : `${errors} violation(s)`}${warnings ? `, ${warnings} warning(s)` : ''}`,
  );
  return out.join('\n');
}
