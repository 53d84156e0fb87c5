import { describe, expect, it } from 'vitest';
import { ClockFitError, fitClock, toHostNs } from './clock-fit.ts';

describe('fitting the guest clock to the host clock', () => {
  it('recovers an exact offset and drift from pairs on a line', () => {
    // host = guest × (1 + 250 ppm) + 1.25 s, guest times over 20 s.
    const pairs = Array.from({ length: 50 }, (_, k) => {
      const g = 3e9 + k * 4e8;
      return { guestNs: g, hostNs: g * (1 + 250e-6) + 1.25e9 };
    });
    const fit = fitClock(pairs);
    expect(fit.driftPpm).toBeCloseTo(250, 6);
    expect(fit.offsetNs).toBeCloseTo(1.25e9, 0);
    expect(fit.residualNs).toBeLessThan(1e-3);
    expect(fit.pairs).toBe(50);
    expect(toHostNs(fit, 10e9)).toBeCloseTo(10e9 * (1 + 250e-6) + 1.25e9, 0);
  });

  it('states the offset on absolute clocks when each trace counts from its own base second', () => {
    // Guest counts from boot (base 0 s), host from epoch second 1700000000 (relative ns in the trace).
    const pairs = [2e9, 3e9, 5e9, 8e9].map((g) => ({ guestNs: g, hostNs: g - 1.5e9 }));
    const fit = fitClock(pairs, 0, 1_700_000_000);
    expect(fit.driftPpm).toBeCloseTo(0, 9);
    expect(fit.offsetNs).toBe(1_700_000_000e9 - 1.5e9);
  });

  it('reports the residual of noisy pairs as their root mean square distance from the line', () => {
    // Noise with no trend, so the line through the pairs is the true one and every pair is 10 µs off it.
    const noise = [10e3, -10e3, -10e3, 10e3];
    const pairs = noise.map((e, k) => ({ guestNs: k * 1e9, hostNs: k * 1e9 + 5e6 + e }));
    const fit = fitClock(pairs);
    expect(fit.residualNs).toBeCloseTo(10e3, 3);
    expect(fit.maxResidualNs).toBeCloseTo(10e3, 3);
    expect(fit.offsetNs).toBeCloseTo(5e6, 3);
  });

  it('fits the offset alone when the pairs span too little guest time to measure a drift', () => {
    const fit = fitClock([
      { guestNs: 1000, hostNs: 9000 },
      { guestNs: 2000, hostNs: 10500 },
      { guestNs: 3000, hostNs: 11000 },
    ]);
    expect(fit.driftPpm).toBe(0);
    expect(fit.interceptNs).toBeCloseTo(8166.67, 1);
  });

  it('refuses to fit from fewer than three pairs, saying how many it found', () => {
    expect(() => fitClock([{ guestNs: 1, hostNs: 2 }], 0, 0, '1 vq_kick on 1 guest queue(s)')).toThrow(ClockFitError);
    expect(() => fitClock([{ guestNs: 1, hostNs: 2 }], 0, 0, '1 vq_kick on 1 guest queue(s)')).toThrow(
      "too few corresponding pairs to map the guest's clock to the host's: 1 found, at least 3 needed (1 vq_kick on 1 guest queue(s))",
    );
  });
});
