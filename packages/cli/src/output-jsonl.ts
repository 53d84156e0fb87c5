/**
 * JSON lines: one `{"type":"violation", …}` object per violation (the fields of `check --format
 * json`), then one `{"type":"summary", file, format, events, errors, warnings, notes}` line. A live
 * check prints the violation lines as it finds them; this is the same output for a whole file.
 */
import type { FileReport, ReportViolation } from '@vqscope/rules';

/** error, warning, or note (by default an obligation still open at the end). */
export function kindOfReported(v: ReportViolation): 'error' | 'warning' | 'note' {
  return v.severity;
}

export function jsonlViolation(v: ReportViolation): string {
  return JSON.stringify({ type: 'violation', ...v });
}

export function jsonlSummary(s: { file: string; format: string; events: number; errors: number; warnings: number; notes: number }): string {
  return JSON.stringify({ type: 'summary', ...s });
}

export function jsonlReport(r: FileReport): string {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const v of r.violations) counts[kindOfReported(v)]++;
  return [
    ...r.violations.map(jsonlViolation),
    jsonlSummary({ file: r.file, format: r.format, events: r.events, errors: counts.error, warnings: counts.warning, notes: counts.note }),
  ].join('\n');
}
