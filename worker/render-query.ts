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
  /** Event name ids hidden through the legend: their events are neither drawn nor counted in bins. */
  hidden?: number[];
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
 * lowerBound from `lo` outwards: probes lo+1, lo+3, lo+7, … until past x, then bisects the last
 * stride. Bin edges come in ascending order a few events apart, so this reads a few neighbouring
 * cache lines per pixel where a bisection of the whole rest of the window missed the cache on
 * most of its probes (lanes of a 10M-event trace are megabytes).
 */
function gallop(xs: ArrayLike<number>, x: number, lo: number, hi: number): number {
  if (lo >= hi || xs[lo] >= x) return lo;
  let below = lo;
  let step = 1;
  let at = lo + 1;
  while (at < hi && xs[at] < x) {
    below = at;
    step *= 2;
    at = below + step;
  }
  return lowerBound(xs, x, below + 1, Math.min(at, hi));
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
  /** hidden[nameId] = 1 for names hidden through the legend (absent: none hidden). */
  hidden?: Uint8Array,
): LaneRender {
  const from = lowerBound(xs, q.x0, 0, events.length);
  let to = lowerBound(xs, q.x1, from, events.length);
  while (to < events.length && xs[to] <= q.x1) to++;
  if (hidden) return renderFiltered(lane, events, xs, q, nameOf, hidden, from, to);
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
  // The first event of each pixel, whose name the pixel shows.
  const first = firstEvents(width);
  const span = q.x1 - q.x0 || 1;
  if (n > width * 24) {
    // Dense: one search per pixel edge over the lane's sorted events, so the cost follows the
    // number of pixels (times log of the events per pixel), not the number of events in view.
    let lo = from;
    for (let px = 0; px < width; px++) {
      const edge = q.x0 + ((px + 1) / width) * span;
      let hi = px === width - 1 ? to : gallop(xs, edge, lo, to);
      if (hi < lo) hi = lo;
      binCount[px] = hi - lo;
      if (hi > lo) first[px] = events[lo];
      lo = hi;
    }
  } else if (n > width * 4) {
    // Several events a pixel: each pixel's run of events is found by galloping on the pixel
    // formula (monotone in x), so only a few events per pixel are looked at, with the same bins
    // as the pass over every event below.
    const pxOf = (x: number) => Math.min(width - 1, Math.max(0, Math.floor(((x - q.x0) / span) * width)));
    let k = from;
    while (k < to) {
      const px = pxOf(xs[k]);
      let below = k;
      let step = 1;
      let at = k + 1;
      while (at < to && pxOf(xs[at]) <= px) {
        below = at;
        step *= 2;
        at = below + step;
      }
      let lo = below + 1;
      let hi = Math.min(at, to);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (pxOf(xs[mid]) <= px) lo = mid + 1;
        else hi = mid;
      }
      binCount[px] = lo - k;
      first[px] = events[k];
      k = lo;
    }
  } else {
    for (let k = from; k < to; k++) {
      const px = Math.min(width - 1, Math.max(0, Math.floor(((xs[k] - q.x0) / span) * width)));
      if (binCount[px]++ === 0) first[px] = events[k];
    }
  }
  // The names are read in a loop of their own: each is a cache miss in the trace-wide name column
  // (megabytes at 10M events), and independent loads in a tight loop overlap where loads inside
  // the searches above waited one after the other (most of a render's time at 10M events).
  for (let px = 0; px < width; px++) if (binCount[px] > 0) binName[px] = nameOf[first[px]];
  return { lane, events: new Uint32Array(0), xs: new Float64Array(0), names: new Uint32Array(0), binCount, binName };
}

let scratch = new Uint32Array(0);

/** A scratch array of at least `n` entries, reused across lanes and renders. */
function firstEvents(n: number): Uint32Array {
  if (scratch.length < n) scratch = new Uint32Array(n);
  return scratch;
}

/**
 * renderLane with some names hidden: one pass over the lane's events in the window (the
 * per-pixel binary search cannot skip hidden names), paid only while a legend filter is on.
 */
function renderFiltered(
  lane: number,
  events: Uint32Array,
  xs: ArrayLike<number>,
  q: RenderQuery,
  nameOf: ArrayLike<number>,
  hidden: Uint8Array,
  from: number,
  to: number,
): LaneRender {
  const width = Math.max(1, Math.floor(q.width));
  let n = 0;
  for (let k = from; k < to; k++) if (!hidden[nameOf[events[k]]]) n++;
  if (n <= width / 2) {
    const idx = new Uint32Array(n);
    const x = new Float64Array(n);
    const names = new Uint32Array(n);
    let j = 0;
    for (let k = from; k < to; k++) {
      const name = nameOf[events[k]];
      if (hidden[name]) continue;
      idx[j] = events[k];
      x[j] = xs[k];
      names[j++] = name;
    }
    return { lane, events: idx, xs: x, names, binCount: new Uint32Array(0), binName: new Uint32Array(0) };
  }
  const binCount = new Uint32Array(width);
  const binName = new Uint32Array(width);
  const span = q.x1 - q.x0 || 1;
  for (let k = from; k < to; k++) {
    const name = nameOf[events[k]];
    if (hidden[name]) continue;
    const px = Math.min(width - 1, Math.max(0, Math.floor(((xs[k] - q.x0) / span) * width)));
    if (binCount[px]++ === 0) binName[px] = name;
  }
  return { lane, events: new Uint32Array(0), xs: new Float64Array(0), names: new Uint32Array(0), binCount, binName };
}

/** The names hidden through the legend as a lookup by name id, or undefined when none is. */
export function hiddenMask(names: number, hidden: readonly number[] | undefined): Uint8Array | undefined {
  if (!hidden || hidden.length === 0) return undefined;
  const mask = new Uint8Array(names);
  for (const id of hidden) if (id >= 0 && id < names) mask[id] = 1;
  return mask;
}
