import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HostileCase, writeCorpus } from '../../../e2e/hostile-corpus.ts';
import { run } from './main.ts';

let corpus: HostileCase[] = [];
beforeAll(async () => {
  corpus = await writeCorpus(mkdtempSync(join(tmpdir(), 'vqscope-hostile-')));
}, 120_000);

describe('hostile inputs through the CLI', () => {
  it('each case ends as the corpus says, with no stack trace', async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(14);
    for (const c of corpus) {
      const out: string[] = [];
      const args = ['check', c.file, ...(c.rules ? ['--rules', c.rules] : [])];
      const code = await run(args, { out: (s) => out.push(s), err: (s) => out.push(s) });
      const text = out.join('\n');
      expect(code, `${c.id}: ${text.slice(0, 300)}`).toBe(c.exit);
      expect(text, c.id).toMatch(c.expect);
      expect(text, c.id).not.toMatch(/\n\s+at .+:\d+:\d+/);
      if (c.lines) {
        const json: string[] = [];
        await run([...args, '--format', 'json'], { out: (s) => json.push(s), err: () => {} });
        const errors = JSON.parse(json.join('\n')).violations.filter((v: { severity: string }) => v.severity === 'error');
        expect(
          errors.map((v: { line: number }) => v.line),
          c.id,
        ).toEqual(c.lines);
      }
    }
  }, 120_000);
});
