/** The last frame the timeline drew, kept so that exports show exactly what is on screen. */
import type { RenderResult } from '../../worker/protocol.ts';
import { AXIS_H, LABEL_W, ROW_H, type RowModel, screenRows } from './rows.ts';
import { type Geometry, rowY } from './timeline-draw.ts';

export interface Frame {
  data: RenderResult;
  rows: RowModel;
  geometry: Geometry;
  offending: ReadonlySet<number>;
  /** Colour and name per event name id. */
  colors: readonly string[];
  names: readonly string[];
  base: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
}

let last: Frame | undefined;

export function setLastFrame(f: Frame): void {
  last = f;
}

export function lastFrame(): Frame | undefined {
  return last;
}

export interface FrameModel {
  width: number;
  height: number;
  /** The plot area (right of the labels, under the axis). */
  plot: { x0: number; y0: number; x1: number; y1: number };
  /** Every single event drawn: trace index, name id and canvas position (CSS pixels). */
  glyphs: { event: number; name: string; x: number; y: number }[];
  /** Density bins drawn per lane (dense lanes), with the names they show. */
  bins: { lane: number; names: string[] }[];
  /** Rows on screen, top to bottom. */
  rows: { label: string; kind: 'group' | 'lane'; pinned: boolean; lane?: number }[];
  pinned: number;
}

/**
 * What the last frame drew, in numbers: the e2e tests assert on it (an event is inside the
 * visible canvas, a hidden name has no glyph) rather than on flags the app sets about itself.
 */
export function frameModel(): FrameModel | undefined {
  const f = last;
  if (!f) return undefined;
  const g = f.geometry;
  const slots = Math.ceil((g.height - AXIS_H) / ROW_H) + 1;
  const onScreen = screenRows(f.rows, g.firstRow, slots);
  const visible = new Set(onScreen);
  const glyphs: FrameModel['glyphs'] = [];
  const bins: FrameModel['bins'] = [];
  for (const lane of f.data.lanes) {
    const row = f.rows.rowOfLane[lane.lane];
    if (!visible.has(row)) continue;
    const y = rowY(g, row);
    for (let k = 0; k < lane.events.length; k++)
      glyphs.push({ event: lane.events[k], name: f.names[lane.names[k]], x: g.x(lane.xs[k]), y });
    if (lane.binCount.length > 0)
      bins.push({ lane: lane.lane, names: [...new Set([...lane.binName].filter((_, i) => lane.binCount[i] > 0))].map((n) => f.names[n]) });
  }
  return {
    width: g.width,
    height: g.height,
    plot: { x0: LABEL_W, y0: AXIS_H, x1: g.width, y1: g.height },
    glyphs,
    bins,
    rows: onScreen.map((r) => {
      const row = f.rows.rows[r];
      return row.kind === 'group'
        ? { label: row.group, kind: 'group', pinned: !!row.pinned }
        : { label: row.label, kind: 'lane', pinned: !!row.pinned, lane: row.lane };
    }),
    pinned: f.rows.pinned,
  };
}
