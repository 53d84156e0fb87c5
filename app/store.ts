/**
 * View state (zustand). The trace itself lives in the worker; this holds
 * only what the UI shows and what the user chose. Components select the
 * narrowest slice they need, so a pan does not re-render the violation list.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import type { EngineError, Summary } from '../worker/protocol.ts';

export type Axis = 'order' | 'time';
export type Theme = 'light' | 'dark';

export interface LoadingState {
  name: string;
  bytes: number;
  total?: number;
  events: number;
  /** While the rules are checked after reading: events checked so far. */
  checked?: number;
  /** Laying out the lanes, a step without a fraction to show: since when (Date.now()). */
  lanesSince?: number;
}

export interface AlertMessage {
  title: string;
  detail: string;
  /** Offer to load the last trace again (after the engine died). */
  reload?: boolean;
}

export interface ViewState {
  summary?: Summary;
  loading?: LoadingState;
  alert?: AlertMessage;
  axis: Axis;
  domain: [number, number];
  selectedViolation?: string;
  selectedEvent?: number;
  theme: Theme;
  collapsed: ReadonlySet<string>;
  ruleFilter: string;
  severityFilter: 'all' | 'error' | 'warning';
  helpOpen: boolean;
  /** Event names (ids) hidden from the timeline through the legend. */
  hiddenNames: ReadonlySet<number>;
  /** Lane filter: keep lanes whose name or group contains this text; and only lanes with findings. */
  laneFilter: string;
  onlyFindings: boolean;
  sideTab: 'violations' | 'rules';
  banner?: string;
  /** What was last shared, shown so it can be copied by hand when the clipboard is not available. */
  shared?: { kind: 'link' | 'whole' | 'email'; text: string; copied: boolean };
  teach?: { lesson: string; step: number };
  set: (patch: Partial<Omit<ViewState, 'set'>>) => void;
}

function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const useView = create<ViewState>((set) => ({
  axis: 'order',
  domain: [0, 1],
  theme: systemTheme(),
  collapsed: new Set(),
  ruleFilter: '',
  severityFilter: 'all',
  helpOpen: false,
  hiddenNames: new Set(),
  laneFilter: '',
  onlyFindings: false,
  sideTab: 'violations',
  set: (patch) => set(patch),
}));

/** The whole trace's domain on the current axis, for the components that draw it. */
export function useFullDomain(): [number, number] {
  const summary = useView((s) => s.summary);
  const axis = useView((s) => s.axis);
  return useMemo(() => (summary ? fullDomain(summary, axis) : [0, 1]), [summary, axis]);
}

export function fullDomain(s: Summary, axis: Axis): [number, number] {
  if (axis === 'time' && s.timeUsable) {
    const pad = Math.max(1, (s.tsMax - s.tsMin) * 0.02);
    return [s.tsMin - pad, s.tsMax + pad];
  }
  const pad = Math.max(0.5, s.events * 0.01);
  return [-pad, Math.max(1, s.events - 1) + pad];
}

export function alertOf(e: EngineError, source: string): AlertMessage {
  if (e.kind === 'link')
    return {
      title: 'This vqscope link cannot be opened',
      detail: `${e.message}. Open a trace with "Open trace", or ask the sender for a new link.`,
    };
  if (e.kind === 'rules') {
    const lines = (e.errors ?? []).map((x) => `${x.file} line ${x.line}, column ${x.column}: ${x.message}`);
    return { title: 'The rules have errors', detail: lines.join('\n') || e.message };
  }
  if (e.kind === 'memory') return { title: `${e.file ?? source} is too big for this browser`, detail: e.message };
  const where = [e.file ?? source, e.line ? `line ${e.line}` : '', e.offset !== undefined ? `byte ${e.offset}` : '']
    .filter(Boolean)
    .join(', ');
  return {
    title: e.kind === 'internal' ? 'Something went wrong in the engine' : `Cannot read ${e.file ?? source}`,
    detail: `${where}: ${e.message}`,
  };
}
