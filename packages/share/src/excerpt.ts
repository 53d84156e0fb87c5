/**
 * The minimal excerpt of a trace that shows a violation: the events of the
 * violating key up to and past it (so that re-checking the excerpt rebuilds
 * the same monitor state), the expected event, and a little context. Line
 * numbers stay those of the original file.
 */
import { clocksOfRule, type Rule, selectorNames, type Violation } from '@vqscope/rules';
import type { Trace } from '@vqscope/trace';

export interface ExcerptOptions {
  /** Events of the key kept before the offending one. */
  history?: number;
  /** Other events kept around the offending one for context. */
  context?: number;
}

/** Event indices of the excerpt, in log order. */
export function excerptEvents(trace: Trace, rule: Rule | undefined, v: Violation, opts: ExcerptOptions = {}): number[] {
  const history = opts.history ?? 64;
  const context = opts.context ?? 1;
  const chosen = new Set<number>([v.event]);
  if (v.expectedEvent !== undefined) chosen.add(v.expectedEvent);
  if (rule) {
    const names = new Set<number>();
    for (const s of clocksOfRule(rule))
      for (const n of selectorNames(s)) {
        const id = trace.names.indexOf(n);
        if (id >= 0) names.add(id);
      }
    if (rule.reset)
      for (const n of selectorNames(rule.reset)) {
        const id = trace.names.indexOf(n);
        if (id >= 0) names.add(id);
      }
    const cols = rule.keys.map((k) => trace.fields.get(k));
    const sameKey = (i: number) => cols.every((c) => (c ? c.id(i) === c.id(v.event) : true));
    const last = Math.max(v.event, v.expectedEvent ?? v.event);
    let before = 0;
    for (let i = v.event - 1; i >= 0 && before < history; i--) {
      if (names.has(trace.name[i]) && sameKey(i)) {
        chosen.add(i);
        before++;
      }
    }
    for (let i = v.event + 1; i <= last; i++) if (names.has(trace.name[i]) && sameKey(i)) chosen.add(i);
  }
  for (let k = 1; k <= context; k++) {
    if (v.event - k >= 0) chosen.add(v.event - k);
    if (v.event + k < trace.count) chosen.add(v.event + k);
  }
  return [...chosen].sort((a, b) => a - b);
}
