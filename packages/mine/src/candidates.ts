/**
 * Mined candidates as rules of the rule language, and the choice among them:
 * drop the vacuous and the rarely seen, drop what a stronger kept candidate
 * implies, rank the rest by support and strength.
 */
import { type Body, printRule, type Rule } from '@vqscope/rules';
import { type Sym, symSelector } from './symbols.ts';

export type CandidateKind = 'alternates' | 'precedes' | 'never-before' | 'machine';

export interface Support {
  /** Checked occurrences: the B events of a pair relation, every event of a machine. */
  instances: number;
  /** Key values it held on (1 for an unkeyed rule). */
  keys: number;
  /** The good files it was seen in, sorted. */
  files: string[];
}

export interface Candidate {
  id: string;
  kind: CandidateKind;
  /** The key field, or null for an unkeyed rule. */
  key: string | null;
  a?: Sym;
  b?: Sym;
  rule: Rule;
  /** The rule as rule text (what `--rules` reads). */
  text: string;
  support: Support;
}

const STRENGTH: Record<CandidateKind, number> = { alternates: 3, precedes: 2, 'never-before': 1, machine: 2 };

export function symText(s: Sym): string {
  return s.filter ? `${s.name}[${s.filter.field}=${s.filter.value}]` : s.name;
}

function idPart(s: Sym): string {
  return (s.filter ? `${s.name}.${s.filter.field}-${s.filter.value}` : s.name).replace(/[^\w.-]+/g, '_');
}

function titleOf(kind: CandidateKind, key: string | null, a?: Sym, b?: Sym, names?: readonly string[]): string {
  const per = key ? `per ${key}: ` : '';
  const A = a ? symText(a) : '';
  const B = b ? symText(b) : '';
  switch (kind) {
    case 'alternates':
      return `${per}${A} and ${B} take turns, ${A} first`;
    case 'precedes':
      return `${per}every ${B} has its own earlier ${A}`;
    case 'never-before':
      return `${per}no ${B} before the first ${A}`;
    case 'machine':
      return `${per}the order of ${(names ?? []).join(', ')} seen in the good traces`;
  }
}

function readingOf(kind: CandidateKind, key: string | null): string {
  const where = key ? `for each ${key}` : 'over the whole trace';
  return kind === 'machine'
    ? `Mined: ${where}, each event follows one that came before it in the good traces (k-tails).`
    : `Mined: held ${where} in every good trace.`;
}

function bodyOf(kind: Exclude<CandidateKind, 'machine'>, a: Sym, b: Sym): Body {
  if (kind !== 'never-before') return { kind: 'relation', relation: kind, a: symSelector(a), b: symSelector(b) };
  return {
    kind: 'machine',
    machine: {
      initial: 'before',
      final: [],
      states: new Map([
        ['before', [{ on: symSelector(a), to: 'after' }]],
        ['after', [{ on: symSelector(a) }, { on: symSelector(b) }]],
      ]),
    },
  };
}

export function makeCandidate(
  kind: CandidateKind,
  key: string | null,
  support: Support,
  pair?: { a: Sym; b: Sym },
  machine?: { body: Body; names: readonly string[] },
): Candidate {
  const id = `mined-${kind}-${key ?? 'all'}-${pair ? `${idPart(pair.a)}-${idPart(pair.b)}` : (machine?.names ?? []).map((n) => n.replace(/[^\w.-]+/g, '_')).join('-')}`;
  const body = pair ? bodyOf(kind as Exclude<CandidateKind, 'machine'>, pair.a, pair.b) : (machine?.body as Body);
  const rule: Rule = {
    id: id.length > 120 ? `${id.slice(0, 110)}-${hash(id)}` : id,
    title: titleOf(kind, key, pair?.a, pair?.b, machine?.names),
    cite: '',
    quote: '',
    reading: readingOf(kind, key),
    severity: 'error',
    keys: key ? [key] : [],
    body,
    where: { file: '<mined>', line: 0, column: 1 },
  };
  return { id: rule.id, kind, key, a: pair?.a, b: pair?.b, rule, text: printRule(rule), support };
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

const within = (small: Sym, big: Sym) => small.name === big.name && (!big.filter || symText(small) === symText(big));

/**
 * c1 ⇒ c2. Alternates ⇒ precedes ⇒ never-before on the same pair; precedes and never-before
 * only get weaker with more A's (a filter removed), fewer B's (a filter added), or the key
 * dropped (every event of a keyed rule's names carries its key, so the counts add up).
 */
export function implies(c1: Candidate, c2: Candidate): boolean {
  if (c1.kind === 'machine' || c2.kind === 'machine' || !c1.a || !c1.b || !c2.a || !c2.b) return false;
  if (STRENGTH[c1.kind] < STRENGTH[c2.kind]) return false;
  const sameKey = c1.key === c2.key;
  if (c2.kind === 'alternates') return sameKey && symText(c1.a) === symText(c2.a) && symText(c1.b) === symText(c2.b);
  return (sameKey || c2.key === null) && within(c1.a, c2.a) && within(c2.b, c1.b);
}

/** Keeps the candidates no stronger kept candidate implies; strongest first so that the test is one way. */
export function pruneImplied(cands: Candidate[]): Candidate[] {
  const order = [...cands].sort(
    (x, y) =>
      STRENGTH[y.kind] - STRENGTH[x.kind] ||
      Number(x.key === null) - Number(y.key === null) ||
      Number(!x.a?.filter) - Number(!y.a?.filter) ||
      Number(!!x.b?.filter) - Number(!!y.b?.filter) ||
      (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
  const kept: Candidate[] = [];
  for (const c of order) if (!kept.some((k) => implies(k, c))) kept.push(c);
  return kept;
}

/**
 * The same relation between the same events often holds under several keys (elem, the element's
 * in_num, the thread, no key): one of them says it. Kept: the one that held on the most key values,
 * the finest split of the trace. Machines over the same names likewise.
 */
export function oneKeyPerRelation(cands: Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const c of cands) {
    const what =
      c.kind === 'machine'
        ? `machine ${c.rule.id.replace(/^mined-machine-[^-]*-/, '')}`
        : `${c.kind} ${symText(c.a as Sym)} ${symText(c.b as Sym)}`;
    const cur = best.get(what);
    if (!cur || c.support.keys > cur.support.keys || (c.support.keys === cur.support.keys && c.id < cur.id)) best.set(what, c);
  }
  return [...best.values()];
}

/** More instances, more keys and a stronger relation rank higher; ties by id, so the order is stable. */
export function score(c: Candidate): number {
  const strength = c.kind === 'alternates' ? 1.5 : c.kind === 'never-before' ? 0.5 : 1;
  return Math.log2(1 + c.support.instances) + Math.log2(1 + c.support.keys) + strength;
}

export function rank(cands: Candidate[]): Candidate[] {
  return [...cands].sort((x, y) => score(y) - score(x) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
