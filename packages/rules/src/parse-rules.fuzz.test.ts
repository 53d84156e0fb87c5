/** Fuzzing the rule language: errors always carry a location; what parses prints and parses back the same. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRules, RuleFileError } from './parse-rules.ts';
import { printRules } from './print-rules.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const token = fc.constantFrom(
  'per',
  'buffer',
  'stream,',
  ':',
  'a',
  'b_c',
  'precedes',
  'causes',
  'alternates',
  'excludes',
  'coincides',
  'subclock',
  'matched by',
  'before',
  'keeps bits of',
  'keeps bits of v except 4',
  'needs',
  'if vring_need_event(e, n, o)',
  '[x=1]',
  '[y!=0, z&4]',
  '|',
  'rule r',
  '  state s:',
  '  initial s',
  '->',
  '-> !s',
  'profile p',
  '  /^x (?<buffer>\\d+)/ -> ev',
  '  /(a+)+/',
  '#',
  'reset on',
  '  title: t',
  '  severity: SHOULD',
  '  checks: 2.1.1-no-clear, 4.2.2.2#7',
  '  checks:',
);
const ruleText = fc.oneof(
  fc
    .array(
      fc.array(token, { maxLength: 8 }).map((t) => t.join(' ')),
      { maxLength: 8 },
    )
    .map((ls) => ls.join('\n')),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

describe(`fuzzing the rule parser (${RUNS} runs per property)`, () => {
  it('either parses (and prints back to the same rules) or names file, line and column', () => {
    fc.assert(
      fc.property(ruleText, (text) => {
        let parsed: ReturnType<typeof parseRules>;
        try {
          parsed = parseRules(text, 'fuzz.rules');
        } catch (e) {
          expect(e).toBeInstanceOf(RuleFileError);
          const lines = text.split(/\r?\n/).length;
          for (const err of (e as RuleFileError).errors) {
            expect(err.file).toBe('fuzz.rules');
            expect(err.line).toBeGreaterThanOrEqual(1);
            expect(err.line).toBeLessThanOrEqual(lines);
            expect(err.column).toBeGreaterThanOrEqual(1);
            expect(err.message.length).toBeGreaterThan(0);
          }
          return;
        }
        const again = parseRules(printRules(parsed), 'fuzz.rules');
        const strip = (f: typeof parsed) => f.rules.map(({ where: _w, id: _id, title: _t, ...r }) => r);
        expect(strip(again)).toEqual(strip(parsed));
        expect(again.profiles.map((p) => p.patterns.map((x) => x.source))).toEqual(
          parsed.profiles.map((p) => p.patterns.map((x) => x.source)),
        );
      }),
      { numRuns: RUNS },
    );
  });
});
