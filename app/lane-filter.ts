/**
 * The lane filter: in a trace with hundreds of lanes, type "balloon" or "0x7f73" to keep the
 * lanes whose name or group contains it, or keep only the lanes where something was found.
 * A predicate for buildRows, rebuilt only when the filter or the trace changes.
 */
import { useMemo } from 'react';
import type { Summary } from '../worker/protocol.ts';
import { useView } from './store.ts';

export function laneFilterOf(summary: Summary, text: string, onlyFindings: boolean): ((lane: number) => boolean) | undefined {
  const q = text.trim().toLowerCase();
  if (!q && !onlyFindings) return undefined;
  let findings: Set<number> | undefined;
  if (onlyFindings) {
    findings = new Set();
    for (const v of summary.violations) {
      findings.add(v.lane);
      if (v.expectedLane !== null) findings.add(v.expectedLane);
    }
  }
  const words = q.split(/\s+/).filter(Boolean);
  const lanes = summary.lanes;
  return (l) => {
    if (findings && !findings.has(l)) return false;
    if (words.length === 0) return true;
    const hay = `${lanes[l].group} ${lanes[l].label}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
}

export function useLaneFilter(summary: Summary | undefined): ((lane: number) => boolean) | undefined {
  const text = useView((s) => s.laneFilter);
  const only = useView((s) => s.onlyFindings);
  return useMemo(() => (summary ? laneFilterOf(summary, text, only) : undefined), [summary, text, only]);
}
