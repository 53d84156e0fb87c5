import { LineRecord, TraceBuilder } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { checkTrace, satisfiedEdges } from './checker.ts';
import { parseRules } from './parse-rules.ts';

function synthetic(n: number, keys: number) {
  const b = new TraceBuilder();
  const rec = new LineRecord();
  for (let i = 0; i < n; i++) {
    rec.reset();
    rec.setField('buffer', String(Math.floor(i / 2) % keys));
    b.add(rec, i % 2 === 0 ? 'send' : 'complete', i + 1, i * 10);
  }
  return b.finish();
}

describe('streaming checker', () => {
  it('gives the satisfied edges of a window, each from the a that matched its b', () => {
    const t = synthetic(40, 4);
    const rules = parseRules('per buffer: send precedes complete').rules;
    const edges = satisfiedEdges(t, rules, 10, 19);
    expect(edges.map((e) => [e.from, e.to])).toEqual([
      [10, 11],
      [12, 13],
      [14, 15],
      [16, 17],
      [18, 19],
    ]);
    expect(edges.every((e) => e.to >= 10 && e.to <= 19)).toBe(true);
  });

  it('keeps memory to live keys: matched keys are forgotten', () => {
    const t = synthetic(200_000, 100_000);
    let maxLive = 0;
    const rules = parseRules('per buffer: send precedes complete').rules;
    checkTrace(t, rules, {
      onStep: (i, describe) => {
        if (i % 1000 === 0) {
          const text = describe()[0];
          const live = text.includes('all keys at start') ? 0 : text.split(';').length;
          maxLive = Math.max(maxLive, live);
        }
      },
    });
    // After each send exactly one key is open; it is forgotten when its complete comes.
    expect(maxLive).toBe(1);
  });

  it('dispatches only by event name: rules on absent events cost nothing and report nothing', () => {
    const t = synthetic(1000, 10);
    const r = checkTrace(t, parseRules('per buffer: send precedes complete\nnever_here precedes also_absent').rules);
    expect(r.violations).toEqual([]);
    expect(r.stats.map((s) => s.events)).toEqual([1000, 0]);
  });
});
