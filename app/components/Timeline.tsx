/**
 * The timeline: two stacked canvases (lanes and glyphs below, edges above),
 * d3-zoom for pan/zoom, and a render request to the worker per view change.
 * Only the latest request is drawn, so a fast pan never queues stale frames.
 */
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { type ZoomBehavior, type ZoomTransform, zoom, zoomIdentity } from 'd3-zoom';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EventInfo, RenderQuery, RenderResult } from '../../worker/protocol.ts';
import { nameColors, palette } from '../draw/colors.ts';
import { setLastFrame } from '../draw/frame.ts';
import { sizeCanvas } from '../draw/hidpi-canvas.ts';
import { AXIS_H, buildRows, LABEL_W, lanesOnScreen, ROW_H, rowInSlot, slotOf } from '../draw/rows.ts';
import { drawBase, drawEdges, type Geometry, type Glyph, hitTest } from '../draw/timeline-draw.ts';
import { engine } from '../engine-client.ts';
import { markInput, recordFrame, viewStart } from '../frame-timing.ts';
import { useLaneFilter } from '../lane-filter.ts';
import { useFullDomain, useView } from '../store.ts';
import { useSize } from '../use-size.ts';
import { clampDomain, formatTick, minSpan } from '../view-math.ts';

/** A view asked of the worker. */
interface View {
  query: RenderQuery;
  selected: number | undefined;
  /** When the input that led to it came (for the bench's frame timing). */
  start: number;
  summary: unknown;
}

export function Timeline() {
  const summary = useView((s) => s.summary);
  const axis = useView((s) => s.axis);
  const domain = useView((s) => s.domain);
  const theme = useView((s) => s.theme);
  const collapsed = useView((s) => s.collapsed);
  const selectedEvent = useView((s) => s.selectedEvent);
  const selectedViolation = useView((s) => s.selectedViolation);
  const hiddenNames = useView((s) => s.hiddenNames);
  const set = useView((s) => s.set);
  const wrap = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const { width, height } = useSize(wrap);
  const [firstRow, setFirstRow] = useState(0);
  const [data, setData] = useState<View & { result: RenderResult }>();
  const [hover, setHover] = useState<{ x: number; y: number; info: EventInfo }>();
  const glyphs = useRef<Glyph[]>([]);
  const inFlight = useRef(false);
  const waiting = useRef<View>(undefined);
  const shownSummary = useRef<unknown>(undefined);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown>>(undefined);
  // For `npm run bench`: the newest view, which view and answer have been timed, and whether this trace has been painted.
  const newest = useRef<View>(undefined);
  const timedView = useRef<View>(undefined);
  const timedAnswer = useRef<unknown>(undefined);
  const painted = useRef<unknown>(undefined);

  // The selected violation's lanes, asked of the worker once per selection; dropped on deselect.
  const [pins, setPins] = useState<{ summary: unknown; id: string; lanes: number[] }>();
  useEffect(() => {
    if (!summary || !selectedViolation) return;
    let live = true;
    void engine()
      .pinnedLanes(selectedViolation)
      .then((lanes) => {
        if (live) setPins({ summary, id: selectedViolation, lanes });
      });
    return () => {
      live = false;
    };
  }, [summary, selectedViolation]);
  const pinned = pins && pins.summary === summary && pins.id === selectedViolation ? pins.lanes : undefined;
  const keep = useLaneFilter(summary);
  const rows = useMemo(() => buildRows(summary?.lanes ?? [], collapsed, { pinned, keep }), [summary, collapsed, pinned, keep]);
  const full = useFullDomain();
  const base = useMemo(
    () =>
      scaleLinear()
        .domain(full)
        .range([LABEL_W, Math.max(LABEL_W + 1, width)]),
    [full, width],
  );
  const xScale = useMemo(
    () =>
      scaleLinear()
        .domain(domain)
        .range([LABEL_W, Math.max(LABEL_W + 1, width)]),
    [domain, width],
  );
  const visibleRows = Math.ceil((height - AXIS_H) / ROW_H) + 1;
  const maxFirstRow = Math.max(0, rows.rows.length - visibleRows + 2);
  const offending = useMemo(() => new Set((summary?.violations ?? []).filter((v) => !v.pending).map((v) => v.event)), [summary]);

  // Keep the selected violation's lane on screen (pinned lanes always are), and the scroll within the rows there are.
  useEffect(() => {
    if (firstRow > maxFirstRow) {
      setFirstRow(maxFirstRow);
      return;
    }
    const v = summary?.violations.find((x) => x.id === selectedViolation);
    // Wait for the pins: the lane is about to be pinned, and scrolling to its old row would be a jump for nothing.
    if (!v || !pinned) return;
    const row = rows.rowOfLane[v.lane];
    const slot = slotOf(rows, firstRow, row);
    if (row >= rows.pinned && (slot < rows.pinned || slot > visibleRows - 3))
      setFirstRow(Math.max(0, Math.min(maxFirstRow, row - rows.pinned - 2)));
  }, [selectedViolation, summary, rows, firstRow, visibleRows, maxFirstRow, pinned]);

  // Ask the worker for what is on screen at once (no wait for an animation frame): one request in
  // flight, and while it is out only the newest view waits, so a fast pan never queues stale work.
  useEffect(() => {
    if (!summary) return;
    const ask = (v: View) => {
      inFlight.current = true;
      void engine()
        .render(v.query, v.selected)
        .then((result) => {
          inFlight.current = false;
          const next = waiting.current;
          waiting.current = undefined;
          // An answer about a trace that is no longer loaded is dropped, never drawn over the new one.
          if (v.summary === shownSummary.current) setData({ ...v, result });
          if (next) ask(next);
        });
    };
    shownSummary.current = summary;
    const now = performance.now();
    const view: View = {
      query: {
        x0: domain[0],
        x1: domain[1],
        axis,
        lanes: lanesOnScreen(rows, firstRow, visibleRows),
        width: Math.max(1, width - LABEL_W),
        hidden: hiddenNames.size > 0 ? [...hiddenNames] : undefined,
      },
      selected: selectedEvent,
      start: viewStart(now),
      summary,
    };
    newest.current = view;
    if (inFlight.current) waiting.current = view;
    else ask(view);
  }, [summary, domain, axis, rows, firstRow, visibleRows, width, selectedEvent, hiddenNames]);

  // Draw on every view change at once, with the newest answer placed by its own domain under the
  // current scale (what panning shows until the worker answers, a few milliseconds later), and
  // again when the answer for this view comes.
  useEffect(() => {
    const b = baseRef.current;
    const o = overlayRef.current;
    if (!b || !o || !summary) return;
    const drawn = data && data.summary === summary ? data : undefined;
    const p = palette(theme);
    const origin = axis === 'time' ? summary.tsMin : 0;
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
    glyphs.current = drawBase(sizeCanvas(b, width, height), g, rows, result, drawn?.query, p, offending, selectedEvent, colors);
    o.dataset.violatedEdges = String(drawEdges(sizeCanvas(o, width, height), g, rows, result, p, selectedViolation));
    if (!result) return;
    const view = newest.current;
    // Exports redraw the last frame from its data, so only an answer for the view on screen is kept.
    if (drawn?.query === view?.query)
      setLastFrame({ data: result, rows, geometry: g, offending, colors, names: summary.names, base: b, overlay: o });
    if (painted.current !== summary) {
      painted.current = summary;
      performance.mark('vqscope:first-frame');
    }
    if (view && timedView.current !== view) {
      timedView.current = view;
      recordFrame(view.start, false);
    }
    if (drawn && drawn.query === view?.query && timedAnswer.current !== drawn) {
      timedAnswer.current = drawn;
      recordFrame(drawn.start, true);
    }
  }, [data, summary, width, height, xScale, domain, rows, firstRow, theme, offending, selectedEvent, selectedViolation, axis]);

  // d3-zoom: the transform maps the full domain to the visible one.
  const applyTransform = useCallback(
    (t: ZoomTransform) => {
      const d = t.rescaleX(base).domain() as [number, number];
      const next = clampDomain(d, full, minSpan(axis));
      const cur = useView.getState().domain;
      if (Math.abs(next[0] - cur[0]) > 1e-9 || Math.abs(next[1] - cur[1]) > 1e-9) set({ domain: next });
    },
    [base, full, axis, set],
  );

  useEffect(() => {
    const o = overlayRef.current;
    if (!o) return;
    const z = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, Math.max(2, (full[1] - full[0]) / minSpan(axis))])
      .filter((ev: Event) => {
        const e = ev as MouseEvent & WheelEvent;
        if (e.type === 'wheel' && (e.shiftKey || e.offsetX < LABEL_W)) return false;
        if (e.type === 'mousedown' && e.offsetX < LABEL_W) return false;
        return (!e.ctrlKey || e.type === 'wheel') && !e.button;
      })
      .on('zoom', (ev: { transform: ZoomTransform; sourceEvent: Event | null }) => {
        if (!ev.sourceEvent) return;
        markInput(ev.sourceEvent.timeStamp);
        applyTransform(ev.transform);
      });
    zoomRef.current = z;
    select(o).call(z).on('dblclick.zoom', null);
    return () => {
      select(o).on('.zoom', null);
    };
  }, [full, axis, applyTransform]);

  // Programmatic domain changes (keys, violation clicks) move d3-zoom's transform too.
  useEffect(() => {
    const o = overlayRef.current;
    const z = zoomRef.current;
    if (!o || !z) return;
    const k = (full[1] - full[0]) / (domain[1] - domain[0]);
    const t = zoomIdentity.translate(LABEL_W - k * base(domain[0]), 0).scale(k);
    select(o).call(z.transform, t);
  }, [domain, full, base]);

  const onWheelRows = (e: React.WheelEvent) => {
    if (e.shiftKey || e.nativeEvent.offsetX < LABEL_W)
      setFirstRow((r) => Math.max(0, Math.min(maxFirstRow, r + Math.sign(e.deltaY || e.deltaX) * 3)));
  };

  const rowAt = (y: number) => (y < AXIS_H ? -1 : rowInSlot(rows, firstRow, Math.floor((y - AXIS_H) / ROW_H)));

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const { offsetX: x, offsetY: y } = e.nativeEvent;
    if (x < LABEL_W) {
      const row = rows.rows[rowAt(y)];
      if (row?.kind === 'group' && !row.pinned) {
        const next = new Set(collapsed);
        if (next.has(row.group)) next.delete(row.group);
        else next.add(row.group);
        set({ collapsed: next });
      }
      return;
    }
    const hit = hitTest(glyphs.current, x, y);
    set({ selectedEvent: hit?.event });
  };

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const { offsetX: x, offsetY: y } = e.nativeEvent;
    const hit = hitTest(glyphs.current, x, y);
    if (!hit) {
      if (hover) setHover(undefined);
      return;
    }
    if (hover?.info.index === hit.event) return;
    void engine()
      .eventInfo(hit.event)
      .then((info) => {
        if (info) setHover({ x: hit.x, y: hit.y, info });
      });
  };

  if (!summary) return null;
  return (
    <div className="timeline" ref={wrap} onWheel={onWheelRows}>
      <canvas ref={baseRef} className="timeline-base" />
      <canvas
        ref={overlayRef}
        className="timeline-overlay"
        data-testid="edge-overlay"
        role="img"
        aria-label={`Timeline of ${summary.file}: ${summary.lanes.length} lanes; drag to pan, wheel to zoom, click a group name to collapse it`}
        onClick={onClick}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(undefined)}
      />
      {rows.rows.length > visibleRows - 1 && (
        <div className="row-scroll" aria-hidden="true">
          rows {rows.pinned + firstRow + 1}–{Math.min(rows.rows.length, firstRow + visibleRows - 1)} of {rows.rows.length}
          {rows.pinned > 0 ? ` (${rows.pinned} pinned)` : ''} (wheel over the labels to scroll)
        </div>
      )}
      {hover && <HoverCard x={hover.x} y={hover.y} info={hover.info} width={width} />}
    </div>
  );
}

function HoverCard({ x, y, info, width }: { x: number; y: number; info: EventInfo; width: number }) {
  const left = Math.min(x + 14, width - 420);
  return (
    <div className="hover-card" style={{ left: Math.max(4, left), top: y + 14 }} role="tooltip">
      <div className="hover-title">
        {info.name} <span className="muted">line {info.line}</span>
      </div>
      <pre className="raw-line">{info.raw}</pre>
      {info.fields.length > 0 && (
        <dl className="fields">
          {info.fields.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>
                {v}
                {info.named[k] && <span className="decoded"> = {info.named[k]}</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
