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

/** A domain that shows the violation's offending and expected events with some room around them. */
export function domainForViolation(v: ViolationView, axis: Axis, full: Domain): Domain {
  const xs = axis === 'time' ? [v.ts, v.expectedTs] : [v.index, v.expectedEvent ?? v.index];
  const finite = xs.filter((x) => Number.isFinite(x));
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = Math.max(hi - lo, axis === 'time' ? (full[1] - full[0]) / 200 : 8);
  return [lo - span * 0.6, hi + span * 0.6];
}

export function minSpan(axis: Axis): number {
  return axis === 'time' ? 1000 : 4;
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
