/** JUnit XML: one testcase per rule and file, a failure per violation, for CI test reports. */
import type { FileReport } from '@vqscope/rules';

function esc(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

export function junitReport(reports: readonly FileReport[]): string {
  const suites = reports.map((rep) => {
    const cases = rep.stats.map((s) => {
      const vs = rep.violations.filter((v) => v.rule === s.rule && v.severity === 'error');
      const failures = vs
        .map(
          (v) =>
            `      <failure message="${esc(`line ${v.line}: ${v.message}`)}" type="${esc(v.rule)}">${esc(`${rep.file}:${v.line}: ${v.message} [${v.cite}]`)}</failure>`,
        )
        .join('\n');
      return `    <testcase classname="${esc(rep.file)}" name="${esc(`${s.rule}: ${s.title}`)}">${failures ? `\n${failures}\n    ` : ''}</testcase>`;
    });
    const failures = rep.stats.reduce((n, s) => n + rep.violations.filter((v) => v.rule === s.rule && v.severity === 'error').length, 0);
    return `  <testsuite name="${esc(rep.file)}" tests="${rep.stats.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="vqscope">\n${suites.join('\n')}\n</testsuites>`;
}
