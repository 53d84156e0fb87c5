/**
 * A followed file in the page (`vqscope open FILE --follow`, "Follow this file"): the trace grows
 * while it is shown. The ingest session stays open, each chunk written to the file is pushed into
 * it, and the checker goes on from its state over the new events only (no re-check from the
 * start), so that a violation shows as soon as its line has come. What the engine shows is a
 * snapshot of the growing trace (TraceBuilder.snapshot), taken once per append.
 *
 * The answer is a whole-file check's of the same bytes (follow.test.ts), with two differences a
 * live check cannot avoid: a violation whose expected event has not come yet says so instead of
 * "never came", and fields a format joins across the whole trace (QEMU's vdev/queue/device, the
 * probe kit's) are not derived, as in `vqscope check --follow`.
 */
import {
  absentNames,
  IncrementalChecker,
  MAX_LISTED_PER_RULE,
  type Rule,
  type RuleFile,
  type RuleStats,
  selectRules,
  type Violation,
} from '@vqscope/rules';
import {
  chunkReaderOf,
  IngestAborted,
  IngestError,
  type IngestProgress,
  type IngestResult,
  IngestSession,
  type IngestWarning,
  type Trace,
  TraceBuilder,
  yieldToEventLoop,
} from '@vqscope/trace';
import { type LaneLayout, layoutLanes } from './lanes.ts';
import type { RulesConfig } from './protocol.ts';

/** What the engine shows of a followed file after each append. */
export interface FollowedView {
  source: Blob;
  ingest: IngestResult;
  rules: Rule[];
  packs: string[];
  violations: Violation[];
  stats: RuleStats[];
  notes: IngestWarning[];
  layout: LaneLayout;
  timeUsable: boolean;
}

export class FollowedTrace {
  private readonly session: IngestSession;
  private source: Blob;
  /** Bytes pushed since the source blob was last made, joined into it on the next view. */
  private pendingParts: Uint8Array[] = [];
  private checker: IncrementalChecker | undefined;
  private found: Violation[] = [];
  private rules: Rule[] = [];
  private packs: string[] = [];
  private ruleIds = '';
  /** Whether timestamps exist and never go back, decided over the events up to timeChecked. */
  private timeOk = true;
  private timeChecked = 0;
  /** The lanes of the last view and the events they cover: a view without new events keeps them. */
  private lanes: { layout: LaneLayout; events: number } | undefined;
  /** Bytes of the file read so far: where the next read starts. */
  bytes = 0;

  constructor(
    readonly name: string,
    private config: RulesConfig,
    private ruleFile: RuleFile | undefined,
    initial: Blob,
  ) {
    // Sized from the file as it is when opened, as a whole-file load is: appends then grow the columns.
    this.session = new IngestSession({ fileName: name, profiles: ruleFile?.profiles, totalBytes: initial.size });
    this.source = initial;
  }

  /** Reads the file as it is now; later bytes come through append. */
  static async open(
    name: string,
    source: Blob,
    config: RulesConfig,
    ruleFile: RuleFile | undefined,
    signal: AbortSignal,
    onProgress?: (p: IngestProgress) => void,
  ): Promise<FollowedTrace> {
    const f = new FollowedTrace(name, config, ruleFile, source);
    const reader = chunkReaderOf(source.stream());
    let lastYield = performance.now();
    let lastReport = 0;
    for (;;) {
      // As ingestStream does: give the event loop a turn now and then, so that a cancel gets through.
      if (performance.now() - lastYield > 30) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (signal.aborted) {
        await reader.cancel();
        throw new IngestAborted();
      }
      const chunk = await reader.read();
      if (!chunk) break;
      if (f.bytes === 0 && chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b)
        throw new IngestError('a gzip-compressed file cannot be followed: its end is only readable once it is complete', name);
      f.session.push(chunk);
      f.bytes += chunk.length;
      const now = performance.now();
      if (now - lastReport > 50 || f.bytes === source.size) {
        lastReport = now;
        onProgress?.({ bytes: f.bytes, total: source.size, events: f.session.events, lines: f.session.lines });
      }
    }
    return f;
  }

  /** Bytes appended to the file (any cut: a line waits for its newline). */
  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.session.push(bytes);
    this.pendingParts.push(bytes);
    this.bytes += bytes.length;
  }

  /** Other rules for the same file: checked again from the start, once. */
  configure(config: RulesConfig, ruleFile: RuleFile | undefined): void {
    this.config = config;
    this.ruleFile = ruleFile;
    this.checker = undefined;
  }

  /** The trace so far, checked up to its last event. */
  view(): FollowedView {
    if (this.pendingParts.length > 0) {
      // A Blob of Blobs references its parts: the file's bytes are not copied again.
      this.source = new Blob([this.source, ...(this.pendingParts as BlobPart[])]);
      this.pendingParts = [];
    }
    const ingest = this.session.sofar() ?? this.waiting();
    const trace = ingest.trace;
    const files = this.ruleFile ? [this.ruleFile] : [];
    // With packs chosen by the trace's events, a pack whose first event has just come joins: the
    // rules change, so they are checked from the start once.
    const sel = selectRules(trace, { packs: this.config.packs, files });
    const ids = sel.rules.map((r) => r.id).join('\n');
    const rulesChanged = !this.checker || ids !== this.ruleIds;
    let checker = this.checker;
    if (!checker || rulesChanged) {
      this.rules = sel.rules;
      this.packs = sel.packs;
      this.ruleIds = ids;
      this.found = [];
      checker = new IncrementalChecker(this.rules, (v) => this.found.push(v));
      this.checker = checker;
    }
    checker.feedGrown(trace);
    const now = checker.now(trace);
    const notes: IngestWarning[] = now.unlisted.map((u) => ({
      message: `${u.count} more violation(s) of ${u.rule} were counted but not listed (at most ${MAX_LISTED_PER_RULE} per rule)`,
    }));
    notes.push(...absentNames(trace, files));
    return {
      source: this.source,
      ingest,
      rules: this.rules,
      packs: this.packs,
      violations: [...this.found, ...now.violations],
      stats: now.stats,
      notes,
      layout: this.layout(trace, rulesChanged),
      timeUsable: this.timeUsableUpTo(trace),
    };
  }

  /**
   * Lanes are laid out again over the whole trace when events came (their order is sorted by label,
   * so a new key can move every lane after it); ~0.4 µs an event.
   */
  private layout(trace: Trace, rulesChanged: boolean): LaneLayout {
    if (this.lanes && !rulesChanged && this.lanes.events === trace.count) return this.lanes.layout;
    const layout = layoutLanes(trace, [...new Set(this.rules.flatMap((r) => r.keys))]);
    this.lanes = { layout, events: trace.count };
    return layout;
  }

  /** No whole line has come yet (an empty file): an empty trace, waiting. */
  private waiting(): IngestResult {
    return {
      trace: new TraceBuilder().snapshot(),
      format: 'waiting',
      formatLabel: 'waiting for the first line',
      lines: 0,
      bytes: this.bytes,
      gzip: false,
      warnings: [],
    };
  }

  /** Timestamps on every event and never going back: looked at for the new events only. */
  private timeUsableUpTo(trace: Trace): boolean {
    const ts = trace.ts;
    for (let i = this.timeChecked; i < trace.count && this.timeOk; i++)
      if (Number.isNaN(ts.get(i)) || (i > 0 && ts.get(i) < ts.get(i - 1))) this.timeOk = false;
    this.timeChecked = trace.count;
    return this.timeOk && trace.count > 0;
  }
}
