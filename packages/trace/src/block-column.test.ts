import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockColumn, LineColumn } from './block-column.ts';

/** Every value read back through get(), compared with Object.is (NaN equals NaN, -0 is not 0). */
function readsBack(col: { length: number; get(i: number): number }, values: readonly number[]): void {
  expect(col.length).toBe(values.length);
  for (let i = 0; i < values.length; i++) {
    const got = col.get(i);
    if (!Object.is(got, values[i])) expect.fail(`value ${i} of ${values.length}: pushed ${values[i]}, read ${got}`);
  }
}

/** Values as logs give them: steps of whole nanoseconds, microseconds or seconds, NaN, going back, huge gaps, fractions. */
const step = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }).map((us) => us * 1000) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 70_000 }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.integer({ min: -5_000_000, max: -1 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 32, 2 ** 33 + 1, 1e6 * 2 ** 32, 3e15) },
  { weight: 1, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-0, Number.POSITIVE_INFINITY, 2 ** 53, 2 ** 60, 0.5) },
);

/** A sequence of values: a running sum of steps (NaN steps give NaN values and leave the sum alone). */
function series(start: number, steps: readonly number[]): number[] {
  let v = start;
  return steps.map((s) => {
    if (Number.isNaN(s)) return s;
    if (s === Number.POSITIVE_INFINITY || s === 2 ** 60 || s === 2 ** 53 || Object.is(s, -0)) return s;
    v += s;
    return v;
  });
}

/** Lengths at the block borders for block size 2^k, and many blocks. */
const lengthFor = (k: number) =>
  fc.oneof(fc.constantFrom(0, 1, 2, (1 << k) - 1, 1 << k, (1 << k) + 1, 3 << k, (5 << k) - 1), fc.integer({ min: 0, max: 12 << k }));

const case_ = fc.integer({ min: 3, max: 6 }).chain((k) =>
  fc.record({
    k: fc.constant(k),
    start: fc.oneof(fc.constant(0), fc.integer({ min: -1e9, max: 1e12 }), fc.constant(2 ** 40)),
    steps: lengthFor(k).chain((n) => fc.array(step, { minLength: n, maxLength: n })),
    cut: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

describe('block columns', () => {
  it('read back exactly the double pushed, NaN and backward steps included, at every block border', () => {
    fc.assert(
      fc.property(case_, ({ k, start, steps }) => {
        const values = series(start, steps);
        const col = new BlockColumn(k);
        for (const v of values) col.push(v);
        readsBack(col, values);
        readsBack(col.seal(), values);
      }),
      { numRuns: 300 },
    );
  });

  it('keep what a snapshot shows while pushing goes on, and a snapshot reads the events up to it', () => {
    fc.assert(
      fc.property(case_, ({ k, start, steps, cut }) => {
        const values = series(start, steps);
        const at = Math.floor(cut * values.length);
        const col = new BlockColumn(k);
        for (let i = 0; i < at; i++) col.push(values[i]);
        const snap = col.snapshot();
        readsBack(snap, values.slice(0, at));
        for (let i = at; i < values.length; i++) col.push(values[i]);
        readsBack(snap, values.slice(0, at));
        readsBack(col, values);
        col.seal();
        readsBack(snap, values.slice(0, at));
        readsBack(col, values);
      }),
      { numRuns: 300 },
    );
  });

  it('tell NaN from the largest value at the edge of every width', () => {
    for (const unit of [1, 1000, 1e6])
      for (const top of [254, 255, 256, 65_534, 65_535, 65_536, 2 ** 32 - 2, 2 ** 32 - 1, 2 ** 32])
        for (const n of [8, 5]) {
          const values = [7e9, 7e9 + top * unit, Number.NaN, 7e9 + unit, Number.NaN, 7e9 + top * unit, 7e9, 7e9].slice(0, n);
          const col = new BlockColumn(3);
          for (const v of values) col.push(v);
          readsBack(col.seal(), values);
        }
  });

  it('read back line numbers as pushed, whether every line is an event or lines repeat and go back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.array(fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, fc.integer({ min: 0, max: 3 }), fc.integer({ min: -1000, max: 1e6 })), {
          maxLength: 600,
        }),
        (k, steps) => {
          let line = 1;
          const lines = steps.map((s) => {
            line = Math.max(1, line + s);
            return line;
          });
          const col = new LineColumn(new BlockColumn(k));
          for (const l of lines) col.push(l);
          readsBack(col.snapshot(), lines);
          readsBack(col.seal(), lines);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('store a microsecond log in about 2 bytes an event for timestamps and none for line numbers', () => {
    const n = 100_000;
    const ts = new BlockColumn(10);
    const line = new LineColumn(new BlockColumn(10));
    const offset = new BlockColumn(8);
    let t = 15e9;
    for (let i = 0; i < n; i++) {
      t += ((i * 7919) % 40) * 1000;
      ts.push(i % 5000 === 17 ? Number.NaN : t);
      line.push(i + 1);
      offset.push(i * 73 + (i % 11));
    }
    ts.seal();
    line.seal();
    offset.seal();
    expect(ts.byteLength / n).toBeLessThanOrEqual(2.1);
    expect(line.deltas.dataBytes).toBe(0);
    expect(line.byteLength / n).toBeLessThan(0.05);
    expect(offset.byteLength / n).toBeLessThanOrEqual(2.2);
    expect(ts.get(17)).toBeNaN();
    expect(line.get(n - 1)).toBe(n);
    expect(offset.get(n - 1)).toBe((n - 1) * 73 + ((n - 1) % 11));
  });

  it('keep byte offsets past 4 GiB exact', () => {
    const col = new BlockColumn(8);
    const start = 8 * 2 ** 30 - 500 * 73;
    for (let i = 0; i < 1000; i++) col.push(start + i * 73);
    col.seal();
    expect(col.get(999)).toBe(start + 999 * 73);
    expect(col.get(600)).toBe(start + 600 * 73);
    expect(col.byteLength).toBeLessThan(1000 * 4);
  });
});
