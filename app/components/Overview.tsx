/** The overview strip: density of the whole trace, every violation as a red tick, and the visible window. Click to jump. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { palette } from '../draw/colors.ts';
import { sizeCanvas } from '../draw/hidpi-canvas.ts';
import { engine } from '../engine-client.ts';
import { markInput } from '../frame-timing.ts';
import { useFullDomain, useView } from '../store.ts';
import { useSize } from '../use-size.ts';
import { clampDomain, minSpan } from '../view-math.ts';

const H = 34;

export function Overview() {
  const summary = useView((s) => s.summary);
  const axis = useView((s) => s.axis);
  const theme = useView((s) => s.theme);
  const set = useView((s) => s.set);
  const ref = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const windowBox = useRef<HTMLDivElement>(null);
  const [density, setDensity] = useState<Uint32Array>();
  const { width } = useSize(box);
  const full = useFullDomain();

  useEffect(() => {
    if (!summary) return;
    void engine()
      .overview(axis, Math.max(1, Math.floor(width)))
      .then((r) => setDensity(r.density));
  }, [summary, axis, width]);

  useEffect(() => {
    const c = ref.current;
    if (!c || !summary) return;
    const ctx = sizeCanvas(c, width, H);
    const p = palette(theme);
    ctx.fillStyle = p.laneAlt;
    ctx.fillRect(0, 0, width, H);
    const x = (v: number) => ((v - full[0]) / (full[1] - full[0])) * width;
    if (density) {
      let max = 1;
      for (const d of density) if (d > max) max = d;
      ctx.fillStyle = p.satisfied;
      const first = axis === 'time' ? summary.tsMin : 0;
      const last = axis === 'time' ? summary.tsMax : summary.events - 1;
      for (let b = 0; b < density.length; b++) {
        if (density[b] === 0) continue;
        const h = Math.max(1, (Math.log2(density[b] + 1) / Math.log2(max + 1)) * (H - 12));
        const bx = x(first + ((last - first) * b) / density.length);
        ctx.fillRect(bx, H - h, Math.max(1, width / density.length), h);
      }
    }
    // Errors in red over warnings in amber, so that no error is hidden by a warning beside it. Few
    // marks run the full height; many (hundreds over a long trace) are thin and keep to a top band,
    // so that they do not paint the whole strip red and hide the density.
    const marks = summary.violations.filter((v) => !v.pending);
    const crowded = marks.length > width / 12;
    for (const severity of ['warning', 'error'] as const) {
      ctx.fillStyle = severity === 'error' ? p.violated : p.warning;
      for (const v of marks) {
        if (v.severity !== severity) continue;
        const vx = Math.round(x(axis === 'time' ? v.ts : v.index));
        if (crowded) ctx.fillRect(vx, 0, 1, 10);
        else ctx.fillRect(vx - 1, 0, 3, H);
      }
    }
  }, [summary, density, width, theme, full, axis]);

  // The visible window is a positioned box over the canvas: panning moves it without redrawing the
  // strip, and without a render here either: the box follows the store's domain directly.
  const place = useCallback(
    (domain: readonly [number, number]) => {
      const el = windowBox.current;
      if (!el) return;
      const windowX = (v: number) => ((v - full[0]) / (full[1] - full[0] || 1)) * width;
      const left = windowX(domain[0]);
      el.style.left = `${left}px`;
      el.style.width = `${Math.max(3, windowX(domain[1]) - left)}px`;
    },
    [full, width],
  );
  const latestPlace = useRef(place);
  latestPlace.current = place;
  useLayoutEffect(() => place(useView.getState().domain));
  useEffect(
    () =>
      useView.subscribe((s, prev) => {
        if (s.domain !== prev.domain) latestPlace.current(s.domain);
      }),
    [],
  );

  if (!summary) return null;
  const onPointer = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (e.type === 'mousemove' && e.buttons !== 1) return;
    markInput(e.timeStamp);
    const v = full[0] + (e.nativeEvent.offsetX / width) * (full[1] - full[0]);
    const domain = useView.getState().domain;
    const span = domain[1] - domain[0];
    set({ domain: clampDomain([v - span / 2, v + span / 2], full, minSpan(axis)) });
  };
  return (
    <div className="overview" ref={box}>
      <canvas
        ref={ref}
        aria-label="Overview of the whole trace; red marks are violations; click to move the view there"
        role="img"
        onMouseDown={onPointer}
        onMouseMove={onPointer}
      />
      <div className="overview-window" ref={windowBox} />
    </div>
  );
}
