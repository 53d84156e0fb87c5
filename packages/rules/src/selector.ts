/**
 * Event selectors: `name`, `name[field=value, other!=0]`, `a | b`. Parsed
 * here, and compiled against a trace's string tables into lookups by id so
 * that matching an event costs array reads, not string compares.
 */
import type { FieldColumn, Trace } from '@vqscope/trace';
import type { EventPattern, Filter, FilterOp, Selector } from './ast.ts';

const NAME = /^(?:\*|[A-Za-z_][\w.:-]*)/;
const FILTER = /^\s*([A-Za-z_][\w.]*)\s*(!=|<=|>=|=|<|>|&|\?)\s*("(?:[^"\\]|\\.)*"|[^\],\s]*)\s*/;

export class SelectorSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Parses a selector starting at `text[0]`; returns it and the characters consumed. */
export function parseSelector(text: string, baseColumn = 1): { selector: Selector; length: number } {
  const alternatives: EventPattern[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const m = NAME.exec(text.slice(i));
    if (!m) throw new SelectorSyntaxError('expected an event name', baseColumn + i);
    const pattern: EventPattern = { name: m[0], filters: [] };
    i += m[0].length;
    if (text[i] === '[') {
      i++;
      for (;;) {
        const f = FILTER.exec(text.slice(i));
        if (!f) {
          const field = /^\s*[A-Za-z_][\w.]*\s*/.exec(text.slice(i));
          if (field)
            throw new SelectorSyntaxError(
              `expected an operator (=, !=, <, >, <=, >=, &, ?) after "${field[0].trim()}"`,
              baseColumn + i + field[0].length,
            );
          throw new SelectorSyntaxError('expected a field filter such as enable=1', baseColumn + i);
        }
        const op = f[2] as FilterOp;
        let value = f[3];
        if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
        if (op !== '?' && value === '')
          throw new SelectorSyntaxError(`expected a value after "${f[1]}${op}"`, baseColumn + i + f[0].length);
        pattern.filters.push({ field: f[1], op, value: op === '?' ? '' : value });
        i += f[0].length;
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          break;
        }
        throw new SelectorSyntaxError('expected "," or "]" in the field filter', baseColumn + i);
      }
    }
    alternatives.push(pattern);
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] === '|') {
      i = j + 1;
      continue;
    }
    return { selector: { alternatives }, length: i };
  }
}

function quoteIfNeeded(v: string): string {
  return /^[^\],\s"]+$/.test(v) ? v : `"${v.replace(/["\\]/g, '\\$&')}"`;
}

export function printFilter(f: Filter): string {
  return f.op === '?' ? `${f.field}?` : `${f.field}${f.op}${quoteIfNeeded(f.value)}`;
}

export function printSelector(s: Selector): string {
  return s.alternatives.map((p) => (p.filters.length ? `${p.name}[${p.filters.map(printFilter).join(', ')}]` : p.name)).join(' | ');
}

/** Names a selector mentions (for dispatch and pack activation); '*' = any. */
export function selectorNames(s: Selector): string[] {
  return s.alternatives.map((p) => p.name);
}

/** Numbers as written in logs: decimal, hex, booleans. */
export function numericValue(v: string): number {
  if (v === 'true') return 1;
  if (v === 'false') return 0;
  if (v.length > 2 && v[0] === '0' && (v[1] === 'x' || v[1] === 'X')) return Number.parseInt(v.slice(2), 16);
  return v.trim() === '' ? Number.NaN : Number(v);
}

/** Resolves a value name of a filter (`req=GET_FEATURES`) to its number; undefined when the name is not declared. */
export type ValueLookup = (event: string, field: string, name: string) => number | undefined;

function testValue(op: FilterOp, actual: string | undefined, want: string, named: number | undefined): boolean {
  if (op === '?') return actual !== undefined;
  if (actual === undefined) return op === '!=';
  const a = numericValue(actual);
  const w = named ?? numericValue(want);
  const numeric = !Number.isNaN(a) && !Number.isNaN(w);
  switch (op) {
    case '=':
      return numeric ? a === w : actual === want;
    case '!=':
      return numeric ? a !== w : actual !== want;
    case '<':
      return numeric && a < w;
    case '>':
      return numeric && a > w;
    case '<=':
      return numeric && a <= w;
    case '>=':
      return numeric && a >= w;
    case '&':
      return numeric && (a & w) === w && (w !== 0 || a === 0);
  }
}

/** A selector bound to one trace: `matches(i)` for event index i. */
export interface CompiledSelector {
  readonly selector: Selector;
  /** Name ids (in the trace's name table) the selector can match; null = any name. */
  readonly nameIds: ReadonlySet<number> | null;
  /** Name ids that match whatever the fields say (a pattern with no filter): no need to call matches. */
  readonly plainNameIds: ReadonlySet<number>;
  matches(i: number): boolean;
  /**
   * Binds to a later state of the same growing trace (live input): its tables only ever gain
   * entries and its columns may be new arrays, so what was learnt about known ids stays true.
   */
  rebind(trace: Trace): void;
}

interface CompiledFilter {
  col: FieldColumn | null;
  values: readonly string[];
  cache: Int8Array;
  filter: Filter;
  /** The number a value name in the filter stands for (GET_FEATURES → 1), when it is a name. */
  named: number | undefined;
}

interface CompiledPattern {
  anyName: boolean;
  name: string;
  nameId: number;
  filters: CompiledFilter[];
}

export function compileSelector(selector: Selector, trace: Trace, lookup?: ValueLookup): CompiledSelector {
  const patterns: CompiledPattern[] = selector.alternatives.map((p) => ({
    anyName: p.name === '*',
    name: p.name,
    nameId: -1,
    filters: p.filters.map((filter) => ({
      col: null,
      values: [''],
      cache: new Int8Array(1),
      filter,
      named:
        filter.op === '?' || !lookup || !Number.isNaN(numericValue(filter.value)) ? undefined : lookup(p.name, filter.field, filter.value),
    })),
  }));
  const nameIds: Set<number> | null = patterns.some((p) => p.anyName) ? null : new Set();
  const plainNameIds = new Set<number>();
  let bound: CompiledPattern[] = [];
  let names = trace.name;
  const bind = (t: Trace) => {
    names = t.name;
    for (const p of patterns) {
      if (!p.anyName && p.nameId < 0) {
        p.nameId = t.names.indexOf(p.name);
        if (p.nameId < 0) continue;
        nameIds?.add(p.nameId);
        if (p.filters.length === 0) plainNameIds.add(p.nameId);
      }
      for (const f of p.filters) {
        const col = t.fields.get(f.filter.field);
        f.col = col ?? null;
        f.values = col ? col.values : [''];
        if (f.cache.length < f.values.length) {
          const cache = new Int8Array(Math.max(f.values.length, 2 * f.cache.length));
          cache.set(f.cache);
          f.cache = cache;
        }
      }
    }
    bound = patterns.filter((p) => p.anyName || p.nameId >= 0);
  };
  bind(trace);
  return {
    selector,
    nameIds,
    plainNameIds,
    rebind: bind,
    matches(i: number): boolean {
      const nameOf = names;
      for (const p of bound) {
        if (!p.anyName && nameOf[i] !== p.nameId) continue;
        let ok = true;
        for (const f of p.filters) {
          const id = f.col ? f.col.id(i) : 0;
          // A value id never changes its string, so each is tested once.
          let c = f.cache[id];
          if (c === 0) {
            c = testValue(f.filter.op, id === 0 ? undefined : f.values[id], f.filter.value, f.named) ? 1 : -1;
            f.cache[id] = c;
          }
          if (c < 0) {
            ok = false;
            break;
          }
        }
        if (ok) return true;
      }
      return false;
    },
  };
}
