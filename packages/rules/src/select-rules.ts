/**
 * Which rules check a trace: the packs and rule files the user named, or,
 * when they named none, every built-in pack whose events occur in the trace.
 */
import { MAX_CROSS_ORDER_RESIDUAL_NS, type Trace } from '@vqscope/trace';
import type { Rule, RuleFile } from './ast.ts';
import { clocksOfRule } from './clocks.ts';
import { builtinPacks } from './packs/index.ts';
import { selectorNames } from './selector.ts';

export interface RuleSelection {
  packs?: readonly string[];
  files?: readonly RuleFile[];
}

export class UnknownPackError extends Error {}

const MERGED_ONLY_PACK = 'host-guest';

/** Event names a rule file's rules mention. */
export function ruleNames(rules: readonly Rule[]): Set<string> {
  const names = new Set<string>();
  for (const r of rules) for (const s of clocksOfRule(r)) for (const n of selectorNames(s)) names.add(n);
  return names;
}

export function packsForTrace(trace: Trace): string[] {
  const present = new Set(trace.names);
  const out: string[] = [];
  for (const [id, file] of builtinPacks()) {
    // Rules across host and guest mean something only on a trace merged from both, with clocks that agree.
    if (id === MERGED_ONLY_PACK && !(trace.files && (trace.clockResidualNs ?? 0) <= MAX_CROSS_ORDER_RESIDUAL_NS)) continue;
    for (const n of ruleNames(file.rules)) {
      if (present.has(n)) {
        out.push(id);
        break;
      }
    }
  }
  return out;
}

export function selectRules(trace: Trace, sel: RuleSelection): { rules: Rule[]; packs: string[] } {
  const packs = builtinPacks();
  const explicit = (sel.packs?.length ?? 0) > 0 || (sel.files?.length ?? 0) > 0;
  const packIds = explicit ? [...(sel.packs ?? [])] : packsForTrace(trace);
  const rules: Rule[] = [];
  for (const id of packIds) {
    const p = packs.get(id);
    if (!p) throw new UnknownPackError(`unknown pack "${id}"; built-in packs: ${[...packs.keys()].join(', ')}`);
    rules.push(...p.rules);
  }
  for (const f of sel.files ?? []) rules.push(...f.rules);
  return { rules, packs: packIds };
}
