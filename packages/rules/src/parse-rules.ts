/**
 * The rule language: plain text that reads well in an email.
 *
 *   # comment
 *   do_hola alternates do_chau
 *   per buffer: virtsnd_pcm_msg_send precedes virtsnd_pcm_msg_complete
 *   set_vring_enable[enable=1] precedes handle_event
 *
 *   rule snd-buffer-ownership
 *     title: ...            cite: ...        quote: "..."
 *     reading: ...          severity: MUST | SHOULD
 *     per buffer
 *     reset on pcm_release
 *     state driver: virtsnd_pcm_msg_send -> device, virtsnd_pcm_pointer
 *     state device: virtsnd_pcm_msg_complete -> driver
 *     initial driver
 *
 *   profile my-driver
 *     /^my_send: buf (?<buffer>\d+)/ -> my_send
 *
 *   values virtio_set_status.val bits: ACKNOWLEDGE=1, DRIVER=2, DRIVER_OK=4
 *     FEATURES_OK=8                     (indented lines continue the list)
 *
 * Indented lines belong to the block above them. Errors name file, line and
 * column and say what was expected; parsing goes on to find more of them.
 */
import { compilePattern, hasNestedQuantifier, type Profile, type ProfilePattern } from '@vqscope/trace';
import type { BinaryRelation, Body, Machine, Rule, RuleFile, RuleParseError, Selector, Severity, Transition, ValueNames } from './ast.ts';
import { parseSelector, SelectorSyntaxError } from './selector.ts';
import { parseValuePairs, parseValueScopes, ValueSyntaxError } from './value-names.ts';

const RELATION_WORDS: [RegExp, BinaryRelation][] = [
  [/^precedes\b/, 'precedes'],
  [/^causes\b/, 'causes'],
  [/^alternates(?:\s+with)?\b/, 'alternates'],
  [/^excludes\b/, 'excludes'],
  [/^coincides(?:\s+with)?\b/, 'coincides'],
  [/^(?:is\s+(?:a\s+)?)?subclock(?:\s+of)?\b/, 'subclock'],
];
const IDENT = /^[A-Za-z_][\w.-]*/;
const MAX_ERRORS = 20;

export class RuleFileError extends Error {
  constructor(readonly errors: RuleParseError[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
    this.name = 'RuleFileError';
  }
}

class LineError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

interface RuleDraft {
  id: string;
  line: number;
  title?: string;
  cite?: string;
  quote?: string;
  reading?: string;
  severity?: Severity;
  checks?: string[];
  open?: Severity;
  keys: string[];
  reset?: Selector;
  body?: Body;
  machine?: {
    initial?: string;
    final: string[];
    states: Map<string, Transition[]>;
    line: number;
    stateAt: Map<string, { line: number; column: number }>;
  };
}

/** Parses a rule file; throws RuleFileError listing every error found. */
export function parseRules(text: string, file = '<rules>'): RuleFile {
  const result: RuleFile = { rules: [], profiles: [], values: [] };
  const errors: RuleParseError[] = [];
  const lines = text.split(/\r?\n/);
  let rule: RuleDraft | undefined;
  let profile: { name: string; patterns: ProfilePattern[] } | undefined;
  let values: ValueNames | undefined;
  const usedIds = new Set<string>();

  const closeBlocks = () => {
    if (rule) {
      const r = finishRule(rule, file, errors);
      if (r) result.rules.push(r);
    }
    if (profile) result.profiles.push(profile);
    if (values) result.values.push(values);
    rule = undefined;
    profile = undefined;
    values = undefined;
  };

  for (let n = 0; n < lines.length && errors.length < MAX_ERRORS; n++) {
    const raw = lines[n];
    const lineNo = n + 1;
    const content = stripComment(raw);
    if (content.trim() === '') continue;
    const indent = content.length - content.trimStart().length;
    const body = content.trim();
    const col0 = indent + 1;
    try {
      if (indent > 0 && (rule || profile || values)) {
        if (rule) parseRuleLine(rule, body, col0, lineNo);
        else if (profile) profile.patterns.push(parsePattern(body, col0, file, lineNo));
        else if (values) values.names.push(...parseValuePairs(body, col0));
        continue;
      }
      closeBlocks();
      let m = /^pack\s+([A-Za-z_][\w.-]*)(?:\s+([^\s:]+))?(?:\s*:\s*(.*))?$/.exec(body);
      if (m) {
        result.pack = { id: m[1], version: m[2] ?? '1', title: m[3] ?? m[1] };
        continue;
      }
      m = /^rule\s+([A-Za-z_][\w.-]*)\s*:?\s*$/.exec(body);
      if (m) {
        if (usedIds.has(m[1])) throw new LineError(`rule id "${m[1]}" is used twice`, col0 + 5);
        usedIds.add(m[1]);
        rule = { id: m[1], line: lineNo, keys: [] };
        continue;
      }
      m = /^values\s+([^:]+):(.*)$/.exec(body);
      if (m) {
        const { scopes, bits } = parseValueScopes(m[1], col0 + 7);
        values = { scopes, bits, names: parseValuePairs(m[2], col0 + body.indexOf(':') + 1), where: { file, line: lineNo, column: col0 } };
        continue;
      }
      m = /^profile\s+([A-Za-z_][\w.-]*)\s*:?\s*$/.exec(body);
      if (m) {
        profile = { name: m[1], patterns: [] };
        continue;
      }
      if (/^(rule|profile|pack|values)\b/.test(body)) throw new LineError(`expected a name after "${body.split(/\s/)[0]}"`, col0);
      // A one-line rule.
      const draft: RuleDraft = { id: '', line: lineNo, keys: [] };
      parseStatementWithKeys(draft, body, col0);
      draft.id = uniqueId(slug(body), usedIds);
      draft.title = body;
      const r = finishRule(draft, file, errors);
      if (r) result.rules.push(r);
    } catch (e) {
      if (e instanceof LineError || e instanceof SelectorSyntaxError || e instanceof ValueSyntaxError) {
        errors.push({ file, line: lineNo, column: e.column, message: e.message });
      } else throw e;
    }
  }
  closeBlocks();
  if (errors.length > 0) throw new RuleFileError(errors);
  if (result.pack) for (const r of result.rules) r.pack = result.pack.id;
  if (result.values.length) for (const r of result.rules) r.values = result.values;
  return result;
}

function stripComment(line: string): string {
  // '#' starts a comment unless it is inside a /regex/, quotes or after a word ("buffer #1").
  let inRegex = false;
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"' && !inRegex) inQuote = !inQuote;
    else if (c === '/' && !inQuote && (inRegex || line.trimStart().startsWith('/'))) inRegex = !inRegex;
    else if (c === '#' && !inRegex && !inQuote && (i === 0 || /\s/.test(line[i - 1]))) {
      const after = line[i + 1];
      if (after === undefined || after === ' ' || after === '#' || after === '\t' || i === line.search(/\S/)) return line.slice(0, i);
    }
  }
  return line;
}

function slug(text: string): string {
  const s = text
    .replace(/\[[^\]]*\]/g, '')
    .replace(/^per\s+[^:]*:\s*/, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, 60) || 'rule';
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  used.add(id);
  return id;
}

function parseSeverity(v: string, column: number): Severity {
  const s = v.trim().toUpperCase();
  if (s === 'MUST' || s === 'MUST NOT' || s === 'ERROR' || s === 'SHALL') return 'error';
  if (s === 'SHOULD' || s === 'SHOULD NOT' || s === 'WARNING' || s === 'MAY') return 'warning';
  if (s === 'NOTE') return 'note';
  throw new LineError(`expected a severity (MUST, SHOULD, error, warning or note), found "${v.trim()}"`, column);
}

function parseRuleLine(rule: RuleDraft, body: string, col0: number, lineNo: number): void {
  const checks = /^checks\s*:\s*(.*)$/.exec(body);
  if (checks) {
    rule.checks = parseChecks(checks[1], col0 + body.indexOf(checks[1]));
    return;
  }
  const meta = /^(title|cite|quote|reading|severity|open)\s*:\s*(.*)$/.exec(body);
  if (meta) {
    const value = meta[2].trim();
    const unq = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    if (meta[1] === 'severity') rule.severity = parseSeverity(value, col0 + body.indexOf(meta[2]));
    else if (meta[1] === 'open') rule.open = parseSeverity(value, col0 + body.indexOf(meta[2]));
    else rule[meta[1] as 'title' | 'cite' | 'quote' | 'reading'] = unq;
    return;
  }
  if (/^machine\s*:?$/.test(body)) {
    rule.machine ??= { final: [], states: new Map(), line: lineNo, stateAt: new Map() };
    return;
  }
  let m = /^initial\s+([A-Za-z_][\w-]*)$/.exec(body);
  if (m) {
    rule.machine ??= { final: [], states: new Map(), line: lineNo, stateAt: new Map() };
    rule.machine.initial = m[1];
    return;
  }
  m = /^final\s+(.+)$/.exec(body);
  if (m) {
    rule.machine ??= { final: [], states: new Map(), line: lineNo, stateAt: new Map() };
    rule.machine.final.push(...m[1].split(',').map((s) => s.trim()));
    return;
  }
  m = /^state\s+([A-Za-z_][\w-]*)\s*:\s*/.exec(body);
  if (m) {
    rule.machine ??= { final: [], states: new Map(), line: lineNo, stateAt: new Map() };
    if (rule.machine.states.has(m[1])) throw new LineError(`state "${m[1]}" is described twice`, col0 + 6);
    rule.machine.states.set(m[1], parseTransitions(body.slice(m[0].length), col0 + m[0].length));
    rule.machine.stateAt.set(m[1], { line: lineNo, column: col0 });
    return;
  }
  m = /^reset\s+on\s+/.exec(body);
  if (m) {
    rule.reset = parseWholeSelector(body.slice(m[0].length), col0 + m[0].length);
    return;
  }
  m = /^per\s+([^:]+)$/.exec(body);
  if (m) {
    rule.keys = parseKeys(m[1], col0 + 4);
    return;
  }
  if (rule.body) throw new LineError('a rule has one relation or one machine; start a new "rule" for another', col0);
  parseStatementWithKeys(rule, body, col0);
}

/** `checks: ID, ID, …`: statement ids, checked against the table by the coverage test, not here. */
function parseChecks(text: string, column: number): string[] {
  const ids = text.split(',').map((k) => k.trim());
  for (const id of ids) if (!/^[\w.#-]+$/.test(id)) throw new LineError(`expected statement ids after "checks:", found "${id}"`, column);
  return ids;
}

function parseKeys(text: string, column: number): string[] {
  const keys = text.split(',').map((k) => k.trim());
  for (const k of keys) if (!/^[A-Za-z_][\w.]*$/.test(k)) throw new LineError(`expected a field name after "per", found "${k}"`, column);
  return keys;
}

/** `[per k1, k2[, reset on SEL]:] STATEMENT` */
function parseStatementWithKeys(rule: RuleDraft, body: string, col0: number): void {
  let text = body;
  let col = col0;
  const per = /^per\s+/.exec(text);
  if (per) {
    const colon = findTopLevelColon(text);
    if (colon < 0) throw new LineError('expected ":" after the keys of "per"', col0 + text.length);
    const head = text.slice(per[0].length, colon);
    const resetAt = head.search(/\breset\s+on\s+/);
    const keyPart = resetAt >= 0 ? head.slice(0, resetAt).replace(/,\s*$/, '') : head;
    rule.keys = parseKeys(keyPart, col0 + per[0].length);
    if (resetAt >= 0) {
      const r = /reset\s+on\s+/.exec(head.slice(resetAt)) as RegExpExecArray;
      rule.reset = parseWholeSelector(head.slice(resetAt + r[0].length), col0 + per[0].length + resetAt + r[0].length);
    }
    col = col0 + colon + 1;
    text = text.slice(colon + 1);
    const lead = text.length - text.trimStart().length;
    text = text.trimStart();
    col += lead;
  }
  rule.body = parseStatement(text, col);
}

function findTopLevelColon(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') depth--;
    else if (text[i] === ':' && depth === 0) return i;
  }
  return -1;
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

function parseStatement(text: string, col: number): Body {
  const first = parseSelector(text, col);
  let i = skipSpaces(text, first.length);
  const rest = text.slice(i);
  for (const [re, relation] of RELATION_WORDS) {
    const m = re.exec(rest);
    if (m) {
      const b = parseWholeSelector(text.slice(i + m[0].length), col + i + m[0].length);
      return { kind: 'relation', relation, a: first.selector, b };
    }
  }
  let m = /^(?:is\s+)?matched\s+by\s+/.exec(rest);
  if (m) {
    i += m[0].length;
    const b = parseSelector(text.slice(i), col + i);
    i = skipSpaces(text, i + b.length);
    const before = /^before\s+/.exec(text.slice(i));
    if (!before) throw new LineError('expected "before EVENT" after "matched by EVENT"', col + i);
    i += before[0].length;
    return { kind: 'drained', a: first.selector, b: b.selector, c: parseWholeSelector(text.slice(i), col + i) };
  }
  m = /^keeps\s+bits\s+of\s+([A-Za-z_][\w.]*)(?:\s+except\s+([^\s,\]]+))?\s*$/.exec(rest);
  if (m)
    return m[2]
      ? { kind: 'keeps-bits', a: first.selector, field: m[1], except: m[2] }
      : { kind: 'keeps-bits', a: first.selector, field: m[1] };
  m = /^needs\s+/.exec(rest);
  if (m) {
    i += m[0].length;
    const b = parseSelector(text.slice(i), col + i);
    i = skipSpaces(text, i + b.length);
    const cond = /^if\s+vring_need_event\(\s*([A-Za-z_][\w.]*)\s*,\s*([A-Za-z_][\w.]*)\s*,\s*([A-Za-z_][\w.]*)\s*\)\s*$/.exec(
      text.slice(i),
    );
    if (!cond) throw new LineError('expected "if vring_need_event(EVENT_FIELD, NEW_FIELD, OLD_FIELD)" after "needs EVENT"', col + i);
    return { kind: 'needs-notify', a: first.selector, b: b.selector, eventField: cond[1], newField: cond[2], oldField: cond[3] };
  }
  const word = /^\S*/.exec(rest)?.[0] ?? '';
  throw new LineError(
    `expected a relation (precedes, causes, alternates, excludes, coincides, subclock, "matched by … before …", "keeps bits of FIELD" or "needs … if vring_need_event(…)")${word ? `, found "${word}"` : ''}`,
    col + i,
  );
}

function parseWholeSelector(text: string, col: number): Selector {
  const s = parseSelector(text, col);
  const end = skipSpaces(text, s.length);
  if (end < text.length) throw new LineError(`unexpected "${text.slice(end)}" after the event`, col + end);
  return s.selector;
}

function parseTransitions(text: string, col: number): Transition[] {
  const out: Transition[] = [];
  let i = 0;
  while (i < text.length) {
    const s = parseSelector(text.slice(i), col + i);
    i = skipSpaces(text, i + s.length);
    let to: string | undefined;
    let breach = false;
    if (text.startsWith('->', i)) {
      i = skipSpaces(text, i + 2);
      if (text[i] === '!') {
        breach = true;
        i = skipSpaces(text, i + 1);
      }
      const m = IDENT.exec(text.slice(i));
      if (!m) throw new LineError(`expected a state name after "->${breach ? ' !' : ''}"`, col + i);
      to = m[0];
      i = skipSpaces(text, i + m[0].length);
    }
    out.push(breach ? { on: s.selector, to, breach } : { on: s.selector, to });
    if (i >= text.length) break;
    if (text[i] !== ',') throw new LineError('expected "," between transitions', col + i);
    i = skipSpaces(text, i + 1);
  }
  return out;
}

function parsePattern(body: string, col0: number, file: string, lineNo: number): ProfilePattern {
  if (!body.startsWith('/')) throw new LineError('expected a pattern /regex/ [-> event]', col0);
  let end = -1;
  let inClass = false;
  for (let i = 1; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new LineError('expected "/" to close the pattern', col0 + body.length);
  const source = body.slice(1, end);
  const after = body.slice(end + 1);
  const m = /^([imsu]*)\s*(?:->\s*([A-Za-z_][\w.:-]*))?\s*$/.exec(after);
  if (!m) throw new LineError('expected "-> event_name" or the end of the line after the pattern', col0 + end + 1);
  if (hasNestedQuantifier(source))
    throw new LineError(
      'this pattern nests quantifiers (like (a+)+) and can take exponential time; rewrite it without the nesting',
      col0 + 1,
    );
  try {
    return compilePattern(source, m[1], m[2], { file, line: lineNo, column: col0 });
  } catch (e) {
    throw new LineError(`invalid regular expression: ${(e as Error).message}`, col0 + 1);
  }
}

function finishRule(d: RuleDraft, file: string, errors: RuleParseError[]): Rule | undefined {
  const where = { file, line: d.line, column: 1 };
  let body = d.body;
  if (d.machine) {
    const mm = d.machine;
    const fail = (message: string, at: { line: number; column: number } = { line: mm.line, column: 1 }) => {
      errors.push({ file, line: at.line, column: at.column, message });
      return undefined;
    };
    if (body) return fail(`rule ${d.id} has both a relation and a machine`);
    if (mm.states.size === 0) return fail(`rule ${d.id}: expected "state NAME: EVENT -> STATE, …" lines`);
    const initial = mm.initial ?? mm.states.keys().next().value;
    if (initial === undefined || !mm.states.has(initial))
      return fail(`rule ${d.id}: initial state "${initial}" is not described by a "state" line`);
    for (const [name, ts] of mm.states)
      for (const t of ts)
        if (t.to !== undefined && !mm.states.has(t.to))
          return fail(`rule ${d.id}: state ${name} goes to "${t.to}", which has no "state" line`, mm.stateAt.get(name));
    for (const f of mm.final) if (!mm.states.has(f)) return fail(`rule ${d.id}: final state "${f}" has no "state" line`);
    const machine: Machine = { initial, final: mm.final, states: mm.states };
    body = { kind: 'machine', machine };
  }
  if (!body) {
    errors.push({ file, line: d.line, column: 1, message: `rule ${d.id} has no relation or machine` });
    return undefined;
  }
  return {
    id: d.id,
    title: d.title ?? d.id,
    cite: d.cite ?? '',
    quote: d.quote ?? '',
    reading: d.reading ?? '',
    severity: d.severity ?? 'error',
    ...(d.checks ? { checks: d.checks } : {}),
    ...(d.open ? { open: d.open } : {}),
    keys: d.keys,
    reset: d.reset,
    body,
    where,
  };
}

export type { Profile };
