/**
 * Names for field values, declared in rule files so that users' files and the
 * built-in packs speak the spec's words alike:
 *
 *   values virtio_set_status.val bits: ACKNOWLEDGE=1, DRIVER=2, DRIVER_OK=4
 *   values vhost_user_write.req, vhost_user_read.req: GET_FEATURES=1, SET_FEATURES=2
 *   values vhost_user_*.flags bits: VERSION_1=0x1, REPLY=0x4, NEED_REPLY=0x8
 *
 * Selectors accept the names (`virtio_set_status[val&DRIVER_OK]`) and every
 * report shows them (`val 11 = ACKNOWLEDGE|DRIVER|FEATURES_OK`). The trace keeps
 * the numbers as logged: names are a reading, never a rewrite.
 */
import type { ValueNames, ValueScope } from './ast.ts';
import { numericValue } from './selector.ts';

const SCOPE = /^(?:([A-Za-z_][\w.:-]*\*?|\*)\.)?([A-Za-z_]\w*)$/;
const PAIR = /^([A-Za-z_][\w]*)\s*=\s*(0x[0-9a-fA-F]+|\d+)$/;

export class ValueSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/** `SCOPE[, SCOPE]... [bits]` of a `values` line, the part before ':'. */
export function parseValueScopes(text: string, column: number): { scopes: ValueScope[]; bits: boolean } {
  let head = text.trim();
  let bits = false;
  if (/\s+bits$/.test(head)) {
    bits = true;
    head = head.replace(/\s+bits$/, '');
  }
  const scopes: ValueScope[] = [];
  for (const part of head.split(',')) {
    const m = SCOPE.exec(part.trim());
    if (!m) throw new ValueSyntaxError(`expected EVENT.FIELD, PREFIX*.FIELD or FIELD after "values", found "${part.trim()}"`, column);
    scopes.push({ event: m[1] ?? '*', field: m[2] });
  }
  return { scopes, bits };
}

/** `NAME=N, NAME=0xN, ...` (a trailing comma allowed, for lists continued on the next line). */
export function parseValuePairs(text: string, column: number): { name: string; value: number }[] {
  const out: { name: string; value: number }[] = [];
  let col = column;
  for (const part of text.split(',')) {
    const t = part.trim();
    if (t !== '') {
      const m = PAIR.exec(t);
      if (!m) throw new ValueSyntaxError(`expected NAME=NUMBER (e.g. DRIVER_OK=4), found "${t}"`, col + part.indexOf(t));
      out.push({ name: m[1], value: numericValue(m[2]) });
    }
    col += part.length + 1;
  }
  return out;
}

export function printValueNames(v: ValueNames): string {
  const scopes = v.scopes.map((s) => (s.event === '*' ? s.field : `${s.event}.${s.field}`)).join(', ');
  const hex = v.bits;
  const pairs = v.names.map((n) => `${n.name}=${hex ? `0x${n.value.toString(16)}` : n.value}`).join(', ');
  return `values ${scopes}${v.bits ? ' bits' : ''}: ${pairs}`;
}

function scopeMatches(s: ValueScope, event: string, field: string): boolean {
  if (s.field !== field) return false;
  if (s.event === '*') return true;
  return s.event.endsWith('*') ? event.startsWith(s.event.slice(0, -1)) : s.event === event;
}

/** How specific a scope is: an exact event beats a prefix, a prefix beats any event. */
function rank(s: ValueScope): number {
  if (s.event === '*') return 0;
  return s.event.endsWith('*') ? 1 : 2;
}

/** Looks names up both ways for one set of declarations; the most specific scope wins. */
export class ValueDecoder {
  private readonly cache = new Map<string, ValueNames | null>();

  constructor(readonly declarations: readonly ValueNames[]) {}

  /** The declaration that applies to `field` of events named `event`. */
  tableFor(event: string, field: string): ValueNames | undefined {
    const k = `${event}\u0000${field}`;
    let t = this.cache.get(k);
    if (t === undefined) {
      t = null;
      let best = -1;
      for (const d of this.declarations)
        for (const s of d.scopes)
          if (rank(s) > best && scopeMatches(s, event, field)) {
            best = rank(s);
            t = d;
          }
      this.cache.set(k, t);
    }
    return t ?? undefined;
  }

  /** True when some declaration names values of `field` (on any event). */
  names(field: string): boolean {
    return this.declarations.some((d) => d.scopes.some((s) => s.field === field));
  }

  /** The number a name stands for, on `field` of `event` ('*' = any event declaring the name). */
  lookup(event: string, field: string, name: string): number | undefined {
    if (event !== '*') return this.tableFor(event, field)?.names.find((n) => n.name === name)?.value;
    for (const d of this.declarations)
      if (d.scopes.some((s) => s.field === field)) {
        const hit = d.names.find((n) => n.name === name);
        if (hit) return hit.value;
      }
    return undefined;
  }

  /** "ACKNOWLEDGE|DRIVER|FEATURES_OK" for val 11 of virtio_set_status; undefined when nothing is declared or the raw value is no number. */
  decode(event: string, field: string, raw: string): string | undefined {
    const t = this.tableFor(event, field);
    if (!t) return undefined;
    const n = numericValue(raw);
    if (!Number.isInteger(n)) return undefined;
    const exact = t.names.find((x) => x.value === n);
    if (!t.bits) return exact?.name;
    if (exact) return exact.name;
    if (n === 0) return undefined;
    const parts: string[] = [];
    let rest = n;
    for (const x of t.names) {
      if (x.value !== 0 && (n & x.value) === x.value && (rest & x.value) !== 0) {
        parts.push(x.name);
        rest &= ~x.value;
      }
    }
    if (rest !== 0) parts.push(`0x${(rest >>> 0).toString(16)}`);
    return parts.join('|');
  }

  /** `val 11 = ACKNOWLEDGE|DRIVER|FEATURES_OK`, or `val 11` when no name applies. */
  describe(event: string, field: string, raw: string): string {
    const d = this.decode(event, field, raw);
    return d === undefined || d === raw ? `${field} ${raw}` : `${field} ${raw} = ${d}`;
  }
}

export const NO_VALUE_NAMES = new ValueDecoder([]);
