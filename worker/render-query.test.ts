import { describe, expect, it } from 'vitest';
import { renderLane } from './render-query.ts';

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
