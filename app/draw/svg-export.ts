/**
 * SVG of the current timeline view, with title and legend: the same lanes,
 * glyphs and edges as the canvas, as vector shapes for papers and reviews.
 * Every text from the log is escaped: it is data, not markup.
 */
import type { Palette } from './colors.ts';
import type { Frame } from './frame.ts';
import { AXIS_H, LABEL_W, ROW_H, screenRows, slotOf } from './rows.ts';
import { rowY } from './timeline-draw.ts';

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const TITLE_H = 28;
const LEGEND_H = 26;

export function timelineSvg(f: Frame, title: string, names: readonly string[], p: Palette): string {
  const g = f.geometry;
  const width = g.width;
  const visibleRows = Math.ceil((g.height - AXIS_H) / ROW_H);
  const onScreen = screenRows(f.rows, g.firstRow, visibleRows);
  const rowsShown = onScreen.length;
  const shown = (row: number) => {
    const s = row < 0 ? -1 : slotOf(g, g.firstRow, row);
    return s >= 0 && s < rowsShown;
  };
  const bodyH = AXIS_H + rowsShown * ROW_H;
  const height = TITLE_H + bodyH + LEGEND_H;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="${p.bg}"/>`);
  out.push(`<text x="8" y="19" font-size="15" font-weight="600" fill="${p.text}">${escapeXml(title)}</text>`);
  out.push(`<g transform="translate(0 ${TITLE_H})">`);
  onScreen.forEach((r, slot) => {
    const row = f.rows.rows[r];
    const top = AXIS_H + slot * ROW_H;
    if (row.pinned) out.push(`<rect x="0" y="${top}" width="4" height="${ROW_H}" fill="${p.selection}"/>`);
    if (row.kind === 'group') {
      out.push(`<rect x="0" y="${top}" width="${width}" height="${ROW_H}" fill="${p.groupBg}"/>`);
      out.push(`<text x="6" y="${top + 15}" fill="${p.text}">${escapeXml(`${row.group} (${row.lanes.length})`)}</text>`);
    } else {
      if (r % 2 === 0) out.push(`<rect x="0" y="${top}" width="${width}" height="${ROW_H}" fill="${p.laneAlt}"/>`);
      out.push(`<text x="18" y="${top + 15}" fill="${p.muted}">${escapeXml(row.label)}</text>`);
    }
  });
  for (const t of g.ticks) {
    if (t.x < LABEL_W) continue;
    out.push(`<line x1="${t.x.toFixed(1)}" y1="${AXIS_H - 6}" x2="${t.x.toFixed(1)}" y2="${bodyH}" stroke="${p.grid}"/>`);
    out.push(`<text x="${(t.x + 3).toFixed(1)}" y="16" fill="${p.muted}">${escapeXml(t.label)}</text>`);
  }
  out.push(`<line x1="${LABEL_W}" y1="0" x2="${LABEL_W}" y2="${bodyH}" stroke="${p.grid}"/>`);
  for (const lane of f.data.lanes) {
    const row = f.rows.rowOfLane[lane.lane];
    if (!shown(row)) continue;
    const y = rowY(g, row);
    for (let k = 0; k < lane.events.length; k++) {
      const x = g.x(lane.xs[k]);
      if (x < LABEL_W || x > width) continue;
      out.push(`<circle cx="${x.toFixed(1)}" cy="${y}" r="4.5" fill="${f.colors[lane.names[k]]}"/>`);
      if (f.offending.has(lane.events[k]))
        out.push(`<circle cx="${x.toFixed(1)}" cy="${y}" r="7.5" fill="none" stroke="${p.violated}" stroke-width="2"/>`);
    }
    if (lane.binCount.length) {
      const plotW = width - LABEL_W;
      for (let px = 0; px < lane.binCount.length; px++) {
        if (lane.binCount[px] === 0) continue;
        out.push(
          `<rect x="${(LABEL_W + (px / lane.binCount.length) * plotW).toFixed(1)}" y="${y - 6}" width="1" height="12" fill="${f.colors[lane.binName[px]]}"/>`,
        );
      }
    }
  }
  const edges = [...f.data.edges].sort((a, b) => Number(a.violated) - Number(b.violated));
  for (const e of edges) {
    const r0 = f.rows.rowOfLane[e.fromLane];
    const r1 = f.rows.rowOfLane[e.toLane];
    if (!shown(r0) || !shown(r1)) continue;
    const x0 = g.x(e.fromX);
    const x1 = g.x(e.toX);
    const y0 = rowY(g, r0);
    const y1 = rowY(g, r1);
    const lift = r0 === r1 ? -Math.min(40, 12 + Math.abs(x1 - x0) / 6) : 0;
    const c0 = `${(x0 + (x1 - x0) / 3).toFixed(1)} ${y0 + lift}`;
    const c1 = `${(x0 + (2 * (x1 - x0)) / 3).toFixed(1)} ${y1 + lift}`;
    const color = e.violated ? p.violated : p.satisfied;
    out.push(
      `<path d="M${x0.toFixed(1)} ${y0} C${c0} ${c1} ${x1.toFixed(1)} ${y1}" fill="none" stroke="${color}" stroke-width="${e.violated ? 2.5 : 1.25}"${e.violated ? '' : ' stroke-dasharray="4 3"'} marker-end="url(#${e.violated ? 'red' : 'grey'})"/>`,
    );
  }
  out.push('</g>');
  out.push(
    `<defs><marker id="red" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path d="M0 0L10 5L0 10z" fill="${p.violated}"/></marker><marker id="grey" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" orient="auto"><path d="M0 0L10 5L0 10z" fill="${p.satisfied}"/></marker></defs>`,
  );
  let lx = 8;
  const ly = TITLE_H + bodyH + 17;
  names.slice(0, 12).forEach((n, id) => {
    out.push(
      `<circle cx="${lx + 5}" cy="${ly - 4}" r="5" fill="${f.colors[id]}"/><text x="${lx + 14}" y="${ly}" fill="${p.text}">${escapeXml(n)}</text>`,
    );
    lx += 24 + n.length * 6.5;
  });
  out.push(
    `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${p.violated}" stroke-width="3"/><text x="${lx + 28}" y="${ly}" fill="${p.text}">violated happens-before</text>`,
  );
  out.push('</svg>');
  return out.join('\n');
}
