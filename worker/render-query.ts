/**
 * The windowed render query: "events in [x0, x1] for these lanes at this
 * pixel width". Sparse lanes come back as single events; dense ones as one
 * bin per pixel (count and the name of its first event), so what crosses to the
 * main thread follows the screen size, not the trace size. Violations are
 * never binned away.
 */

export interface RenderQuery {
  /** Visible domain on the x axis: event index (log order) or ns (time). */
  x0: number;
  x1: number;
  axis: 'order' | 'time';
  lanes: number[];
  width: number;
}

export interface LaneRender {
  lane: number;
  /** Single events: index, x value, name id. */
  events: Uint32Array;
  xs: Float64Array;
  names: Uint32Array;
  /** Per-pixel bins (length = width) when the lane is dense, else empty. */
  binCount: Uint32Array;
  binName: Uint32Array;
}

/** First position k in [lo, hi) of the ascending `xs` with xs[k] >= x. */
function lowerBound(xs: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One lane's events in the window. `xs[k]` is the x of `events[k]`, held in lane order (the lane's
 * own copy of the timestamps, or the event indices for log order) so that the searches read
 * contiguous memory instead of one cache miss per event in the trace-wide columns.
 */
export function renderLane(
  lane: number,
  events: Uint32Array,
  xs: ArrayLike<number>,
  q: RenderQuery,
  nameOf: ArrayLike<number>,
): LaneRender {
  const from = lowerBound(xs, q.x0, 0, events.length);
  let to = lowerBound(xs, q.x1, from, events.length);
  while (to < events.length && xs[to] <= q.x1) to++;
  const n = to - from;
  const width = Math.max(1, Math.floor(q.width));
  if (n <= width / 2) {
    const idx = events.slice(from, to);
    const x = new Float64Array(n);
    const names = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      x[k] = xs[from + k];
      names[k] = nameOf[idx[k]];
    }
    return { lane, events: idx, xs: x, names, binCount: new Uint32Array(0), binName: new Uint32Array(0) };
  }
  const binCount = new Uint32Array(width);
  const binName = new Uint32Array(width);
  const span = q.x1 - q.x0 || 1;
  if (n > width * 24) {
    // Dense: one binary search per pixel edge over the lane's sorted events, so the cost
    // follows the number of pixels (times log n), not the number of events in view.
    let lo = from;
    for (let px = 0; px < width; px++) {
      const edge = q.x0 + ((px + 1) / width) * span;
      let hi = px === width - 1 ? to : lowerBound(xs, edge, lo, to);
      if (hi < lo) hi = lo;
      binCount[px] = hi - lo;
      if (hi > lo) binName[px] = nameOf[events[lo]];
      lo = hi;
    }
  } else {
    for (let k = from; k < to; k++) {
      const px = Math.min(width - 1, Math.max(0, Math.floor(((xs[k] - q.x0) / span) * width)));
      if (binCount[px]++ === 0) binName[px] = nameOf[events[k]];
    }
  }
  return { lane, events: new Uint32Array(0), xs: new Float64Array(0), names: new Uint32Array(0), binCount, binName };
}
