/** Domain arithmetic for pan, zoom and "show this violation", clamped to the trace. */
import type { ViolationView } from '../worker/protocol.ts';
import type { Axis } from './store.ts';

export type Domain = [number, number];

export function clampDomain(d: Domain, full: Domain, minSpan: number): Domain {
  let [a, b] = d;
  const fullSpan = full[1] - full[0];
  let span = Math.max(minSpan, Math.min(fullSpan, b - a));
  if (!(span > 0)) span = fullSpan;
  const mid = (a + b) / 2;
  a = mid - span / 2;
  b = mid + span / 2;
  if (a < full[0]) [a, b] = [full[0], full[0] + span];
  if (b > full[1]) [a, b] = [full[1] - span, full[1]];
  return [a, b];
}

export function zoomDomain(d: Domain, factor: number, center = (d[0] + d[1]) / 2): Domain {
  return [center - (center - d[0]) * factor, center + (d[1] - center) * factor];
}

export function panDomain(d: Domain, fraction: number): Domain {
  const shift = (d[1] - d[0]) * fraction;
  return [d[0] + shift, d[1] + shift];
}

/**
 * A domain that shows the violation's offending and expected events: each a sixth of the width
 * in from its side, so on any plot wider than 60 px they are at least 40 px apart with room
 * around them, however short the edge is against the trace (a 187 µs edge in a 300 ms trace
 * fills two thirds of the view instead of being one dot).
 */
export function domainForViolation(v: ViolationView, axis: Axis, full: Domain): Domain {
  const xs = axis === 'time' ? [v.ts, v.expectedTs] : [v.index, v.expectedEvent ?? v.index];
  const finite = xs.filter((x) => Number.isFinite(x));
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const gap = hi - lo;
  if (gap > 0) return [lo - gap / 4, hi + gap / 4];
  // One end only (never came, or the same instant): some context around it.
  const around = axis === 'time' ? Math.max(minSpan(axis), (full[1] - full[0]) / 400) : 8;
  return [lo - around, hi + around];
}

export function minSpan(axis: Axis): number {
  return axis === 'time' ? 100 : 4;
}

export function formatTick(v: number, axis: Axis, origin: number): string {
  if (axis === 'order') return `#${Math.max(0, Math.round(v)).toLocaleString('en-US')}`;
  const ns = v - origin;
  const a = Math.abs(ns);
  if (a >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
  if (a >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (a >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${Math.round(ns)} ns`;
}
