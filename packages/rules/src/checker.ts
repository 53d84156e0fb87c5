/**
 * The streaming checker: every rule in one pass over the trace in log order.
 * Each event goes only to the rules whose clocks can match its name; each
 * rule keeps one small monitor state per live key and forgets keys whose
 * state is back to the start, so memory follows live keys, not trace length.
 */
import { deviceContextAt, type FieldColumn, keyLabel, type Trace } from '@vqscope/trace';
import type { Rule, ValueNames } from './ast.ts';
import { clocksOfRule } from './clocks.ts';
import { type Key, KeyedStates } from './keyed-states.ts';
import { alternatesMonitor } from './monitors/alternates.ts';
import { countingMonitor } from './monitors/counting.ts';
import { drainedMonitor } from './monitors/drained.ts';
import { coincidesMonitor, excludesMonitor, subclockMonitor } from './monitors/instant.ts';
import { keepsBitsMonitor } from './monitors/keeps-bits.ts';
import { machineMonitor } from './monitors/machine.ts';
import { type MonitorKind, StepOutput } from './monitors/monitor.ts';
import { needsNotifyMonitor } from './monitors/needs-notify.ts';
import { builtinValueNames } from './packs/index.ts';
import { type CompiledSelector, compileSelector, numericValue, printSelector } from './selector.ts';
import { ValueDecoder } from './value-names.ts';
import { describeKey, type Violation, violationId, violationMessage } from './violation.ts';

const MAX_PENDING_PER_RULE = 100;
/** Past this many violations of one rule the rest are counted, not listed, so a flood cannot exhaust memory. */
export const MAX_LISTED_PER_RULE = 10_000;

export interface SatisfiedEdge {
  from: number;
  to: number;
  rule: number;
}

export interface RuleStats {
  rule: string;
  title: string;
  /** Events that ticked at least one clock of the rule. */
  events: number;
  violations: number;
  pending: number;
}

export interface CheckResult {
  violations: Violation[];
  stats: RuleStats[];
  /** Violations counted but not listed, per rule (past MAX_LISTED_PER_RULE). */
  unlisted: { rule: string; count: number }[];
}

interface Watch {
  v: Violation;
  detail: string;
  ticks: number;
}

interface CompiledRule {
  rule: Rule;
  clocks: CompiledSelector[];
  clockText: string[];
  reset?: CompiledSelector;
  monitor: MonitorKind<unknown>;
  keyCols: (FieldColumn | undefined)[];
  /** Value-table sizes of the key columns: a key tuple is one mixed-radix number when their product is exact. */
  keyRadix: number[];
  numericKeys: boolean;
  /** Per event name id: the clocks that tick on the name alone, and those whose field filters must be tested. */
  sureTicks: Int32Array;
  testTicks: number[][];
  /** The same for the reset selector: 1 = resets on the name alone, 2 = test it. */
  resetBy: Uint8Array;
  states: KeyedStates<unknown>;
  /** Violations waiting for their expected event, per key and expected-clock mask. */
  watches: Map<Key, Map<number, Watch[]>>;
  offences: Map<Key, number>;
  stats: RuleStats;
  unlisted: number;
  /** The rule's own value names, then the built-in packs': for its selectors and its messages. */
  values: ValueDecoder;
}

function monitorFor(rule: Rule, trace: Trace, clockText: string[], values: ValueDecoder): MonitorKind<unknown> {
  const b = rule.body;
  switch (b.kind) {
    case 'relation':
      switch (b.relation) {
        case 'precedes':
          return countingMonitor(true) as MonitorKind<unknown>;
        case 'causes':
          return countingMonitor(false) as MonitorKind<unknown>;
        case 'alternates':
          return alternatesMonitor as MonitorKind<unknown>;
        case 'excludes':
          return excludesMonitor as MonitorKind<unknown>;
        case 'coincides':
          return coincidesMonitor as MonitorKind<unknown>;
        case 'subclock':
          return subclockMonitor as MonitorKind<unknown>;
      }
      break;
    case 'drained':
      return drainedMonitor as MonitorKind<unknown>;
    case 'needs-notify': {
      const col = (f: string) => trace.fields.get(f);
      const [ev, nw, old] = [col(b.eventField), col(b.newField), col(b.oldField)];
      const num = (c: ReturnType<typeof col>, i: number) => (c && c.ids[i] !== 0 ? numericValue(c.values[c.ids[i]]) : Number.NaN);
      return needsNotifyMonitor((i) => [num(ev, i), num(nw, i), num(old, i)]) as MonitorKind<unknown>;
    }
    case 'keeps-bits': {
      const col = trace.fields.get(b.field);
      // `except` is a number or names of the field's values (`DRIVER_OK|FAILED`).
      let except = 0;
      for (const part of (b.except ?? '').split('|').filter((p) => p !== '')) {
        const n = numericValue(part);
        except |= Number.isNaN(n) ? (values.lookup(b.a.alternatives[0]?.name ?? '*', b.field, part) ?? 0) : n;
      }
      return keepsBitsMonitor(
        (i) => (col && col.ids[i] !== 0 ? col.values[col.ids[i]] : undefined),
        (i, bits) => values.decode(trace.names[trace.name[i]], b.field, String(bits)),
        except,
      ) as MonitorKind<unknown>;
    }
    case 'machine': {
      const m = b.machine;
      return machineMonitor(
        m,
        (state, t) => clockText.indexOf(printSelector((m.states.get(state) ?? [])[t].on)),
        clockText.length,
      ) as MonitorKind<unknown>;
    }
  }
}

/** What a selector needs to decide an event of name id n: 1 = matches on the name, 2 = test the fields, 0 = cannot match. */
function needFor(sel: CompiledSelector, n: number): 0 | 1 | 2 {
  if (sel.plainNameIds.has(n)) return 1;
  return sel.nameIds === null || sel.nameIds.has(n) ? 2 : 0;
}

function compileRule(rule: Rule, trace: Trace, values: ValueDecoder): CompiledRule {
  const selectors = clocksOfRule(rule);
  if (selectors.length > 31) throw new Error(`rule ${rule.id} has more than 31 distinct events`);
  const clockText = selectors.map(printSelector);
  const lookup = values.lookup.bind(values);
  const clocks = selectors.map((s) => compileSelector(s, trace, lookup));
  const reset = rule.reset ? compileSelector(rule.reset, trace, lookup) : undefined;
  const keyCols = rule.keys.map((k) => trace.fields.get(k));
  const keyRadix = keyCols.map((c) => Math.max(c?.values.length ?? 1, 1));
  const sureTicks = new Int32Array(trace.names.length);
  const testTicks: number[][] = trace.names.map(() => []);
  const resetBy = new Uint8Array(trace.names.length);
  for (let n = 0; n < trace.names.length; n++) {
    clocks.forEach((sel, c) => {
      const need = needFor(sel, n);
      if (need === 1) sureTicks[n] |= 1 << c;
      else if (need === 2) testTicks[n].push(c);
    });
    if (reset) resetBy[n] = needFor(reset, n);
  }
  return {
    rule,
    clocks,
    clockText,
    reset,
    monitor: monitorFor(rule, trace, clockText, values),
    keyCols,
    keyRadix,
    numericKeys: keyRadix.reduce((a, b) => a * b, 1) <= Number.MAX_SAFE_INTEGER,
    sureTicks,
    testTicks,
    resetBy,
    states: new KeyedStates(keyRadix.reduce((a, b) => a * b, 1)),
    watches: new Map(),
    offences: new Map(),
    stats: { rule: rule.id, title: rule.title, events: 0, violations: 0, pending: 0 },
    unlisted: 0,
    values,
  };
}

/** One decoder per distinct set of rule-file declarations, each followed by the built-in packs' names. */
function decodersFor(): (r: Rule) => ValueDecoder {
  const builtin = builtinValueNames();
  const byFile = new Map<readonly ValueNames[] | undefined, ValueDecoder>();
  return (r) => {
    let d = byFile.get(r.values);
    if (!d) {
      d = new ValueDecoder([...(r.values ?? []), ...builtin]);
      byFile.set(r.values, d);
    }
    return d;
  };
}

/** ` (req=GET_FEATURES, flags=VERSION_1|NEED_REPLY)`: the named values an event carries, '' when none. */
export function namedValuesOf(trace: Trace, i: number, values: ValueDecoder, skip: readonly string[] = []): string {
  const event = trace.names[trace.name[i]];
  const parts: string[] = [];
  for (const [field, col] of trace.fields) {
    const id = col.ids[i];
    if (id === 0 || skip.includes(field)) continue;
    const d = values.decode(event, field, col.values[id]);
    if (d !== undefined && d !== col.values[id]) parts.push(`${field} ${col.values[id]} = ${d}`);
  }
  return parts.join(', ');
}

/** How far back a machine violation looks for the key's previous event, to say what put it in its state. */
const CONTEXT_LOOKBACK = 20_000;

function keyOf(r: CompiledRule, i: number): Key {
  const cols = r.keyCols;
  if (cols.length === 0) return 0;
  if (cols.length === 1) return cols[0] ? cols[0].ids[i] : 0;
  if (r.numericKeys) {
    let n = 0;
    for (let c = 0; c < cols.length; c++) n = n * r.keyRadix[c] + (cols[c]?.ids[i] ?? 0);
    return n;
  }
  let k = '';
  for (const c of cols) k += `${c ? c.ids[i] : 0},`;
  return k;
}

function keyIsEmpty(key: Key): boolean {
  return key === 0 || (typeof key === 'string' && /^(0,)*$/.test(key));
}

function keyFields(r: CompiledRule, i: number): Record<string, string> {
  const out: Record<string, string> = {};
  r.rule.keys.forEach((k, n) => {
    const col = r.keyCols[n];
    if (col && col.ids[i] !== 0) out[k] = col.values[col.ids[i]];
  });
  return out;
}

export interface CheckOptions {
  /**
   * Collect satisfied edges whose target lies in [from, to]; checking starts at `start`
   * (default 0: exact) and stops after `to`.
   */
  edges?: { from: number; to: number; start?: number; max?: number; out: SatisfiedEdge[] };
  /** Called after each event with the monitors' state, for teach mode's step-through. */
  onStep?: (i: number, describe: () => string[]) => void;
}

export function checkTrace(trace: Trace, rules: readonly Rule[], opts: CheckOptions = {}): CheckResult {
  const decoderOf = decodersFor();
  const compiled = rules.map((r) => compileRule(r, trace, decoderOf(r)));
  // Dispatch table: name id → rules that can see it.
  const byName: number[][] = trace.names.map(() => []);
  const wildcard: number[] = [];
  compiled.forEach((r, ri) => {
    const ids = new Set<number>();
    let any = false;
    for (const c of [...r.clocks, ...(r.reset ? [r.reset] : [])]) {
      if (c.nameIds === null) any = true;
      else for (const id of c.nameIds) ids.add(id);
    }
    if (any) wildcard.push(ri);
    else for (const id of ids) byName[id].push(ri);
  });

  const violations: Violation[] = [];
  const ruleIndex = new Map(compiled.map((r, i) => [r.rule.id, i]));
  const out = new StepOutput();
  const names = trace.name;
  const ts = trace.ts;
  const edges = opts.edges;
  const end = edges ? Math.min(trace.count, edges.to + 1) : trace.count;

  const visit = (r: CompiledRule, ri: number, i: number) => {
    const name = names[i];
    let ticks = r.sureTicks[name];
    const test = r.testTicks[name];
    for (let k = 0; k < test.length; k++) if (r.clocks[test[k]].matches(i)) ticks |= 1 << test[k];
    const resetBy = r.resetBy[name];
    const isReset = resetBy === 1 || (resetBy === 2 && (r.reset as CompiledSelector).matches(i));
    if (ticks === 0 && !isReset) return;
    const key = keyOf(r, i);
    if (isReset) {
      if (keyIsEmpty(key)) r.states.clear();
      else r.states.delete(key);
    }
    if (ticks === 0) return;
    r.stats.events++;
    if (r.watches.size > 0) resolveWatches(r, key, i, ticks);
    let st = r.states.get(key);
    const isNew = st === undefined;
    if (isNew) st = r.monitor.fresh();
    out.reset();
    r.monitor.step(st, i, ticks, out);
    // A replay for edges may start mid-trace, where fresh keys see "violations" that are not: it records none.
    if (out.violated && !edges) {
      if (r.stats.violations < MAX_LISTED_PER_RULE) violations.push(record(r, key, i, ticks));
      else {
        r.stats.violations++;
        r.unlisted++;
      }
    } else if (edges && out.edgeFrom >= 0 && i >= edges.from && edges.out.length < (edges.max ?? 100_000))
      edges.out.push({ from: out.edgeFrom, to: i, rule: ri });
    if (r.monitor.idle(st)) {
      if (!isNew) r.states.delete(key);
    } else if (isNew) r.states.set(key, st);
  };

  const record = (r: CompiledRule, key: Key, i: number, ticks: number): Violation => {
    const ordinal = (r.offences.get(key) ?? 0) + 1;
    r.offences.set(key, ordinal);
    r.stats.violations++;
    const fields = keyFields(r, i);
    const keyText = describeKey(fields);
    const expected = clockTextOf(r, out.expectedMask);
    const detail = out.detail + machineContext(r, key, i);
    const v: Violation = {
      // The id hashes the raw key text, so it stays the same whatever device names the trace shows.
      id: violationId(r.rule.id, keyText, ordinal),
      rule: r.rule.id,
      title: r.rule.title,
      severity: out.advisory ? 'warning' : r.rule.severity,
      cite: r.rule.cite,
      reading: r.rule.reading,
      key: keyLabel(fields, deviceContextAt(trace, i)),
      keyFields: fields,
      event: i,
      line: trace.line[i],
      expected,
      message: '',
      kind: out.kind,
      edge: { to: i },
    };
    v.message = messageOf(v, detail, ticks);
    if (out.kind === 'missing-before' && out.expectedMask !== 0) {
      let byMask = r.watches.get(key);
      if (!byMask) {
        byMask = new Map();
        r.watches.set(key, byMask);
      }
      const list = byMask.get(out.expectedMask);
      if (list) list.push({ v, detail, ticks });
      else byMask.set(out.expectedMask, [{ v, detail, ticks }]);
    }
    return v;
  };

  /**
   * "; last virtio_set_status at line 358: val 11 = ACKNOWLEDGE|DRIVER|FEATURES_OK": the key's previous event of the
   * machine, when it carries named values, says why the machine is where it is. Found by looking back (violations
   * are few), since a machine back in its initial state keeps no memory of the key.
   */
  const machineContext = (r: CompiledRule, key: Key, i: number): string => {
    if (r.rule.body.kind !== 'machine' || r.stats.violations > 1000) return '';
    for (let j = i - 1; j >= 0 && j >= i - CONTEXT_LOOKBACK; j--) {
      const n = names[j];
      const sure = r.sureTicks[n] !== 0;
      if (!sure && !r.testTicks[n].some((c) => r.clocks[c].matches(j))) continue;
      if (keyOf(r, j) !== key) continue;
      const named = namedValuesOf(trace, j, r.values, r.rule.keys);
      return named ? `; last ${trace.names[n]} at line ${trace.line[j]}: ${named}` : '';
    }
    return '';
  };

  const messageOf = (v: Violation, detail: string, ticks: number) =>
    violationMessage({
      kind: v.kind,
      expected: v.expected,
      offending: trace.names[names[v.event]],
      values: namedValuesOf(trace, v.event, compiled[ruleIndex.get(v.rule) ?? 0].values, compiled[ruleIndex.get(v.rule) ?? 0].rule.keys),
      ticked: clockTextOf(compiled[ruleIndex.get(v.rule) ?? 0], ticks),
      key: v.key,
      line: v.line,
      expectedLine: v.expectedLine,
      gapNs: v.expectedEvent === undefined ? undefined : ts[v.expectedEvent] - ts[v.event],
      detail,
    });

  // Every watch is resolved once, by the first later tick of one of its expected clocks: O(1) amortised.
  const resolveWatches = (r: CompiledRule, key: Key, i: number, ticks: number) => {
    const byMask = r.watches.get(key);
    if (!byMask) return;
    for (const [mask, list] of byMask) {
      if ((mask & ticks) === 0) continue;
      for (const w of list) {
        w.v.expectedEvent = i;
        w.v.expectedLine = trace.line[i];
        w.v.edge.from = i;
        w.v.message = messageOf(w.v, w.detail, w.ticks);
      }
      byMask.delete(mask);
    }
    if (byMask.size === 0) r.watches.delete(key);
  };

  for (let i = edges?.start ?? 0; i < end; i++) {
    const list = byName[names[i]];
    for (let k = 0; k < list.length; k++) visit(compiled[list[k]], list[k], i);
    for (let k = 0; k < wildcard.length; k++) visit(compiled[wildcard[k]], wildcard[k], i);
    if (opts.onStep) opts.onStep(i, () => compiled.map((r) => describeStates(r)));
  }
  if (!edges) violations.push(...pendingAtEnd(compiled, trace).sort((a, b) => a.event - b.event));
  return {
    violations,
    stats: compiled.map((r) => r.stats),
    unlisted: compiled.filter((r) => r.unlisted > 0).map((r) => ({ rule: r.rule.id, count: r.unlisted })),
  };
}

function clockTextOf(r: CompiledRule, mask: number): string[] {
  return r.clockText.filter((_, c) => mask & (1 << c));
}

function describeStates(r: CompiledRule): string {
  if (r.states.size === 0) return `${r.rule.id}: all keys at start`;
  const parts: string[] = [];
  for (const [key, st] of r.states.entries()) {
    if (parts.length >= 8) {
      parts.push(`… ${r.states.size - 8} more`);
      break;
    }
    parts.push(`${describeKeyOfState(r, key) || '(all)'}: ${r.monitor.describe(st)}`);
  }
  return `${r.rule.id}: ${parts.join('; ')}`;
}

/** The value ids of a key, one per key column. */
function keyIds(r: CompiledRule, key: Key): number[] {
  if (typeof key === 'string') return key.split(',').slice(0, -1).map(Number);
  const ids = new Array<number>(r.keyRadix.length).fill(0);
  let rest = key;
  for (let c = ids.length - 1; c >= 0; c--) {
    ids[c] = rest % r.keyRadix[c];
    rest = Math.floor(rest / r.keyRadix[c]);
  }
  return ids;
}

function describeKeyOfState(r: CompiledRule, key: Key): string {
  const ids = keyIds(r, key);
  const fields: Record<string, string> = {};
  r.rule.keys.forEach((k, n) => {
    const col = r.keyCols[n];
    if (col && ids[n]) fields[k] = col.values[ids[n]];
  });
  return describeKey(fields);
}

function pendingAtEnd(compiled: CompiledRule[], trace: Trace): Violation[] {
  const out: Violation[] = [];
  for (const r of compiled) {
    for (const [, st] of r.states.entries()) {
      const p = r.monitor.pending(st);
      if (!p || p.event < 0) continue;
      r.stats.pending++;
      if (r.stats.pending > MAX_PENDING_PER_RULE) continue;
      const fields = keyFields(r, p.event);
      const keyText = describeKey(fields);
      const label = keyLabel(fields, deviceContextAt(trace, p.event));
      const expected = clockTextOf(r, p.expectedMask);
      out.push({
        id: violationId(r.rule.id, keyText, trace.line[p.event], true),
        rule: r.rule.id,
        title: r.rule.title,
        severity: r.rule.open ?? 'note',
        cite: r.rule.cite,
        reading: r.rule.reading,
        key: label,
        keyFields: fields,
        event: p.event,
        line: trace.line[p.event],
        expected,
        message: violationMessage({
          kind: 'pending',
          expected,
          offending: trace.names[trace.name[p.event]],
          ticked: [],
          key: label,
          line: trace.line[p.event],
          detail: p.detail,
        }),
        kind: 'pending',
        edge: { to: p.event },
        pending: true,
      });
    }
  }
  return out;
}

/**
 * Satisfied happens-before edges ending in events [from, to], found by replaying the rules
 * from `start` (0 = the whole prefix, exact; later = faster, but edges whose source lies
 * before `start` are missed) up to `to`. Nothing is stored between calls.
 */
export function satisfiedEdges(trace: Trace, rules: readonly Rule[], from: number, to: number, max = 100_000, start = 0): SatisfiedEdge[] {
  const out: SatisfiedEdge[] = [];
  checkTrace(trace, rules, { edges: { from, to, max, out, start } });
  return out;
}
