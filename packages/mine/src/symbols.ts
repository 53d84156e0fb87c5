/**
 * The symbols the miner relates under one key: each name of the key's
 * alphabet, and `name[field=value]` for the few-valued fields that may split
 * its behaviour. An event ticks its name's symbol and at most one filtered
 * symbol per split field, found by array reads on value ids.
 */
import type { EventPattern, Selector } from '@vqscope/rules';
import type { FieldColumn, Trace } from '@vqscope/trace';
import { normalValue, type Survey } from './survey.ts';
import { upsert } from './upsert.ts';

export interface Sym {
  name: string;
  filter?: { field: string; value: string };
}

export function symSelector(s: Sym): Selector {
  const p: EventPattern = { name: s.name, filters: s.filter ? [{ field: s.filter.field, op: '=', value: s.filter.value }] : [] };
  return { alternatives: [p] };
}

export interface SymbolTable {
  syms: Sym[];
  /** Index of each plain name's symbol among the plain names (the machines' alphabet), or -1. */
  plainIndex: number[];
  /** Number of plain names (they come first in syms). */
  plain: number;
}

export function symbolsFor(survey: Survey, alphabet: readonly string[]): SymbolTable {
  const syms: Sym[] = alphabet.map((name) => ({ name }));
  for (const name of alphabet)
    for (const { field, values } of survey.splits.get(name) ?? [])
      for (const value of values) syms.push({ name, filter: { field, value } });
  return { syms, plainIndex: syms.map((s, i) => (s.filter ? -1 : i)), plain: alphabet.length };
}

/** A symbol table bound to one trace: the symbols each event ticks. */
export interface BoundSymbols {
  /** Per trace name id: its plain symbol, or -1 when the name is not in the alphabet. */
  plainOf: Int32Array;
  /** Per trace name id: split fields, each a column and a symbol per value id (-1 = none). */
  splitsOf: { col: FieldColumn; symOf: Int32Array }[][];
}

export function bindSymbols(table: SymbolTable, trace: Trace): BoundSymbols {
  const plainOf = new Int32Array(trace.names.length).fill(-1);
  const splitsOf: BoundSymbols['splitsOf'] = trace.names.map(() => []);
  const byName = new Map<string, number>();
  table.syms.forEach((s, i) => {
    if (!s.filter) byName.set(s.name, i);
  });
  trace.names.forEach((n, id) => {
    plainOf[id] = byName.get(n) ?? -1;
  });
  const perNameField = new Map<string, Map<string, number>>();
  table.syms.forEach((s, i) => {
    if (!s.filter) return;
    const k = `${s.name}\u0000${s.filter.field}`;
    const m = upsert(perNameField, k, () => new Map());
    m.set(s.filter.value, i);
  });
  for (const [k, byValue] of perNameField) {
    const [name, field] = k.split('\u0000');
    const id = trace.names.indexOf(name);
    const col = trace.fields.get(field);
    if (id < 0 || !col) continue;
    const symOf = new Int32Array(col.values.length).fill(-1);
    col.values.forEach((v, vid) => {
      if (vid > 0) symOf[vid] = byValue.get(normalValue(v)) ?? -1;
    });
    splitsOf[id].push({ col, symOf });
  }
  return { plainOf, splitsOf };
}
