import { describe, expect, it } from 'vitest';
import { PixelLayer, rgbaOf } from './pixel-layer.ts';

const RED = rgbaOf('#ff0000');
const WHITE = rgbaOf('#fff');

/** The layer as rows of characters: '.' white, 'R' red, '~' a blend. */
function picture(l: PixelLayer): string[] {
  const rows: string[] = [];
  for (let y = 0; y < l.h; y++) {
    let r = '';
    for (let x = 0; x < l.w; x++) {
      const v = l.px[y * l.w + x] >>> 0;
      r += v === WHITE ? '.' : v === RED ? 'R' : '~';
    }
    rows.push(r);
  }
  return rows;
}

describe('pixel layer', () => {
  it('reads CSS hex colours as little-endian RGBA words', () => {
    expect(rgbaOf('#ff0000')).toBe(0xff0000ff);
    expect(rgbaOf('#00f')).toBe(0xffff0000);
    expect(rgbaOf('#123456')).toBe(0xff563412);
  });

  it('fills rectangles clipped to the layer and to a clip box, one-pixel bars included', () => {
    const l = new PixelLayer(8, 4, 1);
    l.fillRect(0, 0, 8, 4, WHITE);
    l.fillRect(-2, 1, 4, 2, RED);
    l.fillRect(5, -1, 0.4, 9, RED, { x0: 0, y0: 1, x1: 8, y1: 3 });
    expect(picture(l)).toEqual(['........', 'RR...R..', 'RR...R..', '........']);
  });

  it('scales by the device pixel ratio', () => {
    const l = new PixelLayer(4, 2, 2);
    l.fillRect(0, 0, 4, 2, WHITE);
    l.fillRect(1, 0, 1, 1, RED);
    expect(picture(l)).toEqual(['..RR....', '..RR....', '........', '........']);
  });

  it('draws round, anti-aliased dots blended over the background and clipped', () => {
    const l = new PixelLayer(12, 12, 1);
    l.fillRect(0, 0, 12, 12, WHITE);
    l.disc(6, 6, 4.5, RED, { x0: 0, y0: 0, x1: 12, y1: 12 });
    const p = picture(l);
    expect(p[6][6]).toBe('R');
    expect(p[6][2]).toBe('R');
    expect(p[1][1]).toBe('.');
    expect(p.join('')).toContain('~');
    const clipped = new PixelLayer(12, 12, 1);
    clipped.fillRect(0, 0, 12, 12, WHITE);
    clipped.disc(6, 6, 4.5, RED, { x0: 6, y0: 0, x1: 12, y1: 12 });
    expect(picture(clipped).every((row) => row.slice(0, 6) === '......')).toBe(true);
  });

  it('draws density bars with the same pixels as one fillRect per non-empty bin', () => {
    for (const dpr of [1, 1.5, 2]) {
      const counts = Uint32Array.from([0, 1, 3, 0, 250, 9000, 7, 2, 0, 40, 5, 1]);
      const names = Uint32Array.from([0, 1, 2, 0, 1, 2, 9, 0, 1, 2, 0, 1]);
      const colours = ['#ff0000', '#00ff00', '#0000ff'];
      const words = Uint32Array.from(colours, rgbaOf);
      const fallback = rgbaOf('#888');
      const clip = { x0: 3, y0: 2, x1: 27, y1: 19 };
      for (const step of [0.7, 1, 2.5]) {
        const want = new PixelLayer(30, 20, dpr);
        const got = new PixelLayer(30, 20, dpr);
        want.fillRect(0, 0, 30, 20, WHITE);
        got.fillRect(0, 0, 30, 20, WHITE);
        const unit = 16 / Math.log2(9000 + 1);
        for (let b = 0; b < counts.length; b++) {
          if (counts[b] === 0) continue;
          const h = Math.max(2, Math.log2(counts[b] + 1) * unit);
          want.fillRect(2.3 + b * step, 10.5 - h / 2, Math.max(1, step), h, names[b] < 3 ? rgbaOf(colours[names[b]]) : fallback, clip);
        }
        got.bars(counts, names, words, fallback, 2.3, step, 10.5, unit, clip);
        expect([...got.px]).toEqual([...want.px]);
        // A name past the colour table is drawn in the fallback colour, not left out.
        expect(got.px).toContain(fallback);
        expect(got.px).toContain(RED);
      }
    }
  });
});
