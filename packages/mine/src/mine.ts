/**
 * Mining: from traces taken as good, rules in vqscope's rule language that
 * hold on every one of them. Per candidate key (and with no key) one pass
 * over each trace decides every pair relation at once and feeds the k-tails
 * machine; the survivors are pruned and ranked, printed as rule text, read
 * back with parseRules and checked on the good traces with the checker
 * itself, so what is proposed is exactly what `--rules` will enforce.
 */
import { checkTrace, parseRules, type RuleFile } from '@vqscope/rules';
import type { Trace } from '@vqscope/trace';
import { type Candidate, makeCandidate, oneKeyPerRelation, pruneImplied, rank } from './candidates.ts';
import { KTails } from './ktails.ts';
import { PairState } from './relations.ts';
import { type Survey, surveyTraces } from './survey.ts';
import { bindSymbols, type Sym, symbolsFor } from './symbols.ts';

export interface GoodTrace {
  file: string;
  trace: Trace;
}

export interface MineOptions {
  /** Key fields to mine per (default: every field whose values recur on two or more names). */
  keys?: readonly string[];
  /** Fewest checked instances a candidate needs (default 1: a three-line trace can teach a rule). */
  minSupport?: number;
  /** Most candidates returned (default 30). */
  max?: number;
  /** k of k-tails (default 1). */
  k?: 1 | 2;
  /**
   * Check the chosen candidates on the good traces with the checker and drop any that fails.
   * Default: when the good traces hold at most VERIFY_UP_TO_EVENTS events. Past that the pass
   * would cost several checks of the trace (30 rules on every event), more than mining itself,
   * and the counting pass is held to the checker by a property test (which turns this off).
   */
  verify?: boolean;
}

export interface MineResult {
  files: string[];
  keys: string[];
  candidates: Candidate[];
}

export const DEFAULT_MAX = 30;
export const DEFAULT_MIN_SUPPORT = 1;
/** A machine over more names than this relates events that merely interleave (other devices, other threads): not a protocol. */
const MAX_MACHINE_NAMES = 8;

/** Key values a keyed machine must have been learned on: it generalises over objects, and one or two are an anecdote. */
const MIN_MACHINE_KEYS = 3;

export const VERIFY_UP_TO_EVENTS = 250_000;

/**
 * Mining as steps (one per key and trace), so that a worker can report progress and
 * take a cancel between them. `mineTraces` runs them all.
 */
export function* mineSteps(traces: readonly GoodTrace[], opts: MineOptions = {}): Generator<{ done: number; total: number }, MineResult> {
  const survey = surveyTraces(
    traces.map((t) => t.trace),
    opts.keys,
  );
  const keys: (string | null)[] = [null, ...survey.keys];
  const total = keys.length * traces.length;
  let done = 0;
  const found: Candidate[] = [];
  for (const key of keys) {
    const alphabet = key === null ? survey.names : (survey.alphabet.get(key) ?? []);
    if (alphabet.length < 2) {
      done += traces.length;
      continue;
    }
    const table = symbolsFor(survey, alphabet);
    const pairs = new PairState(table.syms.length, (a, b) => table.syms[a].name === table.syms[b].name);
    // Unkeyed, a machine learns how independent keys happened to interleave (scheduling, not
    // protocol), and one departure there cascades: it is proposed only when there is no key.
    const machineNames = alphabet.length <= MAX_MACHINE_NAMES && (key !== null || survey.keys.length === 0) ? alphabet : undefined;
    const tails = machineNames ? new KTails(machineNames, opts.k ?? 1) : undefined;
    // Every trace, sorted by file name, so that the result does not depend on the order of the files.
    for (const { file, trace } of [...traces].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0))) {
      const bound = bindSymbols(table, trace);
      const col = key === null ? undefined : trace.fields.get(key);
      if (key !== null && !col) {
        yield { done: ++done, total };
        continue;
      }
      pairs.run(trace, bound, col, col?.values.length ?? 1, file);
      tails?.run(trace, bound.plainOf, col, col?.values.length ?? 1, file);
      yield { done: ++done, total };
    }
    found.push(
      ...pairCandidates(pairs, table.syms, key)
        .filter((c) => (key === null ? unkeyedHolds(c, survey, opts) : !acrossFinerKeys(c, key, survey)))
        .map((c) => (key === null ? c : unmatchedPrecedes(c, pairs, table.syms))),
    );
    const machine = tails?.machine();
    // A keyed machine learned from one object's life (one vq in the run) is that object's history.
    if (tails && machine && machineNames && (key === null || tails.keys >= MIN_MACHINE_KEYS))
      found.push(
        makeCandidate(
          'machine',
          key,
          { instances: tails.events, keys: key === null ? 1 : tails.keys, files: [...tails.files].sort() },
          undefined,
          { body: { kind: 'machine', machine }, names: machineNames },
        ),
      );
  }
  const minSupport = opts.minSupport ?? DEFAULT_MIN_SUPPORT;
  const events = traces.reduce((n, t) => n + t.trace.count, 0);
  const ranked = rank(
    oneKeyPerRelation(pruneImplied(found)).filter((c) => c.support.instances >= minSupport),
    events,
  );
  const max = opts.max ?? DEFAULT_MAX;
  const verify = opts.verify ?? traces.reduce((n, t) => n + t.trace.count, 0) <= VERIFY_UP_TO_EVENTS;
  const candidates = verify ? holdOnAll(ranked.slice(0, max + 10), traces).slice(0, max) : ranked.slice(0, max);
  return { files: traces.map((t) => t.file), keys: survey.keys, candidates };
}

export function mineTraces(traces: readonly GoodTrace[], opts: MineOptions = {}): MineResult {
  const steps = mineSteps(traces, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Unkeyed, a relation needs this many instances where the trace has keys (below it, it is how a few lifecycles happened to interleave). */
export const UNKEYED_MIN_SUPPORT = 20;

/**
 * Where the traces have keys, two events that each belong to a keyed lifecycle are ordered by
 * those lifecycles (the keyed rules say it) or by scheduling: one request in flight at a time in
 * a quiet run makes any two of them alternate over the whole trace, and the next run breaks it.
 * Such unkeyed pairs are not proposed; an unkeyed pair with a keyless event needs real support.
 */
function unkeyedHolds(c: Candidate, survey: Survey, opts: MineOptions): boolean {
  if (survey.keys.length === 0 || opts.keys) return true;
  const keyed = (name: string) => survey.keys.some((k) => survey.alphabet.get(k)?.includes(name));
  if (c.a && c.b && keyed(c.a.name) && keyed(c.b.name)) return false;
  return c.support.instances >= UNKEYED_MIN_SUPPORT;
}

/**
 * Per key K, two events that each belong to another object (a vdev's elem and its req) and share
 * no object but K are ordered by scheduling within K, as unkeyed ones are. Two that share a
 * narrower object than K (a pop and a flush share their vq) are that object's business: with one
 * vdev in the run, "per vdev" would hold what per vq does not (several pops before one flush).
 * A key every name carries (a thread) is context, not an object, and does not count.
 */
function acrossFinerKeys(c: Candidate, key: string, survey: Survey): boolean {
  if (!c.a || !c.b || c.kind === 'machine') return false;
  const width = (k: string) => survey.alphabet.get(k)?.length ?? 0;
  const objects = (name: string) =>
    survey.keys.filter((k) => k !== key && width(k) < survey.names.length && survey.alphabet.get(k)?.includes(name));
  const oa = objects(c.a.name);
  const ob = objects(c.b.name);
  const shared = oa.filter((k) => ob.includes(k));
  if (shared.some((k) => width(k) < width(key))) return true;
  return oa.length > 0 && ob.length > 0 && shared.length === 0;
}

/**
 * Keyed, "every B has its own earlier A" where A came more often than B (a status written 21
 * times, a queue kicked 12) held by the counts of that run, not by a pairing: the next run kicks
 * more. It is proposed as what the run showed for sure, no B before the first A.
 */
function unmatchedPrecedes(c: Candidate, p: PairState, syms: readonly Sym[]): Candidate {
  if (c.kind !== 'precedes' || !c.a || !c.b) return c;
  const ia = syms.indexOf(c.a);
  const ib = syms.indexOf(c.b);
  if (ia < 0 || ib < 0 || p.count[ia] === p.count[ib]) return c;
  return makeCandidate('never-before', c.key, { ...c.support, instances: p.keysWith[ib] }, { a: c.a, b: c.b });
}

function pairCandidates(p: PairState, syms: readonly Sym[], key: string | null): Candidate[] {
  const out: Candidate[] = [];
  const n = p.n;
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      const idx = a * n + b;
      if (!p.neverBefore[idx] || p.count[b] === 0 || p.count[a] === 0) continue;
      const kind = p.alternates[idx] ? 'alternates' : p.precedes[idx] ? 'precedes' : 'never-before';
      const support = {
        instances: kind === 'never-before' ? p.keysWith[b] : p.count[b],
        keys: key === null ? 1 : p.keysWith[b],
        files: [...p.files[b]].sort(),
      };
      out.push(makeCandidate(kind, key, support, { a: syms[a], b: syms[b] }));
    }
  // A filtered alternation is kept only where the field splits the behaviour: the plain pair does not alternate.
  const plainAlt = new Set(
    out.filter((c) => c.kind === 'alternates' && !c.a?.filter && !c.b?.filter).map((c) => `${c.a?.name} ${c.b?.name}`),
  );
  return out.filter((c) => c.kind !== 'alternates' || !(c.a?.filter || c.b?.filter) || !plainAlt.has(`${c.a?.name} ${c.b?.name}`));
}

/**
 * The checker's verdict on the good traces, through the printed text: a candidate that does
 * not read back or reports an error anywhere is dropped (the counting pass and the checker
 * agree by construction; this keeps it so).
 */
function holdOnAll(cands: Candidate[], traces: readonly GoodTrace[]): Candidate[] {
  if (cands.length === 0) return cands;
  let parsed: RuleFile;
  try {
    parsed = parseRules(cands.map((c) => c.text).join('\n\n'), '<mined>');
  } catch {
    return cands.filter((c) => {
      try {
        parseRules(c.text);
        return true;
      } catch {
        return false;
      }
    });
  }
  const broken = new Set<string>();
  for (const { trace } of traces)
    for (const v of checkTrace(trace, parsed.rules).violations) if (!v.pending && v.severity === 'error') broken.add(v.rule);
  return cands.filter((c) => !broken.has(c.id));
}
