import { builtinPacks, specCoverage } from '@vqscope/rules';
import { describe, expect, it } from 'vitest';
import { run } from './main.ts';

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

describe('vqscope rules --coverage', () => {
  it('prints {sections, total} in JSON with the counts of the statement table', async () => {
    const r = await cli('rules', '--coverage', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { sections: { section: string; statements: number }[]; total: { statements: number; covered: number } };
    const want = specCoverage(builtinPacks());
    expect(j.total).toEqual(want.total);
    expect(j.sections.map((s) => s.section)).toContain('VirtIO §2.1 device status');
    expect(j.sections.reduce((n, s) => n + s.statements, 0)).toBe(j.total.statements);
  });

  it('prints a table per section with the totals in text', async () => {
    const r = await cli('rules', '--coverage');
    expect(r.out).toMatch(/^VirtIO §2\.1 device status\s+7\s+\d+\s+\d+/m);
    expect(r.out).toMatch(/^total\s+\d+\s+\d+\s+\d+/m);
  });

  it('refuses a format it cannot print', async () => {
    const r = await cli('rules', '--coverage', '--format', 'sarif');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/rules --coverage prints text or json, not sarif/);
  });
});
