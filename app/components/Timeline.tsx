/**
 * The timeline: two stacked canvases (lanes and glyphs below, edges above),
 * d3-zoom for pan/zoom, and a render request to the worker per view change.
 * Only the latest request is drawn, so a fast pan never queues stale frames.
 * Pans and zooms are drawn by TimelineFrames straight from the store, without
 * a re-render here; React renders what else changes (rows, size, selection).
 */
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { type ZoomBehavior, type ZoomTransform, zoom, zoomIdentity } from 'd3-zoom';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { EventInfo } from '../../worker/protocol.ts';
import { AXIS_H, buildRows, LABEL_W, ROW_H, rowInSlot, slotOf } from '../draw/rows.ts';
import { hitTest } from '../draw/timeline-draw.ts';
import { engine } from '../engine-client.ts';
import { markInput } from '../frame-timing.ts';
import { useLaneFilter } from '../lane-filter.ts';
import { useFullDomain, useView } from '../store.ts';
import { useSize } from '../use-size.ts';
import { clampDomain, minSpan } from '../view-math.ts';
import { TimelineFrames } from './TimelineFrames.ts';

export function Timeline() {
  const summary = useView((s) => s.summary);
  const axis = useView((s) => s.axis);
  const theme = useView((s) => s.theme);
  const collapsed = useView((s) => s.collapsed);
  const selectedEvent = useView((s) => s.selectedEvent);
  const selectedViolation = useView((s) => s.selectedViolation);
  const hiddenNames = useView((s) => s.hiddenNames);
  const laneFilter = useView((s) => s.laneFilter);
  const onlyFindings = useView((s) => s.onlyFindings);
  const set = useView((s) => s.set);
  const wrap = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(wrap);
  const size = useRef({ width, height });
  size.current = { width, height };
  const [firstRow, setFirstRow] = useState(0);
  const [hover, setHover] = useState<{ x: number; y: number; info: EventInfo }>();
  const frames = useRef<TimelineFrames>(undefined);
  frames.current ??= new TimelineFrames(engine, () => useView.getState().domain);
  const f = frames.current;
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown>>(undefined);

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

  // What the frames are drawn from, as rendered; then the worker is asked and the canvases drawn if any of it changed.
  useLayoutEffect(() => {
    f.inputs = summary
      ? {
          summary,
          axis,
          theme,
          collapsed,
          laneFilter,
          onlyFindings,
          rows,
          firstRow,
          visibleRows,
          width,
          height,
          offending,
          selectedEvent,
          selectedViolation,
          hiddenNames,
        }
      : undefined;
  });
  useEffect(() => f.update());

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
    const o = f.overlay;
    if (!o) return;
    const z = zoom<HTMLCanvasElement, unknown>()
      // The canvas's size as laid out, known here: d3's default reads clientWidth, a forced layout on every key.
      .extent(() => [
        [0, 0],
        [size.current.width, size.current.height],
      ])
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
  }, [f, full, axis, applyTransform]);

  // Programmatic domain changes (keys, violation clicks) move d3-zoom's transform too.
  const zoomTo = useCallback(
    (domain: readonly [number, number]) => {
      const o = f.overlay;
      const z = zoomRef.current;
      if (!o || !z) return;
      const k = (full[1] - full[0]) / (domain[1] - domain[0]);
      const t = zoomIdentity.translate(LABEL_W - k * base(domain[0]), 0).scale(k);
      select(o).call(z.transform, t);
    },
    [f, full, base],
  );
  const latestZoomTo = useRef(zoomTo);
  latestZoomTo.current = zoomTo;
  useEffect(() => zoomTo(useView.getState().domain), [zoomTo]);

  // A pan or zoom is drawn here and now, in the handler that changed the domain, unless something else
  // this component renders changed with it (a new trace, axis or selection): then React's render draws it.
  useEffect(
    () =>
      useView.subscribe((s, prev) => {
        if (s.domain === prev.domain) return;
        queueMicrotask(() => latestZoomTo.current(useView.getState().domain));
        const inp = f.inputs;
        if (
          !inp ||
          inp.summary !== s.summary ||
          inp.axis !== s.axis ||
          inp.theme !== s.theme ||
          inp.selectedEvent !== s.selectedEvent ||
          inp.selectedViolation !== s.selectedViolation ||
          inp.hiddenNames !== s.hiddenNames ||
          inp.collapsed !== s.collapsed ||
          inp.laneFilter !== s.laneFilter ||
          inp.onlyFindings !== s.onlyFindings
        )
          return;
        f.update();
      }),
    [f],
  );

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
    const hit = hitTest(f.glyphs, x, y);
    set({ selectedEvent: hit?.event });
  };

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const { offsetX: x, offsetY: y } = e.nativeEvent;
    const hit = hitTest(f.glyphs, x, y);
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
      <canvas
        ref={(c) => {
          f.base = c;
        }}
        className="timeline-base"
      />
      <canvas
        ref={(c) => {
          f.overlay = c;
        }}
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
