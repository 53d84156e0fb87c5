/**
 * Fits one clock to another from pairs of events that must correspond (a guest's
 * kick and QEMU's notify of the same queue): host = guest × (1 + drift) + offset,
 * by least squares, and says how far the pairs stray from the line. The two
 * clocks are never assumed to agree; too few pairs is an error, not a guess.
 */

/** One correspondence: the same happening seen on both clocks, each in ns since its trace's base second. */
export interface ClockPair {
  guestNs: number;
  hostNs: number;
}

export interface ClockFit {
  /** host − base = slope × (guest − base) + interceptNs, in each trace's own relative ns. */
  slope: number;
  interceptNs: number;
  /** The same line on absolute clocks: host ns = guest ns × (1 + driftPpm / 1e6) + offsetNs. */
  offsetNs: number;
  driftPpm: number;
  /** Root mean square of the pairs' distance from the line, ns. */
  residualNs: number;
  maxResidualNs: number;
  pairs: number;
}

export const MIN_CLOCK_PAIRS = 3;
/** Below this span of guest time the slope is not measurable against the residual: offset only. */
const MIN_SPAN_FOR_DRIFT_NS = 1e6;

export class ClockFitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClockFitError';
  }
}

/**
 * Least-squares line through the pairs (centred, so that nanoseconds a few seconds into a trace
 * stay exact); `guestBaseSec`/`hostBaseSec` are the traces' tsBaseSec, for the absolute offset.
 */
export function fitClock(pairs: readonly ClockPair[], guestBaseSec = 0, hostBaseSec = 0, describe = ''): ClockFit {
  const n = pairs.length;
  if (n < MIN_CLOCK_PAIRS)
    throw new ClockFitError(
      `too few corresponding pairs to map the guest's clock to the host's: ${n} found, at least ${MIN_CLOCK_PAIRS} needed${describe ? ` (${describe})` : ''}`,
    );
  let mx = 0;
  let my = 0;
  for (const p of pairs) {
    mx += p.guestNs;
    my += p.hostNs;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of pairs) {
    const dx = p.guestNs - mx;
    sxx += dx * dx;
    sxy += dx * (p.hostNs - my);
    lo = Math.min(lo, p.guestNs);
    hi = Math.max(hi, p.guestNs);
  }
  const slope = hi - lo >= MIN_SPAN_FOR_DRIFT_NS && sxx > 0 ? sxy / sxx : 1;
  const interceptNs = my - slope * mx;
  let ss = 0;
  let max = 0;
  for (const p of pairs) {
    const r = p.hostNs - (slope * p.guestNs + interceptNs);
    ss += r * r;
    max = Math.max(max, Math.abs(r));
  }
  return {
    slope,
    interceptNs,
    offsetNs: interceptNs + (hostBaseSec - slope * guestBaseSec) * 1e9,
    driftPpm: (slope - 1) * 1e6,
    residualNs: Math.sqrt(ss / n),
    maxResidualNs: max,
    pairs: n,
  };
}

/** A guest time (ns since the guest trace's base) on the host's relative clock. */
export function toHostNs(fit: ClockFit, guestNs: number): number {
  return fit.slope * guestNs + fit.interceptNs;
}
