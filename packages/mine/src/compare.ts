/**
 * Comparing a trace B with a trace A taken as the reference: the rules that
 * hold in one and not in the other (given rules, packs, and rules mined from
 * A), and where each key of B first departs from A. Obligations left open at
 * the end of a trace are not compared: where a capture stops says nothing
 * about the protocol.
 */
import { checkTrace, parseRules, type Rule, type Violation } from '@vqscope/rules';
import { type Divergence, divergences } from './divergence.ts';
import { type GoodTrace, type MineOptions, type MineResult, mineTraces } from './mine.ts';
import { printMined } from './print-mined.ts';
import { surveyTraces } from './survey.ts';

export interface Comparison {
  /** Every rule compared: the given ones, then those mined from A. */
  rules: Rule[];
  mined: MineResult;
  /** B's violations of rules that hold in A, and the reverse. */
  onlyInB: Violation[];
  onlyInA: Violation[];
  divergences: Divergence[];
}

function broken(violations: readonly Violation[]): Set<string> {
  return new Set(violations.filter((v) => !v.pending).map((v) => v.rule));
}

export function compareTraces(a: GoodTrace, b: GoodTrace, given: readonly Rule[], opts: MineOptions = {}): Comparison {
  const mined = mineTraces([a], opts);
  // Through the printed text, so the mined rules compared are those `mine` writes to a file.
  const minedRules = mined.candidates.length ? parseRules(printMined(mined.files, mined.candidates), '<mined from A>').rules : [];
  const taken = new Set(given.map((r) => r.id));
  const rules = [...given, ...minedRules.filter((r) => !taken.has(r.id))];
  const inA = checkTrace(a.trace, rules).violations;
  const inB = checkTrace(b.trace, rules).violations;
  const brokenInA = broken(inA);
  const brokenInB = broken(inB);
  const keys = opts.keys?.length ? [...opts.keys] : surveyTraces([a.trace, b.trace]).keys;
  return {
    rules,
    mined,
    onlyInB: inB.filter((v) => !v.pending && !brokenInA.has(v.rule)),
    onlyInA: inA.filter((v) => !v.pending && !brokenInB.has(v.rule)),
    divergences: divergences(a.trace, b.trace, keys),
  };
}
