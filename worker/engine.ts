/**
 * The worker's engine: owns the trace, the rules and the lanes, and answers
 * the app in a few batch calls. The main thread never parses or checks; it
 * asks for summaries and for what is on screen. A new load cancels the one
 * under way; a failed or cancelled load leaves the previous trace in place.
 */
import {
  analyzeTrace,
  builtinPacks,
  builtinValueNames,
  checkTrace,
  parseRules,
  printRule,
  type Rule,
  type RuleFile,
  RuleFileError,
  satisfiedEdges,
  toReportViolation,
  ValueDecoder,
  type Violation,
} from '@vqscope/rules';
import {
  buildPermalinkPayload,
  checkPermalink,
  chromeTraceJson,
  decodePermalink,
  diagramFor,
  encodePermalink,
  type LinkContext,
  PermalinkError,
  parseLesson,
  renderDiagram,
} from '@vqscope/share';
import {
  type BufferSupply,
  chunkReaderOf,
  eventFields,
  IngestAborted,
  IngestError,
  type IngestProgress,
  type IngestResult,
  ingestStream,
  ingestText,
  PrefaultedBuffers,
  readRawLines,
  residentBytes,
} from '@vqscope/trace';
import { FollowedTrace } from './follow.ts';
import { keyLanes } from './key-lanes.ts';
import { type LaneLayout, laneTimes, layoutLanes } from './lanes.ts';
import { ingestMerged, type MergedIngest, MergeError, rawLinesOfParts, type SourcePart } from './merged-load.ts';
import { compareView, decodePair, encodePair, MineJobs } from './mine-compare.ts';
import { requestFromHelperWorker } from './prefault-supply.ts';
import type {
  CompareView,
  EngineError,
  EventInfo,
  LessonView,
  LoadRequest,
  MinedCandidateView,
  MineProgress,
  OverviewResult,
  RenderEdge,
  RenderResult,
  Result,
  RulesConfig,
  Summary,
  ViolationView,
} from './protocol.ts';
import { hiddenMask, type LaneRender, type RenderQuery, renderLane } from './render-query.ts';

const SATISFIED_EDGES_BELOW = 5000;
/** Grey edges are found by replaying at most this many events before the window, so a frame deep in a large trace stays fast. */
const EDGE_LOOKBACK = 20_000;

interface Loaded {
  source: Blob;
  name: string;
  ingest: IngestResult;
  config: RulesConfig;
  ruleFile?: RuleFile;
  rules: Rule[];
  packs: string[];
  violations: Violation[];
  stats: Summary['stats'];
  notes: Summary['warnings'];
  layout: LaneLayout;
  /** Names for field values (the rule file's declarations, then every built-in pack's). */
  decoder: ValueDecoder;
  timeUsable: boolean;
  timings?: { ingestMs: number; checkMs: number; lanesMs: number; buffers?: { wanted: number; arrived: number; taken: number } };
  /** When the rules were done, for the timings. */
  checkedAt?: number;
  /** Two files opened together: each part's file (indexed like trace.files) and the clock fit. */
  parts?: SourcePart[];
  clock?: MergedIngest['clock'];
  /** A followed file: the trace grows with what is appended (follow.ts). */
  follow?: FollowedTrace;
}

function errorOf(e: unknown): EngineError {
  if (e instanceof IngestAborted) return { kind: 'cancelled', message: 'loading was cancelled' };
  if (e instanceof MergeError) return { kind: 'input', message: e.message };
  if (e instanceof IngestError) return { kind: 'input', message: e.message, file: e.file, line: e.line, offset: e.offset };
  if (e instanceof PermalinkError) return { kind: 'link', message: e.message };
  if (e instanceof RuleFileError) {
    const first = e.errors[0];
    return { kind: 'rules', message: e.message, file: first?.file, line: first?.line, column: first?.column, errors: e.errors };
  }
  return { kind: 'internal', message: (e as Error)?.message ?? String(e) };
}

export class Engine {
  private current: Loaded | undefined;
  private loading: AbortController | undefined;
  private readonly mining = new MineJobs();

  /** Rules proposed from the loaded trace; cancelled (a `cancelled` error) by cancelMine or a newer call. */
  async mine(onProgress?: (p: MineProgress) => void): Promise<Result<MinedCandidateView[]>> {
    const cur = this.current;
    if (!cur) return { ok: false, error: { kind: 'internal', message: 'no trace is loaded' } };
    try {
      const r = await this.mining.mine(cur.ingest.trace, cur.name, onProgress);
      return r ? { ok: true, value: r } : { ok: false, error: { kind: 'cancelled', message: 'mining was cancelled' } };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  }

  cancelMine(): void {
    this.mining.cancel();
  }

  /** Compares a second trace (B) with the loaded one (A, taken as good); the loaded trace stays. */
  async compare(req: LoadRequest): Promise<Result<CompareView>> {
    const cur = this.current;
    if (!cur) return { ok: false, error: { kind: 'internal', message: 'no trace is loaded' } };
    try {
      const source = await this.sourceOf(req, new AbortController().signal);
      const ingest = await ingestStream(source.stream(), { fileName: req.name, totalBytes: source.size, profiles: cur.ruleFile?.profiles });
      return {
        ok: true,
        value: await compareView({ name: cur.name, source: cur.source, ingest: cur.ingest }, { name: req.name, source, ingest }, cur.rules),
      };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  }

  /** A comparison's lesson as a link fragment (without '#'), and back. */
  pairFragment(lesson: string): string {
    return encodePair(lesson);
  }

  openPair(fragment: string): Result<string> {
    try {
      return { ok: true, value: decodePair(fragment) };
    } catch (e) {
      return { ok: false, error: { kind: 'link', message: (e as Error).message } };
    }
  }

  async load(req: LoadRequest, onProgress?: (p: IngestProgress) => void): Promise<Result<Summary>> {
    this.loading?.abort();
    const ctl = new AbortController();
    this.loading = ctl;
    let supply: PrefaultedBuffers | undefined;
    try {
      const source = await this.sourceOf(req, ctl.signal);
      const ruleFile = req.rules?.ruleText ? parseRules(req.rules.ruleText, req.rules.ruleFileName ?? 'rules') : undefined;
      if (req.follow && !req.merge) {
        const f = await FollowedTrace.open(req.name, source, req.rules ?? {}, ruleFile, ctl.signal, onProgress);
        if (ctl.signal.aborted) throw new IngestAborted();
        this.current = this.followed(f, req.rules ?? {}, ruleFile);
        return { ok: true, value: this.summary(this.current) };
      }
      let last = 0;
      const t0 = performance.now();
      // The lane index (16-bit lane per event, 32-bit event per lane) is asked for with the columns.
      supply = new PrefaultedBuffers(requestFromHelperWorker, (events, s) => {
        s.want(2 * events);
        s.want(4 * events);
      });
      const progress = (p: IngestProgress) => {
        const now = Date.now();
        if (now - last > 50 || p.bytes === p.total) {
          last = now;
          onProgress?.(p);
        }
      };
      const merged = req.merge
        ? await ingestMerged(
            [
              { name: req.name, blob: source },
              { name: req.merge.name, blob: req.merge.file },
            ],
            { signal: ctl.signal, profiles: ruleFile?.profiles, onProgress: progress },
          )
        : undefined;
      const ingest =
        merged?.ingest ??
        (await ingestStream(source.stream(), {
          fileName: req.name,
          totalBytes: source.size,
          signal: ctl.signal,
          profiles: ruleFile?.profiles,
          buffers: supply,
          onProgress: (p) => {
            const now = Date.now();
            if (now - last > 50 || p.bytes === p.total) {
              last = now;
              onProgress?.(p);
            }
          },
        }));
      if (ctl.signal.aborted) throw new IngestAborted();
      const t1 = performance.now();
      const name = merged ? merged.parts.map((p) => p.name).join(' + ') : req.name;
      const loaded = {
        ...this.analyze(source, name, ingest, req.rules ?? {}, ruleFile, supply),
        parts: merged?.parts,
        clock: merged?.clock,
      };
      const t2 = performance.now();
      loaded.timings = {
        ingestMs: t1 - t0,
        checkMs: (loaded.checkedAt ?? t2) - t1,
        lanesMs: t2 - (loaded.checkedAt ?? t2),
        buffers: { ...supply.counts },
      };
      // A cancel that arrived while checking still leaves the previous trace in place.
      if (ctl.signal.aborted) throw new IngestAborted();
      this.current = loaded;
      return { ok: true, value: this.summary(loaded) };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    } finally {
      supply?.close();
      if (this.loading === ctl) this.loading = undefined;
    }
  }

  /** Bytes appended to the followed file: the trace grows and the checker goes on over the new events. */
  append(bytes: Uint8Array): Result<Summary> {
    const cur = this.current;
    if (!cur?.follow) return { ok: false, error: { kind: 'internal', message: 'no followed file is loaded' } };
    try {
      cur.follow.append(bytes);
      this.current = this.followed(cur.follow, cur.config, cur.ruleFile);
      return { ok: true, value: this.summary(this.current) };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  }

  private followed(f: FollowedTrace, config: RulesConfig, ruleFile?: RuleFile): Loaded {
    return {
      ...f.view(),
      name: f.name,
      config,
      ruleFile,
      decoder: new ValueDecoder([...(ruleFile?.values ?? []), ...builtinValueNames()]),
      follow: f,
    };
  }

  /** The physical floor for the benchmark: count newlines over the same bytes, in the same runtime. */
  async countLines(blob: Blob): Promise<{ lines: number; ms: number }> {
    const t0 = performance.now();
    // The engine's own reader, so the floor is the same bytes read the same way.
    const reader = chunkReaderOf(blob.stream());
    let lines = 0;
    for (;;) {
      const c = await reader.read();
      if (!c) break;
      for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
    }
    return { lines, ms: performance.now() - t0 };
  }

  cancel(): void {
    this.loading?.abort();
  }

  /** Opens the trace a permalink carries (fragment without '#'), with its violation selected. */
  openLink(fragment: string): Result<{ summary: Summary; selected?: string; banner: string; view?: ['order' | 'time', number, number] }> {
    try {
      const payload = decodePermalink(fragment);
      const linked = checkPermalink(payload);
      const source = new Blob([`${payload.t.join('\n')}\n`]);
      const config: RulesConfig = {
        packs: (payload.r.p ?? []).map(([id]) => id),
        ruleText: payload.r.t,
        ruleFileName: 'rules in the link',
      };
      this.loading?.abort();
      const loaded = this.analyze(source, payload.f, linked.ingest, config, linked.ruleFile);
      this.current = loaded;
      const summary = this.summary(loaded);
      return { ok: true, value: { summary, selected: linked.selected?.id, banner: linked.banner, view: payload.w } };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  }

  private linkContext(violationId: string, whole = false): LinkContext | undefined {
    const cur = this.current;
    const violation = cur?.violations.find((v) => v.id === violationId);
    if (!cur || !violation) return undefined;
    return {
      fileName: cur.name,
      ingest: cur.ingest,
      rules: cur.rules,
      packs: cur.packs,
      ruleText: cur.config.ruleText,
      violation,
      whole,
      rawLines: (offsets) => readRawLines(cur.source, cur.ingest.gzip, offsets),
    };
  }

  /** The permalink fragment (without '#') of a violation: an excerpt, or the whole trace. */
  async permalink(violationId: string, whole = false, view?: ['order' | 'time', number, number]): Promise<Result<string>> {
    if (this.current?.parts)
      return { ok: false, error: { kind: 'link', message: 'links to a violation of two files opened together are not supported yet' } };
    const ctx = this.linkContext(violationId, whole);
    if (!ctx) return { ok: false, error: { kind: 'internal', message: `no violation ${violationId}` } };
    try {
      const payload = await buildPermalinkPayload({ ...ctx, view });
      return { ok: true, value: encodePermalink(payload) };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  }

  /** The plain-text diagram of a violation for a mailing-list review. */
  async explain(violationId: string, base: string): Promise<Result<string>> {
    if (this.current?.parts)
      return { ok: false, error: { kind: 'link', message: 'diagrams of a violation of two files opened together are not supported yet' } };
    const ctx = this.linkContext(violationId);
    if (!ctx) return { ok: false, error: { kind: 'internal', message: `no violation ${violationId}` } };
    const link = await this.permalink(violationId);
    return { ok: true, value: renderDiagram(await diagramFor(ctx, link.ok ? `${base}#${link.value}` : undefined)) };
  }

  /** Chrome trace-event JSON of the whole trace with violations and their edges, for Perfetto UI. */
  exportChrome(): string {
    const cur = this.current;
    if (!cur) return '';
    return chromeTraceJson(
      cur.ingest.trace,
      cur.violations.filter((v) => !v.pending),
      { laneOf: (i) => cur.layout.laneOf[i], laneNames: cur.layout.lanes.map((l) => `${l.group} / ${l.label}`) },
    );
  }

  /** Re-checks the loaded trace with other rules, without reading it again. */
  configure(config: RulesConfig): Result<Summary> {
    const cur = this.current;
    if (!cur) return { ok: false, error: { kind: 'internal', message: 'no trace is loaded' } };
    try {
      const ruleFile = config.ruleText ? parseRules(config.ruleText, config.ruleFileName ?? 'rules') : undefined;
      if (cur.follow) {
        cur.follow.configure(config, ruleFile);
        this.current = this.followed(cur.follow, config, ruleFile);
        return { ok: true, value: this.summary(this.current) };
      }
      this.current = { ...this.analyze(cur.source, cur.name, cur.ingest, config, ruleFile), parts: cur.parts, clock: cur.clock };
      return { ok: true, value: this.summary(this.current) };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  }

  private async sourceOf(req: LoadRequest, signal: AbortSignal): Promise<Blob> {
    if (req.file) return req.file;
    if (req.text !== undefined) return new Blob([req.text]);
    if (req.url) {
      let res: Response;
      try {
        res = await fetch(req.url, { signal });
      } catch (e) {
        if (signal.aborted) throw new IngestAborted();
        throw new IngestError(`could not fetch ${req.url} (${(e as Error).message}); the server must allow this origin (CORS)`, req.name);
      }
      if (!res.ok) throw new IngestError(`could not fetch ${req.url}: HTTP ${res.status} ${res.statusText}`, req.name);
      return res.blob();
    }
    throw new IngestError('nothing to load', req.name);
  }

  private analyze(
    source: Blob,
    name: string,
    ingest: IngestResult,
    config: RulesConfig,
    ruleFile?: RuleFile,
    supply?: BufferSupply,
  ): Loaded {
    const trace = ingest.trace;
    const a = analyzeTrace(trace, { packs: config.packs, files: ruleFile ? [ruleFile] : [] });
    const checkedAt = performance.now();
    // Two files opened together: one lane per queue and side, the driver's next to the device's.
    const keyFields = trace.files ? ['side'] : [...new Set(a.rules.flatMap((r) => r.keys))];
    const layout = layoutLanes(trace, keyFields, supply);
    let timeUsable = trace.count > 0;
    for (let i = 0; i < trace.count && timeUsable; i++)
      if (Number.isNaN(trace.ts.get(i)) || (i > 0 && trace.ts.get(i) < trace.ts.get(i - 1))) timeUsable = false;
    return {
      source,
      name,
      ingest,
      config,
      ruleFile,
      rules: a.rules,
      packs: a.packs,
      violations: a.violations,
      stats: a.stats,
      notes: a.notes,
      layout,
      decoder: new ValueDecoder([...(ruleFile?.values ?? []), ...builtinValueNames()]),
      timeUsable,
      checkedAt,
    };
  }

  private summary(l: Loaded): Summary {
    const t = l.ingest.trace;
    const packs = builtinPacks();
    const fileOf = (i: number) => t.files?.[t.file?.[i] ?? 0];
    const view = (v: Violation): ViolationView => ({
      ...toReportViolation(v),
      ...(t.files ? { file: fileOf(v.event), expectedFile: v.expectedEvent === undefined ? undefined : fileOf(v.expectedEvent) } : {}),
      event: v.event,
      expectedEvent: v.expectedEvent ?? null,
      lane: l.layout.laneOf[v.event],
      expectedLane: v.expectedEvent === undefined ? null : l.layout.laneOf[v.expectedEvent],
      index: v.event,
      ts: t.ts.get(v.event),
      expectedTs: v.expectedEvent === undefined ? Number.NaN : t.ts.get(v.expectedEvent),
    });
    const hasTs = t.count > 0 && !Number.isNaN(t.ts.get(0));
    return {
      file: l.name,
      format: l.ingest.format,
      formatLabel: l.ingest.formatLabel,
      events: t.count,
      lines: l.ingest.lines,
      bytes: l.ingest.bytes,
      gzip: l.ingest.gzip,
      warnings: [...l.ingest.warnings, ...l.notes],
      names: [...t.names],
      lanes: l.layout.lanes,
      timeUsable: l.timeUsable,
      axisNote:
        l.timeUsable || t.count === 0
          ? ''
          : hasTs
            ? 'Timestamps are missing or go backwards, so the axis is log order.'
            : 'The log has no timestamps, so the axis is log order.',
      tsMin: l.timeUsable ? t.ts.get(0) : 0,
      tsMax: l.timeUsable ? t.ts.get(t.count - 1) : 0,
      packs: l.packs,
      availablePacks: [...packs].map(([id, f]) => ({ id, title: f.pack?.title ?? id })),
      rules: l.rules.map((r) => ({
        id: r.id,
        title: r.title,
        cite: r.cite,
        quote: r.quote,
        reading: r.reading,
        severity: r.severity,
        pack: r.pack,
      })),
      rulesConfig: l.config,
      violations: l.violations.map(view),
      stats: l.stats,
      timings: l.timings,
      // Typed arrays held for the trace: its columns, plus the lane of each event and the per-lane index
      // (drawing a lane on the time axis later adds its timestamps, up to 8 bytes an event more).
      residentBytes: residentBytes(t) + l.layout.laneOf.byteLength + t.count * 4,
      files: t.files ? [...t.files] : undefined,
      clock: l.clock,
      following: l.follow !== undefined,
    };
  }

  private xOf(axis: RenderQuery['axis']): (i: number) => number {
    const ts = this.current?.ingest.trace.ts;
    return axis === 'time' && ts ? (i) => ts.get(i) : (i) => i;
  }

  /** Event index range whose x lies in [x0, x1]. */
  private indexRange(q: RenderQuery): [number, number] {
    const t = this.current?.ingest.trace;
    if (!t) return [0, -1];
    if (q.axis === 'order') return [Math.max(0, Math.ceil(q.x0)), Math.min(t.count - 1, Math.floor(q.x1))];
    const lb = (x: number) => {
      let lo = 0;
      let hi = t.count;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (t.ts.get(mid) < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [lb(q.x0), lb(q.x1 + 1e-9) - 1];
  }

  render(q: RenderQuery, selected?: number): RenderResult {
    const T0 = performance.now();
    const cur = this.current;
    if (!cur) return { lanes: [], edges: [], visibleEvents: 0 };
    const t = cur.ingest.trace;
    const xOf = this.xOf(q.axis);
    const lanes: LaneRender[] = [];
    let visibleEvents = 0;
    const hidden = hiddenMask(t.names.length, q.hidden);
    for (const l of q.lanes) {
      const evs = cur.layout.eventsOf[l];
      if (!evs) continue;
      const r = renderLane(l, evs, q.axis === 'time' ? laneTimes(cur.layout, t, l) : evs, q, t.name, hidden);
      visibleEvents += r.events.length + r.binCount.reduce((a, b) => a + b, 0);
      lanes.push(r);
    }
    const laneSet = new Set(q.lanes);
    const edges: RenderEdge[] = [];
    const edge = (from: number, to: number, violated: boolean, id?: string) => {
      const fromLane = cur.layout.laneOf[from];
      const toLane = cur.layout.laneOf[to];
      if (!laneSet.has(fromLane) && !laneSet.has(toLane)) return;
      edges.push({ from, to, fromLane, toLane, fromX: xOf(from), toX: xOf(to), violated, id });
    };
    const [i0, i1] = this.indexRange(q);
    if (visibleEvents <= SATISFIED_EDGES_BELOW || selected !== undefined) {
      const lo = visibleEvents <= SATISFIED_EDGES_BELOW ? i0 : Math.max(0, (selected ?? 0) - 1);
      const hi = visibleEvents <= SATISFIED_EDGES_BELOW ? i1 : (selected ?? 0) + 1;
      if (hi >= lo) {
        for (const e of satisfiedEdges(t, cur.rules, lo, hi, 20_000, Math.max(0, lo - EDGE_LOOKBACK))) {
          if (visibleEvents > SATISFIED_EDGES_BELOW && e.from !== selected && e.to !== selected) continue;
          if (hidden && (hidden[t.name[e.from]] || hidden[t.name[e.to]])) continue;
          edge(e.from, e.to, false);
        }
      }
    }
    for (const v of cur.violations) {
      if (v.expectedEvent === undefined || v.pending) continue;
      const a = Math.min(v.event, v.expectedEvent);
      const b = Math.max(v.event, v.expectedEvent);
      if (b < i0 || a > i1) continue;
      edge(v.expectedEvent, v.event, true, v.id);
    }
    return {
      lanes,
      edges,
      visibleEvents,
      ms: performance.now() - T0,
      start: performance.timeOrigin + T0,
      end: performance.timeOrigin + performance.now(),
    } as RenderResult;
  }

  /** The lanes to pin while violation `id` is selected (see key-lanes.ts). */
  pinnedLanes(id: string): number[] {
    const cur = this.current;
    const v = cur?.violations.find((x) => x.id === id);
    if (!cur || !v) return [];
    return keyLanes(
      cur.ingest.trace,
      cur.layout.laneOf,
      cur.rules.find((r) => r.id === v.rule),
      v,
    );
  }

  overview(axis: RenderQuery['axis'], buckets: number): OverviewResult {
    const density = new Uint32Array(buckets);
    const cur = this.current;
    if (!cur) return { density };
    const t = cur.ingest.trace;
    const xOf = this.xOf(axis);
    const x0 = xOf(0);
    const span = xOf(t.count - 1) - x0 || 1;
    for (let i = 0; i < t.count; i++) density[Math.min(buckets - 1, Math.floor(((xOf(i) - x0) / span) * buckets))]++;
    return { density };
  }

  async eventInfo(i: number): Promise<EventInfo | undefined> {
    const cur = this.current;
    if (!cur || i < 0 || i >= cur.ingest.trace.count) return undefined;
    const t = cur.ingest.trace;
    const [raw] = cur.parts ? await rawLinesOfParts(t, cur.parts, [i]) : await readRawLines(cur.source, cur.ingest.gzip, [t.offset.get(i)]);
    const name = t.names[t.name[i]];
    const fields = eventFields(t, i);
    const named: Record<string, string> = {};
    for (const [k, v] of fields) {
      const d = cur.decoder.decode(name, k, v);
      if (d !== undefined && d !== v) named[k] = d;
    }
    return {
      index: i,
      name,
      line: t.line.get(i),
      file: t.files?.[t.file?.[i] ?? 0],
      ts: t.ts.get(i),
      fields,
      named,
      raw,
      lane: cur.layout.laneOf[i],
    };
  }

  async rawLines(events: number[]): Promise<{ line: number; text: string }[]> {
    const cur = this.current;
    if (!cur) return [];
    const t = cur.ingest.trace;
    const ok = events.filter((i) => i >= 0 && i < t.count);
    if (cur.parts) {
      const texts = await rawLinesOfParts(t, cur.parts, ok);
      return ok.map((i, k) => ({ line: t.line.get(i), text: texts[k] }));
    }
    const texts = await readRawLines(
      cur.source,
      cur.ingest.gzip,
      ok.map((i) => t.offset.get(i)),
    );
    return ok.map((i, k) => ({ line: t.line.get(i), text: texts[k] }));
  }

  /** A teach-mode lesson: both traces checked, with every monitor's state after each event. */
  lesson(id: string, source: string): Result<LessonView> {
    try {
      const lesson = parseLesson(id, source);
      const ruleFile = lesson.rules ? parseRules(lesson.rules, `${id}.lesson`) : undefined;
      const packRules = lesson.pack ? (builtinPacks().get(lesson.pack)?.rules ?? []) : [];
      const rules = ruleFile ? ruleFile.rules : packRules.filter((r) => !lesson.rule || r.id === lesson.rule);
      const traces = (['valid', 'invalid'] as const).map((label) => {
        const src = lesson[label];
        const ingest = ingestText(src.text, { fileName: src.name, profiles: ruleFile?.profiles });
        const t = ingest.trace;
        const layout = layoutLanes(t, [...new Set(rules.flatMap((r) => r.keys))]);
        const states: string[][] = [];
        const { violations } = checkTrace(t, rules, { onStep: (_i, snapshot) => states.push(snapshot()) });
        return {
          label,
          name: src.name,
          names: [...t.names],
          lanes: layout.lanes.map((l) => l.label),
          events: Array.from({ length: t.count }, (_, i) => ({
            name: t.names[t.name[i]],
            nameId: t.name[i],
            line: t.line.get(i),
            lane: layout.laneOf[i],
          })),
          violations: violations
            .filter((v) => !v.pending)
            .map((v) => ({
              event: v.event,
              expectedEvent: v.expectedEvent ?? null,
              message: v.message,
              rule: v.rule,
              severity: v.severity,
              line: v.line,
            })),
          states,
        };
      });
      return {
        ok: true,
        value: {
          id,
          title: lesson.title,
          quote: lesson.quote,
          reading: lesson.reading,
          text: lesson.text,
          ruleText: lesson.rules ?? rules.map((r) => printRule(r)).join('\n\n'),
          rules: rules.map((r) => ({ id: r.id, title: r.title, cite: r.cite })),
          traces,
        },
      };
    } catch (e) {
      return { ok: false, error: { kind: 'input', message: (e as Error).message } };
    }
  }
}
