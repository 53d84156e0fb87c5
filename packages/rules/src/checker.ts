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
  /** The offending event's name, named values and timestamp, kept so that a resolution needs no past event. */
  offending: string;
  values: string;
  /** Its line (or file:line on a merged trace), for the message. */
  where: number | string;
  ts: number;
}

/** How many recent events of a live key a live check remembers (line and name), for messages about them. */
const MEMO_PER_KEY = 16;

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
  /** Live checks only: per live key, [event, line, name id] of its first and latest events. */
  memo?: Map<Key, number[]>;
  /** Live checks of machines only: per key, what its latest event says (see machineContext). */
  context?: Map<Key, string>;
  /** The rule's own value names, then the built-in packs': for its selectors and its messages. */
  values: ValueDecoder;
}

/** Reads of the current batch's columns by global event index, shared by the monitors that read field values. */
class BatchColumns {
  trace!: Trace;
  base = 0;
  private readonly slots = new Map<string, { col: FieldColumn | undefined }>();

  bind(trace: Trace, base: number): void {
    this.trace = trace;
    this.base = base;
    for (const [field, slot] of this.slots) slot.col = trace.fields.get(field);
  }

  /** The event name of global index g (an event of the current batch). */
  nameAt(g: number): string {
    return this.trace.names[this.trace.name[g - this.base]];
  }

  /** A reader of one field's value at global index g (an event of the current batch). */
  reader(field: string): (g: number) => string | undefined {
    let slot = this.slots.get(field);
    if (!slot) {
      slot = { col: this.trace?.fields.get(field) };
      this.slots.set(field, slot);
    }
    const s = slot;
    return (g) => {
      const c = s.col;
      if (!c) return undefined;
      const id = c.id(g - this.base);
      return id === 0 ? undefined : c.values[id];
    };
  }
}

function monitorFor(rule: Rule, cols: BatchColumns, clockText: string[], values: ValueDecoder): MonitorKind<unknown> {
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
      const [ev, nw, old] = [cols.reader(b.eventField), cols.reader(b.newField), cols.reader(b.oldField)];
      const num = (v: string | undefined) => (v === undefined ? Number.NaN : numericValue(v));
      return needsNotifyMonitor((g) => [num(ev(g)), num(nw(g)), num(old(g))]) as MonitorKind<unknown>;
    }
    case 'keeps-bits': {
      // `except` is a number or names of the field's values (`DRIVER_OK|FAILED`).
      let except = 0;
      for (const part of (b.except ?? '').split('|').filter((p) => p !== '')) {
        const n = numericValue(part);
        except |= Number.isNaN(n) ? (values.lookup(b.a.alternatives[0]?.name ?? '*', b.field, part) ?? 0) : n;
      }
      return keepsBitsMonitor(
        cols.reader(b.field),
        (g, bits) => values.decode(cols.nameAt(g), b.field, String(bits)),
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

/**
 * A rule compiled against a trace. A live check cannot size keys by the value tables (they grow),
 * so there a key of several fields is a string and states sit in a Map.
 */
function compileRule(rule: Rule, trace: Trace, cols: BatchColumns, live: boolean, values: ValueDecoder, remembers = live): CompiledRule {
  const selectors = clocksOfRule(rule);
  if (selectors.length > 31) throw new Error(`rule ${rule.id} has more than 31 distinct events`);
  const clockText = selectors.map(printSelector);
  const lookup = values.lookup.bind(values);
  const clocks = selectors.map((s) => compileSelector(s, trace, lookup));
  const reset = rule.reset ? compileSelector(rule.reset, trace, lookup) : undefined;
  const keyCols = rule.keys.map((k) => trace.fields.get(k));
  const keyRadix = keyCols.map((c) => Math.max(c?.values.length ?? 1, 1));
  const keySpace = keyRadix.reduce((a, b) => a * b, 1);
  const r: CompiledRule = {
    rule,
    clocks,
    clockText,
    reset,
    monitor: monitorFor(rule, cols, clockText, values),
    keyCols,
    keyRadix,
    numericKeys: live ? rule.keys.length <= 1 : keySpace <= Number.MAX_SAFE_INTEGER,
    sureTicks: new Int32Array(0),
    testTicks: [],
    resetBy: new Uint8Array(0),
    states: new KeyedStates(live ? Number.POSITIVE_INFINITY : keySpace),
    watches: new Map(),
    offences: new Map(),
    stats: { rule: rule.id, title: rule.title, events: 0, violations: 0, pending: 0 },
    unlisted: 0,
    values,
  };
  if (remembers) r.memo = new Map();
  if (remembers && rule.body.kind === 'machine') r.context = new Map();
  addNames(r, 0, trace.names.length);
  return r;
}

/** Fills the per-name tables for name ids [from, to): names met for the first time. */
function addNames(r: CompiledRule, from: number, to: number): void {
  if (r.sureTicks.length < to) {
    const sure = new Int32Array(to);
    sure.set(r.sureTicks);
    r.sureTicks = sure;
    const resetBy = new Uint8Array(to);
    resetBy.set(r.resetBy);
    r.resetBy = resetBy;
  }
  for (let n = from; n < to; n++) {
    const test: number[] = [];
    r.clocks.forEach((sel, c) => {
      const need = needFor(sel, n);
      if (need === 1) r.sureTicks[n] |= 1 << c;
      else if (need === 2) test.push(c);
    });
    r.testTicks[n] = test;
    if (r.reset) r.resetBy[n] = needFor(r.reset, n);
  }
}

/** Binds a compiled rule to a later state of the same growing trace. */
function rebindRule(r: CompiledRule, trace: Trace): void {
  for (const c of r.clocks) c.rebind(trace);
  r.reset?.rebind(trace);
  r.keyCols = r.rule.keys.map((k) => trace.fields.get(k));
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
    const id = col.id(i);
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
  if (cols.length === 1) return cols[0] ? cols[0].id(i) : 0;
  if (r.numericKeys) {
    let n = 0;
    for (let c = 0; c < cols.length; c++) n = n * r.keyRadix[c] + (cols[c]?.id(i) ?? 0);
    return n;
  }
  let k = '';
  for (const c of cols) k += `${c ? c.id(i) : 0},`;
  return k;
}

function keyIsEmpty(key: Key): boolean {
  return key === 0 || (typeof key === 'string' && /^(0,)*$/.test(key));
}

function keyFields(r: CompiledRule, i: number): Record<string, string> {
  const out: Record<string, string> = {};
  r.rule.keys.forEach((k, n) => {
    const col = r.keyCols[n];
    if (col && col.id(i) !== 0) out[k] = col.values[col.id(i)];
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

/**
 * One checking pass over events in log order: the compiled rules with their states, fed one batch
 * of events at a time (a whole trace is one batch).
 */
class CheckPass {
  readonly compiled: CompiledRule[];
  private readonly byName: number[][] = [];
  private readonly wildcard: number[] = [];
  private readonly ruleIndex: Map<string, number>;
  private readonly out = new StepOutput();
  private readonly cols = new BatchColumns();
  private trace: Trace;
  private base = 0;

  /** A live check that forgets its batches remembers a few events per key for its messages; one given the whole trace each time looks back in it. */
  private readonly remembers: boolean;

  constructor(
    trace: Trace,
    rules: readonly Rule[],
    private readonly live: boolean,
    wholeTrace = false,
  ) {
    this.trace = trace;
    this.remembers = live && !wholeTrace;
    this.cols.bind(trace, 0);
    const decoderOf = decodersFor();
    this.compiled = rules.map((r) => compileRule(r, trace, this.cols, live, decoderOf(r), this.remembers));
    this.ruleIndex = new Map(this.compiled.map((r, i) => [r.rule.id, i]));
    this.compiled.forEach((r, ri) => {
      if ([...r.clocks, ...(r.reset ? [r.reset] : [])].some((c) => c.nameIds === null)) this.wildcard.push(ri);
    });
    this.addNames(0, trace.names.length);
  }

  /** Dispatch table: name id → rules that can see it (wildcard rules see every event apart). */
  private addNames(from: number, to: number): void {
    for (let n = from; n < to; n++) {
      const list: number[] = [];
      this.compiled.forEach((r, ri) => {
        if (this.wildcard.includes(ri)) return;
        if (r.clocks.some((c) => c.nameIds?.has(n)) || r.reset?.nameIds?.has(n)) list.push(ri);
      });
      this.byName[n] = list;
    }
  }

  /** Moves to the next batch of a growing trace; its first event has global index `base`. */
  bind(trace: Trace, base: number): void {
    this.trace = trace;
    this.base = base;
    this.cols.bind(trace, base);
    const known = this.byName.length;
    for (const r of this.compiled) {
      rebindRule(r, trace);
      addNames(r, known, trace.names.length);
    }
    this.addNames(known, trace.names.length);
  }

  /**
   * Checks the current batch's events [from, to); each violation goes to `found`. With `edges`,
   * collects satisfied edges instead of violations.
   */
  run(from: number, to: number, found: (v: Violation) => void, opts: CheckOptions = {}): void {
    const { compiled, byName, wildcard, out, trace, base } = this;
    const memo = this.remembers;
    const names = trace.name;
    const where = lineLabel(trace);
    const edges = opts.edges;

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
        if (keyIsEmpty(key)) {
          r.states.clear();
          r.memo?.clear();
        } else {
          r.states.delete(key);
          r.memo?.delete(key);
        }
      }
      if (ticks === 0) return;
      const g = base + i;
      r.stats.events++;
      if (r.watches.size > 0) resolveWatches(r, key, i, ticks);
      let st = r.states.get(key);
      const isNew = st === undefined;
      if (isNew) st = r.monitor.fresh();
      out.reset();
      r.monitor.step(st, g, ticks, out);
      // A replay for edges may start mid-trace, where fresh keys see "violations" that are not: it records none.
      if (out.violated && !edges) {
        if (r.stats.violations < MAX_LISTED_PER_RULE) found(record(r, key, i, ticks));
        else {
          r.stats.violations++;
          r.unlisted++;
        }
      } else if (edges && out.edgeFrom >= 0 && i >= edges.from && edges.out.length < (edges.max ?? 100_000))
        edges.out.push({ from: out.edgeFrom, to: i, rule: ri });
      if (r.monitor.idle(st)) {
        if (!isNew) {
          r.states.delete(key);
          if (memo) r.memo?.delete(key);
        }
      } else {
        if (isNew) r.states.set(key, st);
        if (memo) remember(r, key, g, trace.line.get(i), name);
      }
      if (memo && r.context) {
        const named = namedValuesOf(trace, i, r.values, r.rule.keys);
        r.context.set(key, named ? `; last ${trace.names[name]} at line ${trace.line.get(i)}: ${named}` : '');
      }
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
        event: base + i,
        line: trace.line.get(i),
        expected,
        message: '',
        kind: out.kind,
        edge: { to: base + i },
      };
      const offending = trace.names[names[i]];
      const values = namedValuesOf(trace, i, r.values, r.rule.keys);
      v.message = messageOf(v, detail, ticks, offending, values, where(i), undefined, Number.NaN);
      if (out.kind === 'missing-before' && out.expectedMask !== 0) {
        let byMask = r.watches.get(key);
        if (!byMask) {
          byMask = new Map();
          r.watches.set(key, byMask);
        }
        const w: Watch = { v, detail, ticks, offending, values, where: where(i), ts: trace.ts.get(i) };
        const list = byMask.get(out.expectedMask);
        if (list) list.push(w);
        else byMask.set(out.expectedMask, [w]);
      }
      return v;
    };

    /**
     * "; last virtio_set_status at line 358: val 11 = ACKNOWLEDGE|DRIVER|FEATURES_OK": the key's previous event of the
     * machine, when it carries named values, says why the machine is where it is. Found by looking back (violations
     * are few), since a machine back in its initial state keeps no memory of the key; a live check, which keeps no
     * past batches, remembers it per key instead.
     */
    const machineContext = (r: CompiledRule, key: Key, i: number): string => {
      if (r.rule.body.kind !== 'machine' || r.stats.violations > 1000) return '';
      if (r.context) return r.context.get(key) ?? '';
      for (let j = i - 1; j >= 0 && j >= i - CONTEXT_LOOKBACK; j--) {
        const n = names[j];
        const sure = r.sureTicks[n] !== 0;
        if (!sure && !r.testTicks[n].some((c) => r.clocks[c].matches(j))) continue;
        if (keyOf(r, j) !== key) continue;
        const named = namedValuesOf(trace, j, r.values, r.rule.keys);
        return named ? `; last ${trace.names[n]} at ${atLine(where(j))}: ${named}` : '';
      }
      return '';
    };

    const messageOf = (
      v: Violation,
      detail: string,
      ticks: number,
      offending: string,
      values: string,
      at: number | string,
      expectedAt: number | string | undefined,
      gapNs: number,
    ) =>
      violationMessage({
        kind: v.kind,
        expected: v.expected,
        offending,
        values,
        ticked: clockTextOf(compiled[this.ruleIndex.get(v.rule) ?? 0], ticks),
        key: v.key,
        line: at,
        expectedLine: expectedAt,
        gapNs: v.expectedEvent === undefined ? undefined : gapNs,
        detail,
        open: this.live,
      });

    // Every watch is resolved once, by the first later tick of one of its expected clocks: O(1) amortised.
    const resolveWatches = (r: CompiledRule, key: Key, i: number, ticks: number) => {
      const byMask = r.watches.get(key);
      if (!byMask) return;
      for (const [mask, list] of byMask) {
        if ((mask & ticks) === 0) continue;
        for (const w of list) {
          w.v.expectedEvent = base + i;
          w.v.expectedLine = trace.line.get(i);
          w.v.edge.from = base + i;
          w.v.message = messageOf(w.v, w.detail, w.ticks, w.offending, w.values, w.where, where(i), trace.ts.get(i) - w.ts);
        }
        byMask.delete(mask);
      }
      if (byMask.size === 0) r.watches.delete(key);
    };

    for (let i = from; i < to; i++) {
      const list = byName[names[i]];
      for (let k = 0; k < list.length; k++) visit(compiled[list[k]], list[k], i);
      for (let k = 0; k < wildcard.length; k++) visit(compiled[wildcard[k]], wildcard[k], i);
      if (opts.onStep) opts.onStep(base + i, () => compiled.map((r) => describeStates(r)));
    }
  }

  /** The input ended: a violation whose expected event has not come says that it never came. */
  closeWatches(): void {
    for (const r of this.compiled) {
      for (const byMask of r.watches.values())
        for (const list of byMask.values())
          for (const w of list)
            w.v.message = violationMessage({
              kind: w.v.kind,
              expected: w.v.expected,
              offending: w.offending,
              values: w.values,
              ticked: clockTextOf(r, w.ticks),
              key: w.v.key,
              line: w.where,
              detail: w.detail,
            });
      r.watches.clear();
    }
  }

  /** Obligations still open: what the trace's events say about them (line, name), by global index. */
  pending(lookup: EventLookup): Violation[] {
    return pendingAtEnd(this.compiled, lookup).sort((a, b) => a.event - b.event);
  }

  result(violations: Violation[]): CheckResult {
    return {
      violations,
      stats: this.compiled.map((r) => r.stats),
      unlisted: this.compiled.filter((r) => r.unlisted > 0).map((r) => ({ rule: r.rule.id, count: r.unlisted })),
    };
  }
}

/** Remembers a live key's event: the first one since the key left its start, and the latest few. */
function remember(r: CompiledRule, key: Key, g: number, line: number, name: number): void {
  const memo = r.memo as Map<Key, number[]>;
  const m = memo.get(key);
  if (!m) {
    memo.set(key, [g, line, name]);
    return;
  }
  if (m.length >= 3 * (MEMO_PER_KEY + 1)) m.splice(3, 3);
  m.push(g, line, name);
}

/** Line and name of an event by global index. */
interface EventLookup {
  line(r: CompiledRule, key: Key, g: number): number;
  name(r: CompiledRule, key: Key, g: number): string;
  /** The key as shown, with the device names the event's fields give. */
  label(g: number, fields: Record<string, string>): string;
  /** Its line for messages (file:line on a merged trace). */
  where(r: CompiledRule, key: Key, g: number): number | string;
}

function traceLookup(trace: Trace): EventLookup {
  const where = lineLabel(trace);
  return {
    line: (_r, _k, g) => trace.line.get(g),
    name: (_r, _k, g) => trace.names[trace.name[g]],
    label: (g, fields) => keyLabel(fields, deviceContextAt(trace, g)),
    where: (_r, _k, g) => where(g),
  };
}

export function checkTrace(trace: Trace, rules: readonly Rule[], opts: CheckOptions = {}): CheckResult {
  const pass = new CheckPass(trace, rules, false);
  const violations: Violation[] = [];
  const edges = opts.edges;
  const end = edges ? Math.min(trace.count, edges.to + 1) : trace.count;
  pass.run(edges?.start ?? 0, end, (v) => violations.push(v), opts);
  if (!edges) violations.push(...pass.pending(traceLookup(trace)));
  return pass.result(violations);
}

/**
 * The checker for input that keeps coming (a followed file, stdin): feed it each batch of new
 * events as it is read; each violation goes to `onViolation` as soon as its event is checked.
 * A batch may be forgotten once fed: the checker keeps state per live key only (and, per live
 * key, the line and name of a few recent events, for the message of an obligation still open at
 * the end). The answer is the batch checker's: same violations, ids and order; only a violation
 * whose expected event had not come yet when it was reported says so instead of where it came.
 */
export class IncrementalChecker {
  private pass: CheckPass | undefined;
  private readonly rules: readonly Rule[];
  private events = 0;
  /** The last batch fed, to look up its events at the end. */
  private last: { trace: Trace; base: number } | undefined;

  constructor(
    rules: readonly Rule[],
    private readonly onViolation: (v: Violation) => void,
  ) {
    this.rules = rules;
  }

  /** Events checked so far. */
  get count(): number {
    return this.events;
  }

  /**
   * Checks every event of `batch`, a trace holding the events that follow those fed before (its
   * name and value tables are the same growing tables, or a later state of them).
   */
  feed(batch: Trace): void {
    if (!this.pass) this.pass = new CheckPass(batch, this.rules, true);
    else this.pass.bind(batch, this.events);
    this.pass.run(0, batch.count, this.onViolation);
    this.last = { trace: batch, base: this.events };
    this.events += batch.count;
  }

  /**
   * Checks the events of `trace` past those checked so far, where `trace` is the whole trace so far
   * (a later snapshot of the one fed before, as a followed file in the page has): the checker goes
   * on from its state, and what it looks up about earlier events it finds in `trace` (so it keeps no
   * memo of recent events per key). Not to be mixed with `feed` on one checker.
   */
  feedGrown(trace: Trace): void {
    if (!this.pass) this.pass = new CheckPass(trace, this.rules, true, true);
    else this.pass.bind(trace, 0);
    this.pass.run(this.events, trace.count, this.onViolation);
    this.last = { trace, base: 0 };
    this.events = trace.count;
  }

  /**
   * What `end` would report now, of the whole trace so far fed with feedGrown: the obligations open
   * now (pending) and the per-rule counts. The checker is not ended; violations still waiting for
   * their expected event keep saying that it has not come yet.
   */
  now(trace: Trace): CheckResult {
    if (!this.pass) return { violations: [], stats: [], unlisted: [] };
    const counted = this.pass.compiled.map((r) => r.stats.pending);
    const pending = this.pass.pending(traceLookup(trace));
    const result = this.pass.result(pending);
    result.stats = result.stats.map((s) => ({ ...s }));
    this.pass.compiled.forEach((r, i) => {
      r.stats.pending = counted[i];
    });
    return result;
  }

  /** The obligations still open at the end (reported as pending), and the per-rule counts. */
  end(): CheckResult {
    if (!this.pass) return { violations: [], stats: [], unlisted: [] };
    this.pass.closeWatches();
    const batch = this.last?.trace;
    const base = this.last?.base ?? 0;
    /** Index of event g in the last batch, or -1 when it came in an earlier (forgotten) batch. */
    const local = (g: number) => (batch && g >= base && g < base + batch.count ? g - base : -1);
    const memoOf = (r: CompiledRule, key: Key, g: number, slot: 1 | 2): number => {
      const m = r.memo?.get(key) ?? [];
      for (let k = 0; k < m.length; k += 3) if (m[k] === g) return m[k + slot];
      return -1;
    };
    const line = (r: CompiledRule, key: Key, g: number) => {
      const i = local(g);
      return batch && i >= 0 ? batch.line.get(i) : memoOf(r, key, g, 1);
    };
    const pending = this.pass.pending({
      line,
      name: (r, key, g) => {
        const i = local(g);
        if (batch && i >= 0) return batch.names[batch.name[i]];
        const id = memoOf(r, key, g, 2);
        return id < 0 ? (r.clockText[0] ?? '?') : (batch?.names[id] ?? '?');
      },
      // The device context of an event of an earlier batch is gone: the key is shown with its raw values.
      label: (g, fields) => {
        const i = local(g);
        return keyLabel(fields, batch && i >= 0 ? deviceContextAt(batch, i) : {});
      },
      where: line,
    });
    return this.pass.result(pending);
  }
}

const atLine = (w: number | string) => (typeof w === 'number' ? `line ${w}` : w);

/** Where event i is, for messages: its line, or "file:line" on a trace merged from several files. */
export function lineLabel(trace: Trace): (i: number) => number | string {
  const { file, files } = trace;
  if (!file || !files) return (i) => trace.line.get(i);
  const short = files.map((f) => f.split(/[\\/]/).pop() ?? f);
  return (i) => `${short[file[i]]}:${trace.line.get(i)}`;
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
  if (r.keyRadix.length <= 1) return [key];
  const ids = new Array<number>(r.keyRadix.length).fill(0);
  let rest = key;
  for (let c = ids.length - 1; c >= 0; c--) {
    ids[c] = rest % r.keyRadix[c];
    rest = Math.floor(rest / r.keyRadix[c]);
  }
  return ids;
}

function keyFieldsOfState(r: CompiledRule, key: Key): Record<string, string> {
  const ids = keyIds(r, key);
  const fields: Record<string, string> = {};
  r.rule.keys.forEach((k, n) => {
    const col = r.keyCols[n];
    if (col && ids[n]) fields[k] = col.values[ids[n]];
  });
  return fields;
}

function describeKeyOfState(r: CompiledRule, key: Key): string {
  return describeKey(keyFieldsOfState(r, key));
}

function pendingAtEnd(compiled: CompiledRule[], lookup: EventLookup): Violation[] {
  const out: Violation[] = [];
  for (const r of compiled) {
    for (const [key, st] of r.states.entries()) {
      const p = r.monitor.pending(st);
      if (!p || p.event < 0) continue;
      r.stats.pending++;
      if (r.stats.pending > MAX_PENDING_PER_RULE) continue;
      const fields = keyFieldsOfState(r, key);
      const keyText = describeKey(fields);
      const label = lookup.label(p.event, fields);
      const expected = clockTextOf(r, p.expectedMask);
      const line = lookup.line(r, key, p.event);
      out.push({
        id: violationId(r.rule.id, keyText, line, true),
        rule: r.rule.id,
        title: r.rule.title,
        severity: r.rule.open ?? 'note',
        cite: r.rule.cite,
        reading: r.rule.reading,
        key: label,
        keyFields: fields,
        event: p.event,
        line,
        expected,
        message: violationMessage({
          kind: 'pending',
          expected,
          offending: lookup.name(r, key, p.event),
          ticked: [],
          key: label,
          line: lookup.where(r, key, p.event),
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
