import { readdirSync, readFileSync } from 'node:fs';
import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { builtinPacks } from './packs/index.ts';
import { parseRules } from './parse-rules.ts';
import { analyzeTrace, analyzeTraceInSlices } from './report.ts';

const shared = new URL('../../../../shared/examples/', import.meta.url);
const gallery = new URL('../../../public/examples/', import.meta.url);
const allPacks = [...builtinPacks().keys()];

const logs = [
  ...readdirSync(shared)
    .filter((f) => /\.(log|jsonl)$/.test(f))
    .map((f) => new URL(f, shared)),
  ...readdirSync(gallery)
    .filter((f) => f.endsWith('.log'))
    .map((f) => new URL(f, gallery)),
];

describe('checking in slices (the app worker, so that Cancel gets through during a long check)', () => {
  for (const url of logs) {
    const name = url.pathname.split('/').pop();
    it(`gives ${name} the whole-trace answer with every pack, in slices of 1, 3 and 1000 events`, async () => {
      const trace = ingestText(readFileSync(url, 'utf8'), { fileName: name ?? 'log' }).trace;
      const whole = analyzeTrace(trace, { packs: allPacks });
      for (const slice of [1, 3, 1000]) {
        const pauses: number[] = [];
        const sliced = await analyzeTraceInSlices(trace, { packs: allPacks }, async (n) => void pauses.push(n), slice);
        expect(sliced.violations).toEqual(whole.violations);
        expect(sliced.stats).toEqual(whole.stats);
        expect(sliced.notes).toEqual(whole.notes);
        expect(pauses.length).toBe(Math.ceil(trace.count / slice));
        expect(pauses.at(-1)).toBe(trace.count);
      }
    });
  }

  it('stops where a pause throws, and reports nothing from the events not checked', async () => {
    const rules = parseRules('per buffer: send precedes complete').rules;
    const text = Array.from({ length: 100 }, (_, i) => `${i % 2 ? 'send' : 'complete'} buffer=${i}\n`).join('');
    const trace = ingestText(text, { fileName: 'gen.log', format: 'plain' }).trace;
    const stop = new Error('cancelled');
    const seen: number[] = [];
    const run = analyzeTraceInSlices(
      trace,
      { files: [{ rules, profiles: [] } as never] },
      async (n) => {
        seen.push(n);
        if (n >= 20) throw stop;
      },
      10,
    );
    await expect(run).rejects.toBe(stop);
    expect(seen).toEqual([10, 20]);
  });
});
