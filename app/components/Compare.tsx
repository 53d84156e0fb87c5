/**
 * "Compare with…": a second trace (B) against the loaded one (A, taken as
 * good). Both on one axis (log order, or time from each trace's start), lanes
 * paired per key with A above B, each key's first divergence marked on the
 * lanes and listed, and the pair playable in teach mode or shared as a link.
 */
import { useEffect, useRef, useState } from 'react';
import type { CompareView } from '../../worker/protocol.ts';
import { closeComparison, compareWith, pairLink, playPair, useCompare } from '../compare-store.ts';
import { nameColor, palette } from '../draw/colors.ts';
import { sizeCanvas } from '../draw/hidpi-canvas.ts';
import { useView } from '../store.ts';
import { useSize } from '../use-size.ts';

const ROW = 20;
const LABEL = 170;
const TOP = 8;

function PairedLanes({ c, axis }: { c: CompareView; axis: 'order' | 'time' }) {
  const theme = useView((s) => s.theme);
  const box = useRef<HTMLDivElement>(null);
  const ref = useRef<HTMLCanvasElement>(null);
  const { width } = useSize(box, { width: 800, height: 200 });
  const height = TOP * 2 + c.lanes.length * 2 * ROW;
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ctx = sizeCanvas(canvas, width, height);
    const p = palette(theme);
    ctx.fillStyle = p.bg;
    ctx.fillRect(0, 0, width, height);
    let max = 1;
    for (const l of c.lanes) for (const side of [l.a, l.b]) for (const x of side[axis]) if (x > max) max = x;
    const xOf = (x: number) => LABEL + 10 + (x / max) * (width - LABEL - 24);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const rowY = (lane: number, side: 0 | 1) => TOP + (lane * 2 + side) * ROW + ROW / 2;
    c.lanes.forEach((l, k) => {
      ctx.fillStyle = k % 2 === 0 ? p.laneAlt : p.bg;
      ctx.fillRect(0, TOP + k * 2 * ROW, width, 2 * ROW);
      ctx.fillStyle = p.muted;
      ctx.fillText(`A ${l.key}`, 6, rowY(k, 0), LABEL - 10);
      ctx.fillText(`B ${l.key}`, 6, rowY(k, 1), LABEL - 10);
      ([l.a, l.b] as const).forEach((side, s) => {
        side[axis].forEach((x, i) => {
          ctx.fillStyle = nameColor(side.name[i]);
          ctx.beginPath();
          ctx.arc(xOf(x), rowY(k, s as 0 | 1), 4, 0, Math.PI * 2);
          ctx.fill();
        });
      });
    });
    // Each key's first divergence: a red ring on B's event, a dashed line up to what A had there.
    ctx.strokeStyle = p.violated;
    ctx.lineWidth = 2;
    for (const d of c.divergences) {
      const k = c.lanes.findIndex((l) => l.key === d.key || (!d.key && c.lanes.length === 1));
      if (k < 0) continue;
      const lane = c.lanes[k];
      const ib = lane.b.line.indexOf(d.lineB);
      if (ib < 0) continue;
      const xb = xOf(lane.b[axis][ib]);
      ctx.beginPath();
      ctx.arc(xb, rowY(k, 1), 8, 0, Math.PI * 2);
      ctx.stroke();
      const ia = d.lineA === null ? -1 : lane.a.line.indexOf(d.lineA);
      if (ia >= 0) {
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(xOf(lane.a[axis][ia]), rowY(k, 0));
        ctx.lineTo(xb, rowY(k, 1));
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
  }, [c, axis, width, height, theme]);
  return (
    <div ref={box} className="paired-lanes">
      <canvas
        ref={ref}
        data-testid="compare-lanes"
        role="img"
        aria-label={`${c.lanes.length} key(s), A above B, on ${axis === 'time' ? 'time from each trace’s start' : 'log order'}; ${c.divergences.length} first divergence(s) marked`}
      />
    </div>
  );
}

export function ComparePanel() {
  const summary = useView((s) => s.summary);
  const comparing = useCompare((s) => s.comparing);
  const c = useCompare((s) => s.comparison);
  const [timeAxis, setTimeAxis] = useState(false);
  const axis = timeAxis && c?.timeUsable ? 'time' : 'order';
  // The link belongs to one comparison: it is kept with the comparison it was made for.
  const [link, setLink] = useState<{ for: CompareView; url: string }>();
  const shownLink = link && link.for === c ? link.url : undefined;
  if (!summary) return null;
  return (
    <section className="compare" aria-label="Comparison">
      <div className="row">
        <label className="button">
          Compare with…
          <input
            type="file"
            className="visually-hidden"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void compareWith(f);
              e.target.value = '';
            }}
          />
        </label>
        {comparing && <span className="muted">comparing with {comparing}…</span>}
        {c && (
          <>
            <span>
              <strong>A</strong> {c.a.name} · <strong>B</strong> {c.b.name}
            </span>
            <button type="button" onClick={() => playPair(c.lesson)}>
              Play in teach mode
            </button>
            <button type="button" onClick={() => void pairLink(c.lesson).then((url) => setLink({ for: c, url }))}>
              Link to this comparison
            </button>
            <button type="button" className="link" onClick={closeComparison}>
              close
            </button>
          </>
        )}
      </div>
      {shownLink && (
        <input className="shared-link" readOnly value={shownLink} aria-label="Link to this comparison" onFocus={(e) => e.target.select()} />
      )}
      {c && (
        <>
          <fieldset className="axis-toggle">
            <legend className="visually-hidden">Comparison axis</legend>
            <button type="button" aria-pressed={axis === 'order'} onClick={() => setTimeAxis(false)}>
              Log order
            </button>
            <button
              type="button"
              aria-pressed={axis === 'time'}
              disabled={!c.timeUsable}
              title={c.timeUsable ? 'Time from each trace’s start' : 'A trace has missing or backward timestamps'}
              onClick={() => setTimeAxis(true)}
            >
              Time from start
            </button>
          </fieldset>
          <PairedLanes c={c} axis={axis} />
          <h3>{c.divergences.length === 0 ? 'B follows A’s order on every key' : `First divergences (${c.divergences.length})`}</h3>
          <ul className="divergences" aria-label="First divergences">
            {c.divergences.map((d) => (
              <li key={`${d.key}:${d.lineB}`}>
                <strong>line {d.lineB}</strong> of B{d.key ? ` · ${d.key}` : ''}: <code>{d.found}</code> where A had{' '}
                {d.expected === '(end)' ? 'no more events' : <code>{d.expected}</code>}
                {d.lineA !== null && <span className="muted"> (A line {d.lineA})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
