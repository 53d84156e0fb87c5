/** The clocks (event selectors) of a rule, in the order monitors number them. */
import type { Rule, Selector } from './ast.ts';
import { printSelector } from './selector.ts';

export function clocksOfRule(rule: Rule): Selector[] {
  const b = rule.body;
  switch (b.kind) {
    case 'relation':
      return [b.a, b.b];
    case 'drained':
      return [b.a, b.b, b.c];
    case 'keeps-bits':
      return [b.a];
    case 'needs-notify':
      return [b.a, b.b];
    case 'machine': {
      const seen = new Map<string, Selector>();
      for (const ts of b.machine.states.values()) for (const t of ts) seen.set(printSelector(t.on), t.on);
      return [...seen.values()];
    }
  }
}
