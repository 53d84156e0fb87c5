import { describe, expect, it } from 'vitest';
import { hiddenMask, renderLane } from './render-query.ts';

describe('windowed render query', () => {
  const n = 200_000;
  const events = Uint32Array.from({ length: n }, (_, k) => k * 3);
  const names = new Uint32Array(n * 3).map((_, i) => i % 5);
  // Log order: an event's x is its index, so the lane's xs are its events.
  const xs = events;

  it('returns single events when the window is sparse', () => {
    const r = renderLane(0, events, xs, { x0: 30, x1: 60, axis: 'order', lanes: [0], width: 800 }, names);
    expect([...r.events]).toEqual([30, 33, 36, 39, 42, 45, 48, 51, 54, 57, 60]);
    expect(r.binCount.length).toBe(0);
  });

  it('bins a dense window per pixel with the same counts whichever path it takes', () => {
    const wide = renderLane(0, events, xs, { x0: 0, x1: n * 3, axis: 'order', lanes: [0], width: 500 }, names);
    expect(wide.binCount.length).toBe(500);
    expect(wide.binCount.reduce((a, b) => a + b, 0)).toBe(n);
    // A narrower window takes the linear path; its bins must agree with a direct count.
    const q = { x0: 0, x1: 30_000, axis: 'order' as const, lanes: [0], width: 1000 };
    const narrow = renderLane(0, events, xs, q, names);
    expect(narrow.binCount.reduce((a, b) => a + b, 0)).toBe(10_001);
    // Every bin of the wide query holds about n / 500 events.
    expect(Math.max(...wide.binCount) - Math.min(...wide.binCount)).toBeLessThanOrEqual(2);
  });
});

describe('dense bins on the time axis', () => {
  it('puts every event in the pixel its timestamp falls in, repeated timestamps and gaps included', () => {
    // Timestamps in bursts: runs of equal values, then jumps, as a real trace's clock gives.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const n = 120_000;
    const ts = new Float64Array(n);
    for (let k = 1; k < n; k++) ts[k] = ts[k - 1] + (rand() < 0.3 ? 0 : rand() < 0.01 ? 5000 * rand() : 10 * rand());
    const events = Uint32Array.from({ length: n }, (_, k) => k);
    const names = Uint32Array.from({ length: n }, (_, k) => k % 7);
    const q = { x0: ts[1000] + 0.5, x1: ts[n - 2000], axis: 'time' as const, lanes: [0], width: 700 };
    const r = renderLane(0, events, ts, q, names);
    expect(r.binCount.length).toBe(700);
    const want = new Uint32Array(700);
    const firstName = new Int32Array(700).fill(-1);
    const edge = (px: number) => q.x0 + ((px + 1) / q.width) * (q.x1 - q.x0);
    for (let k = 0; k < n; k++) {
      if (ts[k] < q.x0 || ts[k] > q.x1) continue;
      let px = 0;
      while (px < q.width - 1 && ts[k] >= edge(px)) px++;
      if (want[px]++ === 0) firstName[px] = names[k];
    }
    expect([...r.binCount]).toEqual([...want]);
    expect([...r.binName]).toEqual([...firstName].map((v) => Math.max(0, v)));
  });
});

describe('bins of a window with a few events a pixel', () => {
  it('counts each event in the pixel the formula puts it in, at every zoom', () => {
    let seed = 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const n = 40_000;
    const xs = new Float64Array(n);
    for (let k = 1; k < n; k++) xs[k] = xs[k - 1] + (rand() < 0.4 ? 0 : rand() * 3);
    const events = Uint32Array.from({ length: n }, (_, k) => k);
    const names = Uint32Array.from({ length: n }, () => Math.floor(rand() * 9));
    const end = xs[n - 1];
    for (const [x0, x1, width] of [
      [0, end, 1000],
      [end * 0.1, end * 0.6, 700],
      [end * 0.3 + 0.25, end * 0.35, 300],
      [xs[500], xs[20_000], 999],
    ]) {
      const r = renderLane(0, events, xs, { x0, x1, axis: 'time', lanes: [0], width }, names);
      const count = new Uint32Array(width);
      const first = new Uint32Array(width);
      for (let k = 0; k < n; k++) {
        if (xs[k] < x0 || xs[k] > x1) continue;
        const px = Math.min(width - 1, Math.max(0, Math.floor(((xs[k] - x0) / (x1 - x0)) * width)));
        if (count[px]++ === 0) first[px] = names[k];
      }
      expect([...r.binCount], `[${x0}, ${x1}] at ${width} px`).toEqual([...count]);
      expect([...r.binName], `[${x0}, ${x1}] at ${width} px`).toEqual([...first]);
    }
  });
});

describe('render query with names hidden through the legend', () => {
  const events = Uint32Array.from({ length: 3000 }, (_, k) => k);
  const names = Uint32Array.from({ length: 3000 }, (_, i) => i % 3);
  const mask = hiddenMask(3, [1]);

  it('leaves out the single events of a hidden name', () => {
    const r = renderLane(0, events, events, { x0: 0, x1: 8, axis: 'order', lanes: [0], width: 800 }, names, mask);
    expect([...r.events]).toEqual([0, 2, 3, 5, 6, 8]);
    expect([...r.names]).not.toContain(1);
  });

  it('counts no hidden event in the bins of a dense lane', () => {
    const r = renderLane(0, events, events, { x0: 0, x1: 3000, axis: 'order', lanes: [0], width: 100 }, names, mask);
    expect(r.binCount.reduce((a, b) => a + b, 0)).toBe(2000);
    expect([...r.binName]).not.toContain(1);
  });

  it('hides nothing when no name is hidden', () => {
    expect(hiddenMask(3, [])).toBeUndefined();
  });
});
