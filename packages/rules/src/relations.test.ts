/**
 * Property tests per CCSL relation: traces built to satisfy a relation never
 * report; moving one event one place earlier so that it breaks the relation
 * reports at exactly that event's line.
 */
import { ingestText } from '@vqscope/trace';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTrace } from './checker.ts';
import { parseRules } from './parse-rules.ts';

function run(lines: string[], rule: string) {
  const t = ingestText(`${lines.join('\n')}\n`, { fileName: 't.log', format: 'plain' });
  return checkTrace(t.trace, parseRules(rule).rules).violations;
}
const errorsOf = (lines: string[], rule: string) => run(lines, rule).filter((v) => v.severity === 'error');

/** Words over a, b and noise n where each b has an earlier unmatched a (strictly). */
const precedesWord = fc.array(fc.constantFrom('a', 'b', 'n'), { maxLength: 40 }).map((steps) => {
  const out: string[] = [];
  let open = 0;
  for (const s of steps) {
    if (s === 'b' && open === 0) continue;
    if (s === 'a') open++;
    if (s === 'b') open--;
    out.push(s);
  }
  return out;
});

const alternatesWord = fc
  .array(fc.constantFrom('ab', 'n'), { maxLength: 20 })
  .map((steps) => steps.flatMap((s) => (s === 'ab' ? ['a', 'b'] : ['n'])));

describe('precedes and causes', () => {
  for (const rel of ['precedes', 'causes']) {
    it(`${rel}: satisfied traces never report`, () => {
      fc.assert(
        fc.property(precedesWord, (w) => {
          expect(errorsOf(w, `a ${rel} b`)).toEqual([]);
        }),
        { numRuns: 200 },
      );
    });

    it(`${rel}: moving the b of a matched pair before its a reports exactly that b's line`, () => {
      fc.assert(
        fc.property(precedesWord, fc.nat(), (w, pick) => {
          // Pairs "a b" where the a is the only open one, so b moving first leaves nothing for it.
          const spots: number[] = [];
          let open = 0;
          w.forEach((s, i) => {
            if (s === 'a' && open === 0 && w[i + 1] === 'b') spots.push(i);
            if (s === 'a') open++;
            if (s === 'b') open--;
          });
          fc.pre(spots.length > 0);
          const i = spots[pick % spots.length];
          const broken = [...w];
          [broken[i], broken[i + 1]] = [broken[i + 1], broken[i]];
          expect(errorsOf(broken, `a ${rel} b`).map((v) => v.line)).toEqual([i + 1]);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('causes allows a and b at the same event; precedes does not', () => {
    const lines = ['x a=1 b=1'];
    expect(errorsOf(lines, 'x[a=1] causes x[b=1]')).toEqual([]);
    expect(errorsOf(lines, 'x[a=1] precedes x[b=1]').map((v) => v.line)).toEqual([1]);
  });

  it('reports an a never matched by b as a pending note, not an error', () => {
    const v = run(['a', 'b', 'a'], 'a precedes b');
    expect(v.map((x) => [x.severity, x.line, x.pending])).toEqual([['note', 3, true]]);
  });

  it('reports what stays open with the severity a rule asks for with "open:"', () => {
    const rule = (open: string) => `rule r\n  open: ${open}\n  a precedes b\n`;
    expect(run(['a', 'b', 'a'], rule('error')).map((x) => [x.severity, x.line])).toEqual([['error', 3]]);
    expect(run(['a', 'b', 'a'], rule('SHOULD')).map((x) => [x.severity, x.line])).toEqual([['warning', 3]]);
  });
});

describe('alternates', () => {
  it('satisfied traces never report', () => {
    fc.assert(
      fc.property(alternatesWord, (w) => {
        expect(errorsOf(w, 'a alternates b')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('swapping a pair reports first at the event that moved earlier, and the last pair exactly there', () => {
    fc.assert(
      fc.property(alternatesWord, fc.nat(), (w, pick) => {
        const spots = w.flatMap((s, i) => (s === 'b' && w[i + 1] === 'a' ? [i] : []));
        fc.pre(spots.length > 0);
        const i = spots[pick % spots.length];
        const broken = [...w];
        [broken[i], broken[i + 1]] = [broken[i + 1], broken[i]];
        const lines = errorsOf(broken, 'a alternates b').map((v) => v.line);
        expect(lines[0]).toBe(i + 1);
        const last = w.lastIndexOf('b');
        const b2 = [...w];
        const j = w.lastIndexOf('a');
        if (j >= 0 && w[j + 1] === 'b' && last === j + 1) {
          [b2[j], b2[j + 1]] = [b2[j + 1], b2[j]];
          expect(errorsOf(b2, 'a alternates b').map((v) => v.line)).toEqual([j + 1]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reports the second do_chau of the tracing-formal example at line 3, expected do_hola never came', () => {
    const [v] = errorsOf(['do_hola', 'do_chau', 'do_chau'], 'do_hola alternates do_chau');
    expect(v.line).toBe(3);
    expect(v.expected).toEqual(['do_hola']);
    expect(v.expectedLine).toBeUndefined();
    expect(v.message).toBe('expected `do_hola` before `do_chau` (line 3); it never came');
  });
});

/** Events `x` carrying flags p and q; each relation is between x[p=1] and x[q=1]. */
const flagged = fc.array(fc.record({ p: fc.boolean(), q: fc.boolean() }), { maxLength: 30 });
const line = (e: { p: boolean; q: boolean }) => `x p=${e.p ? 1 : 0} q=${e.q ? 1 : 0}`;

describe('instant relations', () => {
  const cases: [string, (e: { p: boolean; q: boolean }) => boolean][] = [
    ['excludes', (e) => !(e.p && e.q)],
    ['coincides', (e) => e.p === e.q],
    ['subclock', (e) => !e.p || e.q],
  ];
  for (const [rel, ok] of cases) {
    it(`${rel}: reports exactly the events that break it`, () => {
      fc.assert(
        fc.property(flagged, (events) => {
          const want = events.flatMap((e, i) => (ok(e) ? [] : [i + 1]));
          expect(errorsOf(events.map(line), `x[p=1] ${rel} x[q=1]`).map((v) => v.line)).toEqual(want);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('keys, reset and machines', () => {
  it('holds a relation separately per key', () => {
    const lines = ['a buffer=1', 'b buffer=2', 'b buffer=1'];
    expect(errorsOf(lines, 'per buffer: a precedes b').map((v) => [v.line, v.key])).toEqual([[2, 'buffer #2']]);
  });

  it('reset on EVENT clears the counters of its key', () => {
    const lines = ['a s=0', 'release s=0', 'b s=0'];
    expect(errorsOf(lines, 'per s, reset on release: a precedes b').map((v) => v.line)).toEqual([3]);
    expect(errorsOf(lines, 'per s: a precedes b')).toEqual([]);
  });

  it('a machine reports a disallowed event once and stays in its state', () => {
    const rules = 'rule m\n  per k\n  state idle: go -> busy\n  state busy: done -> idle\n';
    const v = errorsOf(['done k=1', 'go k=1', 'go k=1', 'done k=1', 'done k=1'], rules);
    expect(v.map((x) => [x.line, x.expected, x.expectedLine])).toEqual([
      [1, ['go'], 2],
      [3, ['done'], 4],
      [5, ['go'], undefined],
    ]);
  });

  it('gives each offence a distinct id that does not change when unrelated lines are added', () => {
    const lines = ['b k=1', 'b k=1', 'b k=2'];
    const ids = errorsOf(lines, 'per k: a precedes b').map((v) => v.id);
    expect(new Set(ids).size).toBe(3);
    const shifted = errorsOf(['noise', ...lines, 'noise'], 'per k: a precedes b').map((v) => v.id);
    expect(shifted).toEqual(ids);
  });
});

describe('used buffer notification suppression (§2.7.7.2)', () => {
  it('vring_need_event is true iff used_event lies in [old, new) modulo 2^16', async () => {
    const { vringNeedEvent } = await import('./monitors/needs-notify.ts');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 1, max: 300 }),
        (ev, old, step) => {
          const nw = (old + step) & 0xffff;
          const inRange = ((ev - old) & 0xffff) < step;
          expect(vringNeedEvent(ev, nw, old)).toBe(inRange);
        },
      ),
    );
    expect(vringNeedEvent(0, 1, 0)).toBe(true);
    expect(vringNeedEvent(5, 2, 1)).toBe(false);
    expect(vringNeedEvent(0xffff, 2, 0xfffe)).toBe(true);
  });

  it('a missing notification is an error at the next update; an extra one is a warning', () => {
    const rule = 'per vq: flush[used_event?] needs notify if vring_need_event(used_event, new_idx, old_idx)';
    const v = run(['flush vq=1 old_idx=0 new_idx=1 used_event=0', 'flush vq=1 old_idx=1 new_idx=2 used_event=9', 'notify vq=1'], rule);
    expect(v.map((x) => [x.line, x.severity, x.kind])).toEqual([
      [2, 'error', 'missing-before'],
      [3, 'warning', 'extra'],
    ]);
    expect(
      run(['flush vq=1 old_idx=0 new_idx=1 used_event=0', 'notify vq=1', 'flush vq=1 old_idx=1 new_idx=2 used_event=9'], rule),
    ).toEqual([]);
    // Without indices in the trace (QEMU's own flush), notifications are not judged at all.
    expect(run(['notify vq=1', 'flush vq=1 count=1', 'notify vq=1'], rule)).toEqual([]);
  });
});
