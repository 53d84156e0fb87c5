import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinPacks } from '../packs/index.ts';
import { parseRules } from '../parse-rules.ts';
import { allStatements, coverageJson, coverageMarkdown, specCoverage } from './coverage.ts';

const doc = new URL('../../../../docs/spec-coverage.md', import.meta.url);

describe('the spec coverage table', () => {
  const report = specCoverage(builtinPacks());

  it('agrees with the rules: every cited statement exists, every unchecked one says why', () => {
    expect(report.problems).toEqual([]);
  });

  it('reports a rule that cites a statement the table does not have', () => {
    const packs = new Map([['p', parseRules('rule r\n  checks: 2.1.1-no-clear, 9.9.9-nothing\n  a precedes b\n')]]);
    expect(specCoverage(packs).problems).toContain('rule p:r checks "9.9.9-nothing", which is not in the statement table');
  });

  it('counts every statement once: section counts add up to the table', () => {
    const table = allStatements();
    const json = coverageJson(report) as {
      sections: { statements: number; observable: number; covered: number }[];
      total: Record<string, number>;
    };
    const sum = (k: 'statements' | 'observable' | 'covered') => json.sections.reduce((n, s) => n + s[k], 0);
    expect(json.total.statements).toBe(table.length);
    expect(sum('statements')).toBe(table.length);
    expect(json.total.observable).toBe(table.filter((t) => t.statement.observable.length > 0).length);
    expect(sum('observable')).toBe(json.total.observable);
    const cited = new Set([...builtinPacks().values()].flatMap((f) => f.rules.flatMap((r) => r.checks ?? [])));
    expect(json.total.covered).toBe(table.filter((t) => cited.has(t.statement.id)).length);
    expect(sum('covered')).toBe(json.total.covered);
  });

  it('has unique ids, and a MUST, SHOULD or MAY in every VirtIO statement', () => {
    const ids = allStatements().map((t) => t.statement.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of allStatements().filter((x) => x.spec === 'VirtIO 1.3'))
      expect(t.statement.text, t.statement.id).toMatch(/\b(MUST|SHOULD|MAY)\b/);
  });

  it('is what docs/spec-coverage.md says (regenerate with node scripts/gen-spec-coverage.mjs)', () => {
    expect(readFileSync(doc, 'utf8')).toBe(coverageMarkdown(report));
  });
});
