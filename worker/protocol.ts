/** Types shared by the worker engine and the app: what crosses the comlink boundary. */
import type { FileReport, ReportViolation, RuleParseError } from '@vqscope/rules';
import type { IngestProgress, IngestWarning } from '@vqscope/trace';
import type { Lane } from './lanes.ts';
import type { LaneRender, RenderQuery } from './render-query.ts';

export type { IngestProgress, Lane, LaneRender, RenderQuery };

export interface LoadRequest {
  name: string;
  file?: Blob;
  url?: string;
  text?: string;
  rules?: RulesConfig;
  /** A second file opened together with `file`: QEMU's trace and the guest's capture, merged into one trace. */
  merge?: { name: string; file: Blob };
  /** The file grows: keep reading it with `append` (vqscope open --follow, "Follow this file"). */
  follow?: boolean;
}

export interface RulesConfig {
  /** Built-in packs to use; undefined = every pack whose events occur in the trace. */
  packs?: string[];
  /** Rule text written or loaded by the user. */
  ruleText?: string;
  ruleFileName?: string;
}

export interface ViolationView extends ReportViolation {
  event: number;
  expectedEvent: number | null;
  lane: number;
  expectedLane: number | null;
  /** x of the offending / expected event on both axes (index; ns or NaN). */
  index: number;
  ts: number;
  expectedTs: number;
}

export interface RuleInfo {
  id: string;
  title: string;
  cite: string;
  quote: string;
  reading: string;
  severity: 'error' | 'warning' | 'note';
  pack?: string;
}

export interface Summary {
  file: string;
  format: string;
  formatLabel: string;
  events: number;
  lines: number;
  bytes: number;
  gzip: boolean;
  warnings: IngestWarning[];
  names: string[];
  lanes: Lane[];
  /** Time axis is usable only when every event has a timestamp and they never go backwards. */
  timeUsable: boolean;
  axisNote: string;
  tsMin: number;
  tsMax: number;
  packs: string[];
  availablePacks: { id: string; title: string }[];
  rules: RuleInfo[];
  rulesConfig: RulesConfig;
  violations: ViolationView[];
  /** Per-rule counts, for the filter menu. */
  stats: FileReport['stats'];
  timings?: { ingestMs: number; checkMs: number; lanesMs: number; buffers?: { wanted: number; arrived: number; taken: number } };
  residentBytes: number;
  /** Two files opened together: their names (host, guest) and how the guest's clock was mapped to the host's. */
  files?: string[];
  clock?: { offsetNs: number; driftPpm: number; residualNs: number; pairs: number };
  /** A followed file: `bytes` is where the next append starts. */
  following?: boolean;
}

export type EngineError = {
  kind: 'input' | 'rules' | 'cancelled' | 'link' | 'internal';
  message: string;
  file?: string;
  line?: number;
  column?: number;
  offset?: number;
  errors?: RuleParseError[];
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: EngineError };

export interface RenderEdge {
  from: number;
  to: number;
  fromLane: number;
  toLane: number;
  fromX: number;
  toX: number;
  violated: boolean;
  /** Violation id of a violated edge. */
  id?: string;
}

export interface RenderResult {
  lanes: LaneRender[];
  edges: RenderEdge[];
  /** Events in the window over all asked lanes, to decide whether satisfied edges show. */
  visibleEvents: number;
}

export interface EventInfo {
  index: number;
  name: string;
  line: number;
  /** On two files opened together: the file `line` is in. */
  file?: string;
  ts: number;
  fields: [string, string][];
  /** Values the rule files and packs name, by field ("val" → "ACKNOWLEDGE|DRIVER|FEATURES_OK"). */
  named: Record<string, string>;
  raw: string;
  lane: number;
}

export interface OverviewResult {
  /** Events per bucket over the whole trace on the current axis. */
  density: Uint32Array;
}

export interface LessonTrace {
  label: 'valid' | 'invalid';
  name: string;
  names: string[];
  lanes: string[];
  events: { name: string; nameId: number; line: number; lane: number }[];
  violations: {
    event: number;
    expectedEvent: number | null;
    message: string;
    rule: string;
    severity: 'error' | 'warning' | 'note';
    line: number;
  }[];
  /** Monitor states after each event: states[i][r] describes rule r. */
  states: string[][];
}

export interface LessonView {
  id: string;
  title: string;
  quote: string;
  reading: string;
  text: string;
  ruleText: string;
  rules: { id: string; title: string; cite: string }[];
  traces: LessonTrace[];
}

export type { CompareLaneSide, CompareView, MinedCandidateView, MineProgress } from './compare-protocol.ts';
