/** What the worker answers about mining and comparing (the page's view of @vqscope/mine). */
import type { Divergence } from '@vqscope/mine';
import type { ReportViolation } from '@vqscope/rules';

export interface MineProgress {
  done: number;
  total: number;
}

export interface MinedCandidateView {
  id: string;
  kind: string;
  key: string | null;
  title: string;
  /** The rule as rule text. */
  text: string;
  /** Checked instances, and key values it held on. */
  support: number;
  keys: number;
  /** The rule as a one-rule file, with its support comment. */
  printed: string;
}

/** One side of a paired lane: each event's index (log order) and ns since its trace's start. */
export interface CompareLaneSide {
  order: number[];
  time: number[];
  /** Index into CompareView.names. */
  name: number[];
  line: number[];
  truncated: boolean;
}

export interface CompareView {
  a: { name: string; events: number };
  b: { name: string; events: number };
  /** Both traces have timestamps that never go backwards: the time axis is offered. */
  timeUsable: boolean;
  names: string[];
  /** Paired lanes, A above B, the keys that diverge first. */
  lanes: { key: string; a: CompareLaneSide; b: CompareLaneSide }[];
  divergences: Divergence[];
  onlyInB: (ReportViolation & { onlyIn: 'B' })[];
  onlyInA: (ReportViolation & { onlyIn: 'A' })[];
  /** The pair as a teach-mode lesson (A valid, B under review), for teach mode and the pair's link. */
  lesson: string;
}
