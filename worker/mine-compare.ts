/**
 * The worker's side of mining and comparing: mining the loaded trace in
 * steps (so progress is reported and a cancel is taken between them), and
 * comparing it with a second trace, with what the page needs to draw both
 * on one axis, lanes paired per key, and to replay the pair in teach mode.
 */
import { compareTraces, type Divergence, mineSteps, printMined, surveyTraces } from '@vqscope/mine';
import { describeKey, printRule, type Rule, toReportViolation } from '@vqscope/rules';
import { fromBase64Url, MAX_INFLATED, toBase64Url } from '@vqscope/share';
import { type IngestResult, readRawLines, type Trace } from '@vqscope/trace';
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import type { CompareLaneSide, CompareView, MinedCandidateView, MineProgress } from './protocol.ts';

/** Lanes drawn per comparison (the keys that diverge first), and events drawn per lane side. */
const MAX_PAIRED_LANES = 48;
const MAX_LANE_EVENTS = 20_000;
/** A replayable pair holds the first lines of each trace up to a little past what it shows, at most this many. */
const MAX_PAIR_LINES = 400;

export class MineJobs {
  private token = 0;

  /** Mines one trace; undefined when cancelled (a newer mine or a cancel). */
  async mine(trace: Trace, file: string, onProgress?: (p: MineProgress) => void): Promise<MinedCandidateView[] | undefined> {
    const my = ++this.token;
    const steps = mineSteps([{ file, trace }]);
    let last = 0;
    for (;;) {
      const r = steps.next();
      if (r.done) {
        return r.value.candidates.map((c) => ({
          id: c.id,
          kind: c.kind,
          key: c.key,
          title: c.rule.title,
          text: c.text,
          support: c.support.instances,
          keys: c.support.keys,
          printed: printMined([file], [c]),
        }));
      }
      const now = Date.now();
      if (now - last > 40) {
        last = now;
        onProgress?.(r.value);
        // Lets the cancel message in.
        await new Promise((res) => setTimeout(res, 0));
        if (my !== this.token) return undefined;
      }
    }
  }

  cancel(): void {
    this.token++;
  }
}

function laneSide(t: Trace, key: string, events: number[], timed: boolean, nameIndex: (n: string) => number): CompareLaneSide {
  const n = Math.min(events.length, MAX_LANE_EVENTS);
  const order: number[] = new Array(n);
  const time: number[] = new Array(n);
  const name: number[] = new Array(n);
  const line: number[] = new Array(n);
  const t0 = t.ts.get(0);
  for (let k = 0; k < n; k++) {
    const i = events[k];
    order[k] = i;
    // Time from the trace's own start, so two runs line up at their beginnings.
    time[k] = timed ? t.ts.get(i) - t0 : i;
    name[k] = nameIndex(t.names[t.name[i]]);
    line[k] = t.line.get(i);
  }
  return { key, order, time, name, line, truncated: events.length > n };
}

function timeUsable(t: Trace): boolean {
  for (let i = 0; i < t.count; i++) if (Number.isNaN(t.ts.get(i)) || (i > 0 && t.ts.get(i) < t.ts.get(i - 1))) return false;
  return t.count > 0;
}

/** Events of each value of `field` (value id → event indices); one list for the whole trace when there is no field. */
function eventsByValue(t: Trace, field: string | undefined): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const col = field ? t.fields.get(field) : undefined;
  for (let i = 0; i < t.count; i++) {
    const v = col ? col.id(i) : 0;
    if (col && v === 0) continue;
    let list = out.get(v);
    if (!list) {
      list = [];
      out.set(v, list);
    }
    list.push(i);
  }
  return out;
}

async function prefixText(source: Blob, ingest: IngestResult, lastLine: number): Promise<string> {
  const t = ingest.trace;
  const idx: number[] = [];
  for (let i = 0; i < t.count && t.line.get(i) <= lastLine; i++) idx.push(i);
  const texts = await readRawLines(
    source,
    ingest.gzip,
    idx.map((i) => t.offset.get(i)),
  );
  // Blank lines keep the line numbers of the events.
  const lines: string[] = [];
  idx.forEach((i, k) => {
    while (lines.length < t.line.get(i) - 1) lines.push('');
    lines.push(texts[k]);
  });
  return lines.join('\n');
}

export interface Side {
  name: string;
  source: Blob;
  ingest: IngestResult;
}

/** Compares B with A (the loaded trace) under A's rules plus rules mined from A. */
export async function compareView(a: Side, b: Side, given: readonly Rule[]): Promise<CompareView> {
  const ta = a.ingest.trace;
  const tb = b.ingest.trace;
  const c = compareTraces({ file: a.name, trace: ta }, { file: b.name, trace: tb }, given);
  const timed = timeUsable(ta) && timeUsable(tb);
  const names: string[] = [];
  const nameIdx = new Map<string, number>();
  const nameIndex = (n: string) => {
    let k = nameIdx.get(n);
    if (k === undefined) {
      k = names.length;
      names.push(n);
      nameIdx.set(n, k);
    }
    return k;
  };
  // The lanes: one key field, the one the first divergence is about, else the one with most values.
  const keys = surveyTraces([ta, tb]).keys;
  const field = keyFieldOf(c.divergences, keys, tb);
  const byA = eventsByValue(ta, field);
  const byB = eventsByValue(tb, field);
  const colA = field ? ta.fields.get(field) : undefined;
  const colB = field ? tb.fields.get(field) : undefined;
  const keyText = (vals: readonly string[] | undefined, id: number) => (field && vals ? describeKey({ [field]: vals[id] }) : 'all events');
  const aIdOf = new Map<string, number>();
  colA?.values.forEach((v, id) => {
    if (id > 0) aIdOf.set(v, id);
  });
  const aOrder = [...byA.keys()];
  const bValues = new Set([...byB.keys()].map((id) => colB?.values[id] ?? ''));
  const aOnly = aOrder.filter((id) => !bValues.has(colA?.values[id] ?? ''));
  let nth = 0;
  const pairs: { key: string; a?: number; b?: number }[] = [];
  const usedA = new Set<number>();
  for (const vb of byB.keys()) {
    const same = colB ? aIdOf.get(colB.values[vb]) : 0;
    const va = same ?? (nth < aOnly.length ? aOnly[nth++] : undefined);
    if (va !== undefined) usedA.add(va);
    pairs.push({ key: keyText(colB?.values, vb), a: va, b: vb });
  }
  for (const va of aOrder) if (!usedA.has(va)) pairs.push({ key: keyText(colA?.values, va), a: va });
  const diverged = new Map(c.divergences.map((d, k) => [d.key, k]));
  pairs.sort((x, y) => (diverged.get(x.key) ?? 1e9) - (diverged.get(y.key) ?? 1e9));
  const lanes = pairs.slice(0, MAX_PAIRED_LANES).map((p) => ({
    key: p.key,
    a: laneSide(ta, p.a === undefined ? '' : keyText(colA?.values, p.a), p.a === undefined ? [] : (byA.get(p.a) ?? []), timed, nameIndex),
    b: laneSide(tb, p.b === undefined ? '' : keyText(colB?.values, p.b), p.b === undefined ? [] : (byB.get(p.b) ?? []), timed, nameIndex),
  }));
  const onlyInB = c.onlyInB.map((v) => ({ ...toReportViolation(v), onlyIn: 'B' as const }));
  const onlyInA = c.onlyInA.map((v) => ({ ...toReportViolation(v), onlyIn: 'A' as const }));
  const minedText = c.mined.candidates.length ? printMined(c.mined.files, c.mined.candidates) : '';
  // The given rules (packs included) travel as text, so the pair replays the same anywhere.
  const givenText = given.map((r) => `${printRule(r)}\n\n`).join('');
  const lastB = Math.max(0, ...c.divergences.map((d) => d.lineB), ...onlyInB.map((v) => v.line));
  const lastA = Math.max(0, ...c.divergences.map((d) => d.lineA ?? 0));
  const upToB = Math.min(tb.count ? tb.line.get(tb.count - 1) : 0, Math.max(lastB + 5, 1), MAX_PAIR_LINES);
  const upToA = Math.min(ta.count ? ta.line.get(ta.count - 1) : 0, Math.max(lastA + 5, upToB), MAX_PAIR_LINES);
  const lesson = pairLesson({
    a: { name: a.name, text: await prefixText(a.source, a.ingest, upToA) },
    b: { name: b.name, text: await prefixText(b.source, b.ingest, upToB) },
    rules: `${givenText}${minedText}`,
  });
  return {
    a: { name: a.name, events: ta.count },
    b: { name: b.name, events: tb.count },
    timeUsable: timed,
    names,
    lanes,
    divergences: c.divergences,
    onlyInB,
    onlyInA,
    lesson,
  };
}

function keyFieldOf(divs: readonly Divergence[], keys: readonly string[], tb: Trace): string | undefined {
  if (keys.length === 0) return undefined;
  const first = divs.find((d) => d.key);
  if (first) {
    const f = keys.find((k) => first.key === k || first.key.startsWith(`${k} `));
    if (f) return f;
  }
  return [...keys].sort((x, y) => (tb.fields.get(y)?.values.length ?? 0) - (tb.fields.get(x)?.values.length ?? 0))[0];
}

/** A comparison as a teach-mode lesson: A plays as the valid trace, B as the one under review. */
export function pairLesson(p: { a: { name: string; text: string }; b: { name: string; text: string }; rules: string }): string {
  const safe = (s: string) => s.replace(/[\r\n]+/g, ' ').replace(/\s/g, '_');
  const rules = p.rules.trim() ? p.rules : '# no rule held in A\n';
  return [
    `title: ${p.b.name.replace(/[\r\n]+/g, ' ')} compared with ${p.a.name.replace(/[\r\n]+/g, ' ')}`,
    'text: A is taken as good; the rules are those mined from A. Step through both to see where B departs.',
    '--- rules',
    rules.replace(/\n+$/, ''),
    `--- valid ${safe(p.a.name)}`,
    p.a.text,
    `--- invalid ${safe(p.b.name)}`,
    p.b.text,
  ].join('\n');
}

const PAIR_PREFIX = 'pair=';

export function encodePair(lesson: string): string {
  return `${PAIR_PREFIX}${toBase64Url(deflateSync(strToU8(lesson), { level: 9 }))}`;
}

export function isPairFragment(fragment: string): boolean {
  return fragment.replace(/^#/, '').startsWith(PAIR_PREFIX);
}

/** The lesson a pair link carries; throws with a readable reason when the link is damaged or too large. */
export function decodePair(fragment: string): string {
  const bytes = fromBase64Url(fragment.replace(/^#/, '').slice(PAIR_PREFIX.length));
  const parts: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inf = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > MAX_INFLATED) throw new Error(`the link's content is larger than ${MAX_INFLATED} bytes when unpacked`);
    parts.push(chunk);
    if (final) ended = true;
  });
  inf.push(bytes, true);
  if (!ended) throw new Error('the link is cut short: its data ends too early');
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return strFromU8(out);
}
