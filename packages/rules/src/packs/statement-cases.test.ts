import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../report.ts';
import { specCoverage } from '../spec/coverage.ts';
import { builtinPacks } from './index.ts';
import { qemuLog, STATEMENT_CASES } from './statement-cases.ts';

function findings(lines: string[], raw = false) {
  const t = ingestText(raw ? `${lines.join('\n')}\n` : qemuLog(lines), { fileName: 'case.log' });
  const a = analyzeTrace(t.trace, {});
  return a.violations.filter((v) => !v.pending);
}

describe('every statement a built-in rule checks has a valid and an invalid trace', () => {
  it('covers each cited statement with a case', () => {
    const covered = specCoverage(builtinPacks())
      .statements.filter((s) => s.rules.length > 0)
      .map((s) => s.statement.id);
    const withCase = new Set(STATEMENT_CASES.flatMap((c) => c.statements));
    expect(covered.filter((id) => !withCase.has(id))).toEqual([]);
  });

  for (const c of STATEMENT_CASES) {
    describe(`${c.statements.join(', ')}: ${c.title}`, () => {
      it('finds nothing in the valid trace', () => {
        expect(findings(c.valid, c.raw).map((v) => `${v.rule}:${v.line} ${v.message}`)).toEqual([]);
      });
      it(`reports ${c.findings.map((f) => `${f.rule} at line ${f.line}`).join(' and ')} in the invalid trace, and nothing else`, () => {
        const got = findings(c.invalid, c.raw);
        expect(got.map((v) => `${v.rule}:${v.line}:${v.severity}`)).toEqual(
          c.findings.map((f) => `${f.rule}:${f.line}:${f.severity ?? 'error'}`),
        );
        c.findings.forEach((f, k) => {
          if (f.says) expect(got[k].message).toContain(f.says);
        });
      });
      it('cites the statements through the rules that report', () => {
        const rules = [...builtinPacks().values()].flatMap((f) => f.rules);
        for (const id of c.statements)
          expect(
            c.findings.some((f) => rules.find((r) => r.id === f.rule)?.checks?.includes(id)),
            id,
          ).toBe(true);
      });
    });
  }
});
