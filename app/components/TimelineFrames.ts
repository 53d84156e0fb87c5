/**
 * The timeline's frame loop, outside React: a pan or zoom asks the worker for the new view and
 * draws it at once from the newest answer, inside the input handler that changed the view, and
 * draws again the moment the worker's answer comes, in the callback that receives it. Going
 * through React state instead cost a re-render, a commit and (for answers) a scheduler task per
 * frame, which were most of a frame's time on a busy two-core machine.
 *
 * `update()` brings the worker request and the canvases up to date with the inputs and the
 * domain; it does nothing when neither changed, so every caller may call it freely.
 */
import { scaleLinear } from 'd3-scale';
import type { RenderQuery, RenderResult, Summary } from '../../worker/protocol.ts';
import { nameColors, palette } from '../draw/colors.ts';
import { setLastFrame } from '../draw/frame.ts';
import { sizeCanvas } from '../draw/hidpi-canvas.ts';
import { LABEL_W, lanesOnScreen, type RowModel } from '../draw/rows.ts';
import { drawBase, drawEdges, type Geometry, type Glyph } from '../draw/timeline-draw.ts';
import { recordFrame, viewStart } from '../frame-timing.ts';
import type { Axis, Theme } from '../store.ts';
import { formatTick } from '../view-math.ts';

/** What the timeline shows besides the domain, as React last rendered it. */
export interface FrameInputs {
  summary: Summary;
  axis: Axis;
  theme: Theme;
  /** Store fields the rows are built from (compared, not read, by the domain subscription). */
  collapsed: ReadonlySet<string>;
  laneFilter: string;
  onlyFindings: boolean;
  rows: RowModel;
  firstRow: number;
  visibleRows: number;
  width: number;
  height: number;
  offending: ReadonlySet<number>;
  selectedEvent: number | undefined;
  selectedViolation: string | undefined;
  hiddenNames: ReadonlySet<number>;
}

/** A view asked of the worker. */
interface View {
  query: RenderQuery;
  selected: number | undefined;
  /** When the input that led to it came (for the bench's frame timing). */
  start: number;
  summary: Summary;
}

export interface Renderer {
  render(q: RenderQuery, selected: number | undefined): Promise<RenderResult>;
}

/** Whether two lists of values are the same, value by value (===). */
function same(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class TimelineFrames {
  base: HTMLCanvasElement | null = null;
  overlay: HTMLCanvasElement | null = null;
  inputs: FrameInputs | undefined;
  /** The events drawn as single glyphs in the last frame, for hit tests. */
  glyphs: Glyph[] = [];
  private data: (View & { result: RenderResult }) | undefined;
  private inFlight = false;
  private waiting: View | undefined;
  private asked: unknown[] | undefined;
  private drawn: unknown[] | undefined;
  // For `npm run bench`: the newest view, which view and answer have been timed, and whether this trace has been painted.
  private newest: View | undefined;
  private timedView: View | undefined;
  private timedAnswer: unknown;
  private painted: unknown;

  constructor(
    private readonly engine: () => Renderer,
    private readonly domain: () => readonly [number, number],
  ) {}

  /**
   * Draws the new view from the answer at hand, then asks the worker for it (no wait for an
   * animation frame). The drawing goes first: on a busy two-core machine the woken worker thread
   * often took the core from the thread that woke it, and the first frame waited for the worker's
   * answer (measured: median 5 ms before, 3 ms after; the worker's answer is drawn as soon).
   */
  update(): void {
    const view = this.viewToAsk();
    if (view) this.newest = view;
    this.paint();
    if (!view) return;
    // One request in flight, and while it is out only the newest view waits, so a fast pan never queues stale work.
    if (this.inFlight) this.waiting = view;
    else this.ask(view);
  }

  /** The view to ask the worker for, unless it is the one last asked. */
  private viewToAsk(): View | undefined {
    const inp = this.inputs;
    if (!inp) return undefined;
    const domain = this.domain();
    const [x0, x1] = domain;
    // The domain by identity, as React's effects compared it: a key press that leaves it where it was still asks again.
    const key = [inp.summary, domain, inp.axis, inp.rows, inp.firstRow, inp.visibleRows, inp.width, inp.selectedEvent, inp.hiddenNames];
    if (same(this.asked, key)) return undefined;
    this.asked = key;
    return {
      query: {
        x0,
        x1,
        axis: inp.axis,
        lanes: lanesOnScreen(inp.rows, inp.firstRow, inp.visibleRows),
        width: Math.max(1, inp.width - LABEL_W),
        hidden: inp.hiddenNames.size > 0 ? [...inp.hiddenNames] : undefined,
      },
      selected: inp.selectedEvent,
      start: viewStart(performance.now()),
      summary: inp.summary,
    };
  }

  private ask(v: View): void {
    this.inFlight = true;
    void this.engine()
      .render(v.query, v.selected)
      .then((result) => {
        this.inFlight = false;
        const next = this.waiting;
        this.waiting = undefined;
        // The next view goes out first, so the worker works on it while this answer is drawn.
        if (next) this.ask(next);
        // An answer about a trace that is no longer loaded is dropped, never drawn over the new one.
        if (v.summary === this.inputs?.summary) {
          this.data = { ...v, result };
          this.paint();
        }
      });
  }

  /**
   * Draws on every view change at once, with the newest answer placed by its own domain under the
   * current scale (what panning shows until the worker answers, a few milliseconds later), and
   * again when the answer for this view comes.
   */
  private paint(): void {
    const inp = this.inputs;
    const b = this.base;
    const o = this.overlay;
    if (!inp || !b || !o) return;
    const { summary, axis, width, height, rows, firstRow, theme, offending, selectedEvent, selectedViolation } = inp;
    const domain = this.domain();
    const key = [summary, domain, width, height, rows, firstRow, theme, offending, selectedEvent, selectedViolation, axis, this.data];
    if (same(this.drawn, key)) return;
    this.drawn = key;
    const drawn = this.data && this.data.summary === summary ? this.data : undefined;
    const p = palette(theme);
    const origin = axis === 'time' ? summary.tsMin : 0;
    const xScale = scaleLinear()
      .domain(domain)
      .range([LABEL_W, Math.max(LABEL_W + 1, width)]);
    const g: Geometry = {
      width,
      height,
      x: xScale,
      firstRow,
      pinned: rows.pinned,
      // Ticks are chosen on values relative to the first event so that they are round numbers of ms or events.
      ticks: scaleLinear()
        .domain([domain[0] - origin, domain[1] - origin])
        .ticks(Math.max(2, Math.floor((width - LABEL_W) / 110)))
        // In log order only whole event numbers are positions.
        .filter((t) => axis === 'time' || (Number.isInteger(t) && t >= 0))
        .map((t) => ({ x: xScale(t + origin), label: formatTick(t + origin, axis, origin) })),
    };
    const result = drawn?.query.axis === axis ? drawn.result : undefined;
    const colors = nameColors(summary.names).color;
    this.glyphs = drawBase(sizeCanvas(b, width, height), g, rows, result, drawn?.query, p, offending, selectedEvent, colors);
    o.dataset.violatedEdges = String(drawEdges(sizeCanvas(o, width, height), g, rows, result, p, selectedViolation));
    if (!result) return;
    const view = this.newest;
    // Exports redraw the last frame from its data, so only an answer for the view on screen is kept.
    if (drawn?.query === view?.query)
      setLastFrame({ data: result, rows, geometry: g, offending, colors, names: summary.names, base: b, overlay: o });
    if (this.painted !== summary) {
      this.painted = summary;
      performance.mark('vqscope:first-frame');
    }
    if (view && this.timedView !== view) {
      this.timedView = view;
      recordFrame(view.start, false);
    }
    if (drawn && drawn.query === view?.query && this.timedAnswer !== drawn) {
      this.timedAnswer = drawn;
      recordFrame(drawn.start, true);
    }
  }
}
