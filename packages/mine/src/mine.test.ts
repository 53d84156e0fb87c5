import { checkTrace, parseRules } from '@vqscope/rules';
import { ingestText } from '@vqscope/trace';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GoodTrace, mineTraces, printMined } from './index.ts';

const good = (file: string, text: string): GoodTrace => ({ file, trace: ingestText(text, { fileName: file }).trace });
const lines = (...ls: string[]) => ls.map((l, i) => `[${(1 + i / 1000).toFixed(6)}] ${l}`).join('\n');

describe('mining', () => {
  it('proposes a per-key alternation where two events take turns on each key', () => {
    const t = good('t.log', lines('open obj=1', 'open obj=2', 'close obj=2', 'close obj=1', 'open obj=1', 'close obj=1'));
    const r = mineTraces([t]);
    expect(r.keys).toEqual(['obj']);
    expect(r.candidates.map((c) => c.rule.title)).toContain('per obj: open and close take turns, open first');
    const alt = r.candidates.find((c) => c.kind === 'alternates' && c.key === 'obj');
    expect(alt?.text).toContain('per obj');
    expect(alt?.support).toEqual({ instances: 3, keys: 2, files: ['t.log'] });
  });

  it('does not propose an order the trace breaks', () => {
    const t = good('t.log', lines('open obj=1', 'close obj=1', 'close obj=2', 'open obj=2'));
    const r = mineTraces([t]);
    expect(r.candidates.filter((c) => c.key === 'obj' && c.kind !== 'machine')).toEqual([]);
  });

  it('splits a name by a field where only one value keeps the order (set_vring_enable[enable=1] precedes handle_event)', () => {
    const t = good(
      't.log',
      lines('set_vring_enable enable=1', 'set_vring_enable enable=1', 'set_vring_enable enable=0', 'handle_event', 'handle_event'),
    );
    const texts = mineTraces([t]).candidates.map((c) => c.text);
    expect(texts.some((x) => x.includes('set_vring_enable[enable=1] precedes handle_event'))).toBe(true);
    // The plain rule is implied by the filtered one; enable=0 came once for two handled events.
    expect(texts.some((x) => x.includes('set_vring_enable precedes handle_event'))).toBe(false);
    expect(texts.some((x) => x.includes('set_vring_enable[enable=0] precedes handle_event'))).toBe(false);
  });

  it('keeps the filtered precedes when it holds and drops the plain one it implies', () => {
    const t = good(
      't.log',
      lines('set_vring_enable enable=1', 'handle_event', 'set_vring_enable enable=0', 'set_vring_enable enable=1', 'handle_event'),
    );
    const texts = mineTraces([t]).candidates.map((c) => c.text);
    expect(texts.some((x) => /set_vring_enable\[enable=1\] alternates handle_event/.test(x))).toBe(true);
    expect(texts.some((x) => /\n {2}set_vring_enable precedes handle_event/.test(x))).toBe(false);
  });

  it('drops candidates seen on fewer instances than --min-support, and prints at most --max', () => {
    const t = good('t.log', lines('a k=1', 'b k=1', 'a k=2', 'b k=2', 'c k=1', 'd k=1'));
    const all = mineTraces([t], { minSupport: 1 }).candidates;
    const two = mineTraces([t], { minSupport: 2 }).candidates;
    expect(all.some((c) => c.support.instances < 2)).toBe(true);
    expect(two.length).toBeGreaterThan(0);
    expect(two.every((c) => c.support.instances >= 2)).toBe(true);
    expect(mineTraces([t], { max: 2 }).candidates).toHaveLength(2);
  });

  it('prints a rule file that parseRules reads back with the same rules, each under its support', () => {
    const t = good('t.log', lines('open obj=1', 'close obj=1', 'open obj=2', 'close obj=2'));
    const r = mineTraces([t]);
    const text = printMined(r.files, r.candidates);
    expect(text).toMatch(/# support: 2 instances over 2 obj keys in t\.log\nrule mined-alternates-obj-open-close\n/);
    const parsed = parseRules(text, 'mined.rules');
    expect(parsed.rules.map((x) => x.id)).toEqual(r.candidates.map((c) => c.id));
    expect(parsed.rules.every((x) => x.cite === '')).toBe(true);
  });
});

/** Random traces over four names, a key and a two-valued field. */
const traceArb = fc
  .array(
    fc.record({ name: fc.constantFrom('a', 'b', 'c', 'd'), key: fc.integer({ min: 1, max: 3 }), en: fc.integer({ min: 0, max: 1 }) }),
    {
      minLength: 1,
      maxLength: 40,
    },
  )
  .map((evs) => lines(...evs.map((e) => `${e.name} key=${e.key}${e.name === 'a' ? ` en=${e.en}` : ''}`)));

describe('mining properties', () => {
  const runs = Number(process.env.FUZZ_RUNS ?? 150);

  it('every mined rule holds on the traces it was mined from, by the counting pass alone', () => {
    fc.assert(
      fc.property(fc.array(traceArb, { minLength: 1, maxLength: 3 }), (texts) => {
        const traces = texts.map((t, i) => good(`g${i}.log`, t));
        const r = mineTraces(traces, { verify: false, max: 1000 });
        const rules = parseRules(printMined(r.files, r.candidates)).rules;
        for (const { trace } of traces) {
          const errors = checkTrace(trace, rules).violations.filter((v) => !v.pending);
          expect(errors).toEqual([]);
        }
      }),
      { numRuns: runs },
    );
  });

  it('mining does not depend on the order of the good files', () => {
    fc.assert(
      fc.property(fc.array(traceArb, { minLength: 2, maxLength: 3 }), (texts) => {
        const traces = texts.map((t, i) => good(`g${i}.log`, t));
        const forward = mineTraces(traces).candidates.map((c) => [c.id, c.text, c.support]);
        const backward = mineTraces([...traces].reverse()).candidates.map((c) => [c.id, c.text, c.support]);
        expect(backward).toEqual(forward);
      }),
      { numRuns: runs },
    );
  });
});
