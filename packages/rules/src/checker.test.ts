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

  it('keys by several fields alike whether the key tuple fits one number or needs a string', () => {
    // Four key fields with 10,001 values each: 10^16 tuples, past 2^53, so keys become strings.
    const wide = new TraceBuilder();
    const narrow = new TraceBuilder();
    const rec = new LineRecord();
    const spread = (b: TraceBuilder, many: boolean) => {
      if (many) {
        for (let v = 0; v <= 10_000; v++) {
          rec.reset();
          for (const k of ['a', 'b', 'c', 'd']) rec.setField(k, `x${v}`);
          b.add(rec, 'noise', 1, 0);
        }
      }
      const events: [string, string][] = [
        ['send', 'x1'],
        ['complete', 'x1'],
        ['complete', 'x1'],
        ['send', 'x2'],
        ['complete', 'x3'],
      ];
      for (const [name, v] of events) {
        rec.reset();
        for (const k of ['a', 'b', 'c', 'd']) rec.setField(k, v);
        b.add(rec, name, 2, 0);
      }
    };
    spread(wide, true);
    spread(narrow, false);
    const rules = parseRules('per a, b, c, d: send precedes complete').rules;
    const summary = (t: ReturnType<TraceBuilder['finish']>) =>
      checkTrace(t, rules).violations.map((v) => `${v.kind} ${v.key} ${t.names[t.name[v.event]]}`);
    expect(summary(wide.finish())).toEqual(summary(narrow.finish()));
    expect(summary(narrow.finish())).toEqual([
      'missing-before a x1 b x1 c x1 d x1 complete',
      'missing-before a x3 b x3 c x3 d x3 complete',
      'pending a x2 b x2 c x2 d x2 send',
    ]);
  });
});
