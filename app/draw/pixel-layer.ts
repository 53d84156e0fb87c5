/**
 * A canvas-sized pixel buffer for what is drawn by the thousand: lane
 * stripes, density bars and event dots. In software rendering (headless
 * Chromium, many VMs) each fillRect or arc costs 1–5 µs, so a dense lane
 * of a thousand bars cost a frame budget by itself; writing the pixels into
 * a Uint32Array and putting them once costs a few milliseconds for the
 * whole canvas. Coordinates are CSS pixels; the layer scales by the
 * device pixel ratio itself.
 */

const words = new Map<string, number>();

/** '#rgb' or '#rrggbb' as a little-endian RGBA word (what a Uint32Array over ImageData holds). */
export function rgbaOf(hex: string): number {
  let w = words.get(hex);
  if (w === undefined) {
    w = parseHex(hex);
    words.set(hex, w);
  }
  return w;
}

function parseHex(hex: string): number {
  let h = hex.startsWith('#') ? hex.slice(1) : hex;
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const v = Number.parseInt(h, 16);
  if (h.length !== 6 || Number.isNaN(v)) return 0xff808080;
  const r = (v >> 16) & 0xff;
  const g = (v >> 8) & 0xff;
  const b = v & 0xff;
  return (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
}

/** Coverage of a disc of radius r (device pixels) over a (2R+1)² grid, 4×4 samples a pixel: anti-aliased dots without arcs. */
function discMask(r: number): { size: number; alpha: Float32Array } {
  const R = Math.ceil(r);
  const size = 2 * R + 1;
  const alpha = new Float32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let hit = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const dx = x - R + (sx + 0.5) / 4 - 0.5;
          const dy = y - R + (sy + 0.5) / 4 - 0.5;
          if (dx * dx + dy * dy <= r * r) hit++;
        }
      alpha[y * size + x] = hit / 16;
    }
  return { size, alpha };
}

/** log2(c + 1) for the small counts most bins hold: Math.log2 is a call into the runtime each time. */
const LOG2_1P = Float64Array.from({ length: 4096 }, (_, c) => Math.log2(c + 1));

const masks = new Map<number, { size: number; alpha: Float32Array }>();

export class PixelLayer {
  /** RGBA bytes, row-major; `px` is the same memory as one word per pixel. */
  readonly data: Uint8ClampedArray<ArrayBuffer>;
  readonly px: Uint32Array;
  private image: ImageData | undefined;
  readonly w: number;
  readonly h: number;

  constructor(
    width: number,
    height: number,
    readonly dpr: number,
  ) {
    this.w = Math.max(1, Math.round(width * dpr));
    this.h = Math.max(1, Math.round(height * dpr));
    this.data = new Uint8ClampedArray(this.w * this.h * 4);
    this.px = new Uint32Array(this.data.buffer);
  }

  /** Fills [x, x+w) × [y, y+h) (CSS pixels, clipped to the layer and to `clip`) with one colour. */
  fillRect(x: number, y: number, width: number, h: number, rgba: number, clip?: { x0: number; y0: number; x1: number; y1: number }): void {
    const d = this.dpr;
    let x0 = Math.round(x * d);
    let x1 = Math.max(x0 + 1, Math.round((x + width) * d));
    let y0 = Math.round(y * d);
    let y1 = Math.max(y0 + 1, Math.round((y + h) * d));
    x0 = Math.max(x0, 0, clip ? Math.round(clip.x0 * d) : 0);
    y0 = Math.max(y0, 0, clip ? Math.round(clip.y0 * d) : 0);
    x1 = Math.min(x1, this.w, clip ? Math.round(clip.x1 * d) : this.w);
    y1 = Math.min(y1, this.h, clip ? Math.round(clip.y1 * d) : this.h);
    if (x1 <= x0 || y1 <= y0) return;
    const px = this.px;
    const w = this.w;
    // Bars one or two pixels wide are most of a dense frame: plain stores beat a fill() call per row.
    if (x1 - x0 <= 2) {
      for (let i = y0 * w + x0, end = y1 * w; i < end; i += w) {
        px[i] = rgba;
        if (x1 - x0 === 2) px[i + 1] = rgba;
      }
      return;
    }
    for (let row = y0; row < y1; row++) px.fill(rgba, row * w + x0, row * w + x1);
  }

  /**
   * One dense lane's density bars: bar b is `fillRect(x0 + b * step, cy - h / 2, max(1, step), h)`
   * with h = max(2, log2(count + 1) * unit), in the colour of its name, over bins whose count is 0
   * left as they are. The same pixels as a fillRect per bin (the tests hold it to that), without
   * its per-call clipping and rounding: a dense frame has tens of thousands of bars.
   */
  bars(
    counts: Uint32Array,
    names: Uint32Array,
    /** RGBA word per name id; ids past its end get `fallback`. */
    words: Uint32Array,
    fallback: number,
    x0: number,
    step: number,
    cy: number,
    unit: number,
    clip: { x0: number; y0: number; x1: number; y1: number },
  ): void {
    const d = this.dpr;
    const w = this.w;
    const px = this.px;
    const cx0 = Math.max(0, Math.round(clip.x0 * d));
    const cy0 = Math.max(0, Math.round(clip.y0 * d));
    const cx1 = Math.min(w, Math.round(clip.x1 * d));
    const cy1 = Math.min(this.h, Math.round(clip.y1 * d));
    const barW = Math.max(1, step);
    const n = counts.length;
    for (let b = 0; b < n; b++) {
      const c = counts[b];
      if (c === 0) continue;
      const h = Math.max(2, (c < LOG2_1P.length ? LOG2_1P[c] : Math.log2(c + 1)) * unit);
      const x = x0 + b * step;
      const y = cy - h / 2;
      let X0 = Math.round(x * d);
      let X1 = Math.max(X0 + 1, Math.round((x + barW) * d));
      let Y0 = Math.round(y * d);
      let Y1 = Math.max(Y0 + 1, Math.round((y + h) * d));
      if (X0 < cx0) X0 = cx0;
      if (Y0 < cy0) Y0 = cy0;
      if (X1 > cx1) X1 = cx1;
      if (Y1 > cy1) Y1 = cy1;
      if (X1 <= X0 || Y1 <= Y0) continue;
      const name = names[b];
      const rgba = name < words.length ? words[name] : fallback;
      const span = X1 - X0;
      if (span === 1) {
        for (let i = Y0 * w + X0, end = Y1 * w; i < end; i += w) px[i] = rgba;
      } else if (span === 2) {
        for (let i = Y0 * w + X0, end = Y1 * w; i < end; i += w) {
          px[i] = rgba;
          px[i + 1] = rgba;
        }
      } else for (let row = Y0; row < Y1; row++) px.fill(rgba, row * w + X0, row * w + X1);
    }
  }

  /** An anti-aliased dot of radius r (CSS pixels) blended over what is there, clipped to `clip`. */
  disc(cx: number, cy: number, r: number, rgba: number, clip: { x0: number; y0: number; x1: number; y1: number }): void {
    const d = this.dpr;
    const rr = r * d;
    const key = Math.round(rr * 4);
    let m = masks.get(key);
    if (!m) {
      m = discMask(rr);
      masks.set(key, m);
    }
    const R = (m.size - 1) / 2;
    const ox = Math.round(cx * d) - R;
    const oy = Math.round(cy * d) - R;
    const cx0 = Math.max(0, Math.round(clip.x0 * d));
    const cy0 = Math.max(0, Math.round(clip.y0 * d));
    const cx1 = Math.min(this.w, Math.round(clip.x1 * d));
    const cy1 = Math.min(this.h, Math.round(clip.y1 * d));
    const r1 = rgba & 0xff;
    const g1 = (rgba >> 8) & 0xff;
    const b1 = (rgba >> 16) & 0xff;
    const px = this.px;
    for (let y = 0; y < m.size; y++) {
      const py = oy + y;
      if (py < cy0 || py >= cy1) continue;
      for (let x = 0; x < m.size; x++) {
        const pxX = ox + x;
        if (pxX < cx0 || pxX >= cx1) continue;
        const a = m.alpha[y * m.size + x];
        if (a === 0) continue;
        const i = py * this.w + pxX;
        if (a === 1) {
          px[i] = rgba;
          continue;
        }
        const under = px[i];
        const r = Math.round(r1 * a + (under & 0xff) * (1 - a));
        const g = Math.round(g1 * a + ((under >> 8) & 0xff) * (1 - a));
        const b = Math.round(b1 * a + ((under >> 16) & 0xff) * (1 - a));
        px[i] = (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
      }
    }
  }

  put(ctx: CanvasRenderingContext2D): void {
    this.image ??= new ImageData(this.data, this.w, this.h);
    ctx.putImageData(this.image, 0, 0);
  }
}
