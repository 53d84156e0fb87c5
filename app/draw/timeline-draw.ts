/**
 * Canvas drawing of the timeline: lanes and event glyphs on the base canvas,
 * happens-before edges on the overlay (violated ones red, with an arrowhead,
 * drawn last so they stay on top). Pure functions of their inputs; the
 * component decides when to call them.
 */
import type { RenderQuery, RenderResult } from '../../worker/protocol.ts';
import type { Palette } from './colors.ts';
import { PixelLayer, rgbaOf } from './pixel-layer.ts';
import { AXIS_H, LABEL_W, ROW_H, type RowModel, screenRows, slotOf } from './rows.ts';

export interface Geometry {
  width: number;
  height: number;
  /** Maps an x value (event index or ns) to a canvas x. */
  x: (v: number) => number;
  /** Vertical scroll: the first unpinned row shown under the pinned ones. */
  firstRow: number;
  /** Rows pinned at the top (they do not scroll). */
  pinned: number;
  ticks: { x: number; label: string }[];
}

export interface Glyph {
  x: number;
  y: number;
  event: number;
}

export function rowY(g: Geometry, row: number): number {
  return AXIS_H + slotOf(g, g.firstRow, row) * ROW_H + ROW_H / 2;
}

/** Whether a row is on screen. */
function shown(g: Geometry, row: number, slots: number): boolean {
  if (row < 0) return false;
  const s = slotOf(g, g.firstRow, row);
  return s >= 0 && s < slots;
}

let layer: PixelLayer | undefined;

/** One pixel layer per canvas size, kept: a fresh 4 MB buffer each frame costs page faults every time. */
function layerFor(width: number, height: number, dpr: number): PixelLayer {
  if (!layer || layer.dpr !== dpr || layer.w !== Math.max(1, Math.round(width * dpr)) || layer.h !== Math.max(1, Math.round(height * dpr)))
    layer = new PixelLayer(width, height, dpr);
  return layer;
}

const wordsOf = new WeakMap<readonly string[], Uint32Array>();

/** The colours per name id as RGBA words, once per colour table (nameColors keeps one per trace). */
function colorWords(colors: readonly string[]): Uint32Array {
  let w = wordsOf.get(colors);
  if (!w) {
    w = Uint32Array.from(colors, rgbaOf);
    wordsOf.set(colors, w);
  }
  return w;
}

/**
 * Lane stripes, density bars and event dots go into a pixel layer put in one call; labels, the axis
 * and the few marks around offending or selected events are drawn on top with canvas calls.
 */
export function drawBase(
  ctx: CanvasRenderingContext2D,
  g: Geometry,
  rows: RowModel,
  data: RenderResult | undefined,
  /** The view `data` answers; its bins are placed by it, so an older answer still lands where its events are. */
  asked: RenderQuery | undefined,
  p: Palette,
  offending: ReadonlySet<number>,
  selected: number | undefined,
  /** Colour per event name id. */
  colors: readonly string[],
): Glyph[] {
  const dpr = ctx.canvas.width / Math.max(1, g.width);
  const px = layerFor(g.width, g.height, dpr);
  const visibleRows = Math.ceil((g.height - AXIS_H) / ROW_H) + 1;
  const onScreen = screenRows(rows, g.firstRow, visibleRows);
  // Every pixel is filled once: each row's band in its own colour, the background above and below.
  const bg = rgbaOf(p.bg);
  px.fillRect(0, 0, g.width, AXIS_H, bg);
  onScreen.forEach((r, slot) => {
    const row = rows.rows[r];
    const top = AXIS_H + slot * ROW_H;
    const band = row.pinned
      ? rgbaOf(row.kind === 'group' ? p.pinnedHead : p.pinnedBg)
      : row.kind === 'group'
        ? rgbaOf(p.groupBg)
        : r % 2 === 0
          ? rgbaOf(p.laneAlt)
          : bg;
    px.fillRect(0, top, g.width, ROW_H, band);
    // The pinned marker: a bar down the left edge of every pinned row.
    if (row.pinned) px.fillRect(0, top, 4, ROW_H, rgbaOf(p.selection));
  });
  const below = AXIS_H + onScreen.length * ROW_H;
  if (below < g.height) px.fillRect(0, below, g.width, g.height - below, bg);
  const plot = { x0: LABEL_W, y0: AXIS_H, x1: g.width, y1: g.height };
  const glyphs: Glyph[] = [];
  const marked: Glyph[] = [];
  if (data && asked) {
    const words = colorWords(colors);
    const muted = rgbaOf(p.muted);
    const binX = (b: number, bins: number) => g.x(asked.x0 + (b / bins) * (asked.x1 - asked.x0));
    for (const lane of data.lanes) {
      const row = rows.rowOfLane[lane.lane];
      if (!shown(g, row, visibleRows)) continue;
      const y = rowY(g, row);
      if (lane.binCount.length > 0) {
        const counts = lane.binCount;
        let max = 1;
        for (let b = 0; b < counts.length; b++) if (counts[b] > max) max = counts[b];
        const scale = (ROW_H - 6) / Math.log2(max + 1);
        const bins = counts.length;
        const x0 = binX(0, bins);
        const step = binX(1, bins) - x0;
        px.bars(counts, lane.binName, words, muted, x0, step, y, scale, plot);
        continue;
      }
      for (let k = 0; k < lane.events.length; k++) {
        const x = g.x(lane.xs[k]);
        const ev = lane.events[k];
        px.disc(x, y, 4.5, rgbaOf(colors[lane.names[k]] ?? p.muted), plot);
        const glyph = { x, y, event: ev };
        glyphs.push(glyph);
        if (ev === selected || offending.has(ev)) marked.push(glyph);
      }
    }
  }
  px.fillRect(0, 0, g.width, AXIS_H, rgbaOf(p.bg));
  px.put(ctx);

  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  onScreen.forEach((r, slot) => {
    const row = rows.rows[r];
    const mid = AXIS_H + slot * ROW_H + ROW_H / 2;
    if (row.kind === 'group') {
      ctx.fillStyle = p.text;
      const head = row.pinned ? `${row.group} (${row.lanes.length})` : `${row.collapsed ? '▸' : '▾'} ${row.group} (${row.lanes.length})`;
      ctx.fillText(fitText(ctx, head, LABEL_W - 12), 8, mid);
    } else {
      ctx.fillStyle = row.pinned ? p.text : p.muted;
      ctx.fillText(fitText(ctx, row.label, LABEL_W - 26), 18, mid);
    }
  });
  // The pinned rows end with a rule across the whole width.
  if (rows.pinned > 0) {
    const y = AXIS_H + Math.min(rows.pinned, visibleRows) * ROW_H;
    ctx.fillStyle = p.selection;
    ctx.fillRect(0, y - 1, g.width, 2);
  }
  // Axis with ticks.
  ctx.strokeStyle = p.grid;
  ctx.fillStyle = p.muted;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of g.ticks) {
    if (t.x < LABEL_W) continue;
    ctx.moveTo(Math.round(t.x) + 0.5, AXIS_H - 6);
    ctx.lineTo(Math.round(t.x) + 0.5, g.height);
    ctx.fillText(t.label, t.x + 3, AXIS_H / 2);
  }
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(LABEL_W + 0.5, 0);
  ctx.lineTo(LABEL_W + 0.5, g.height);
  ctx.stroke();

  if (marked.length > 0) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(LABEL_W, AXIS_H, g.width - LABEL_W, g.height - AXIS_H);
    ctx.clip();
    ctx.lineWidth = 2;
    for (const { x, y, event } of marked) {
      if (offending.has(event)) {
        ctx.strokeStyle = '#dc2626';
        ctx.beginPath();
        ctx.arc(x, y, 7.5, 0, Math.PI * 2);
        ctx.stroke();
      }
      if (event === selected) {
        ctx.strokeStyle = '#ca8a04';
        ctx.strokeRect(x - 8, y - 8, 16, 16);
      }
    }
    ctx.restore();
  }
  return glyphs;
}

const fitted = new Map<string, string>();

/**
 * A label made to fit `max` pixels: first its long pointers shortened to their last four hex
 * digits ("virtio-balloon (vdev 0x…28a0) · vq 2 (0x…5140)"), which keeps the device and the queue
 * index readable, then cut at the end with an ellipsis; fillText's own maxWidth squeezes the
 * glyphs instead. Memoized: labels repeat every frame.
 */
export function fitText(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  const key = `${ctx.font}\u0000${max}\u0000${text}`;
  let out = fitted.get(key);
  if (out !== undefined) return out;
  out = text;
  if (ctx.measureText(out).width > max) out = text.replace(/0x[0-9a-fA-F]{5,}([0-9a-fA-F]{4})\b/g, '0x…$1');
  if (ctx.measureText(out).width > max) {
    const full = out;
    let keep = full.length - 1;
    for (; keep > 1; keep--) {
      out = `${full.slice(0, keep)}…`;
      if (ctx.measureText(out).width <= max) break;
    }
  }
  if (fitted.size > 5000) fitted.clear();
  fitted.set(key, out);
  return out;
}

function arrowHead(ctx: CanvasRenderingContext2D, x: number, y: number, angle: number, size: number): void {
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - size * Math.cos(angle - 0.45), y - size * Math.sin(angle - 0.45));
  ctx.lineTo(x - size * Math.cos(angle + 0.45), y - size * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
}

/** Overlay canvases known to hold nothing (cleared, no edge drawn since). */
const blank = new WeakSet<HTMLCanvasElement | OffscreenCanvas>();

/** Draws edges; returns the number of violated edges drawn. */
export function drawEdges(
  ctx: CanvasRenderingContext2D,
  g: Geometry,
  rows: RowModel,
  data: RenderResult | undefined,
  p: Palette,
  highlight: string | undefined,
): number {
  const drawable = data ? data.edges.filter((e) => rows.rowOfLane[e.fromLane] >= 0 && rows.rowOfLane[e.toLane] >= 0) : [];
  // A blank overlay is left untouched: clearing it again would hand the compositor a new copy of it every frame.
  if (drawable.length === 0 && blank.has(ctx.canvas)) return 0;
  ctx.clearRect(0, 0, g.width, g.height);
  if (drawable.length === 0) {
    blank.add(ctx.canvas);
    return 0;
  }
  blank.delete(ctx.canvas);
  ctx.save();
  ctx.beginPath();
  ctx.rect(LABEL_W, AXIS_H, g.width - LABEL_W, g.height - AXIS_H);
  ctx.clip();
  let violated = 0;
  // Grey first, red on top.
  const ordered = drawable.sort(
    (a, b) => Number(a.violated) - Number(b.violated) || Number(a.id === highlight) - Number(b.id === highlight),
  );
  for (const e of ordered) {
    const r0 = rows.rowOfLane[e.fromLane];
    const r1 = rows.rowOfLane[e.toLane];
    const x0 = g.x(e.fromX);
    const x1 = g.x(e.toX);
    const y0 = rowY(g, r0);
    const y1 = rowY(g, r1);
    const lift = r0 === r1 ? -Math.min(40, 12 + Math.abs(x1 - x0) / 6) : 0;
    const c0x = x0 + (x1 - x0) / 3;
    const c1x = x0 + (2 * (x1 - x0)) / 3;
    const c0y = y0 + lift;
    const c1y = y1 + lift;
    const strong = e.violated;
    ctx.strokeStyle = strong ? p.violated : p.satisfied;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.lineWidth = strong ? (e.id === highlight ? 4 : 2.5) : 1.25;
    ctx.setLineDash(strong ? [] : [4, 3]);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.bezierCurveTo(c0x, c0y, c1x, c1y, x1, y1);
    ctx.stroke();
    ctx.setLineDash([]);
    const angle = Math.atan2(y1 - c1y, x1 - c1x);
    arrowHead(ctx, x1, y1, angle, strong ? 11 : 7);
    if (strong) violated++;
  }
  ctx.restore();
  return violated;
}

export function hitTest(glyphs: readonly Glyph[], x: number, y: number, radius = 7): Glyph | undefined {
  let best: Glyph | undefined;
  let bestD = radius * radius;
  for (const gl of glyphs) {
    const d = (gl.x - x) ** 2 + (gl.y - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = gl;
    }
  }
  return best;
}
