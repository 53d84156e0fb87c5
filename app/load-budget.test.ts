import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CHECK_FROM_BYTES, estimateFromSample, FIXED_BYTES, loadBudgetVerdict, PEAK_BYTES_PER_EVENT } from './load-budget.ts';

const line = '[   15.000011] virtsnd_pcm_msg_send: stream #3 adding buffer #2 to avail\n'; // 73 bytes
const sample = new TextEncoder().encode(line.repeat(1000));

/** A Blob of `size` bytes that begins with `head` (the rest is never read). */
function bigFile(head: Uint8Array, size: number): Blob {
  return { size, slice: (a: number, b: number) => new Blob([head.slice(a, b)]) } as unknown as Blob;
}

describe('load budget: will the trace fit before it is read', () => {
  it('estimates 110M events for an 8.03 GB log of 73-byte lines, and the memory at the peak of the load', () => {
    const e = estimateFromSample(sample, 73 * 110_000_000);
    expect(e?.events).toBe(110_000_000);
    expect(e?.needBytes).toBe(110_000_000 * PEAK_BYTES_PER_EVENT + FIXED_BYTES);
  });

  it('estimates a .gz log by its unpacked size, inflating the first bytes', () => {
    const gz = gzipSync(sample);
    const e = estimateFromSample(gz, gz.length * 1000);
    expect(e?.textBytes).toBeCloseTo(sample.length * 1000, -3);
    expect(e?.events).toBeGreaterThan(990_000);
    expect(e?.events).toBeLessThan(1_010_000);
  });

  it('says plainly before loading that an 8 GB log does not fit where the browser gives 3 GB, and what to do', async () => {
    const asked: number[] = [];
    const msg = await loadBudgetVerdict('soak.log', [bigFile(sample, 73 * 110_000_000)], async (upTo) => {
      asked.push(upTo);
      return { got: 3e9, refused: 'Array buffer allocation failed' };
    });
    expect(asked).toEqual([110_000_000 * PEAK_BYTES_PER_EVENT + FIXED_BYTES]);
    expect(msg).toContain('soak.log (8.0 GB) holds about 110 million events');
    expect(msg).toContain(`need about ${((110_000_000 * PEAK_BYTES_PER_EVENT + FIXED_BYTES) / 1e9).toFixed(1)} GB`);
    expect(msg).toContain('this browser gives this page 3.0 GB more');
    expect(msg).toContain('Array buffer allocation failed');
    expect(msg).toContain('vqscope check FILE');
  });

  it('lets the log load when the browser gives all the memory it needs', async () => {
    const fits = async (upTo: number) => ({ got: upTo, refused: '' });
    expect(await loadBudgetVerdict('soak.log', [bigFile(sample, 73 * 110_000_000)], fits)).toBeUndefined();
  });

  it('does not ask the browser at all for a log that needs less than 1 GiB', async () => {
    let asked = false;
    const events = Math.floor(CHECK_FROM_BYTES / PEAK_BYTES_PER_EVENT / 2);
    const msg = await loadBudgetVerdict('small.log', [bigFile(sample, 73 * events)], async () => {
      asked = true;
      return { got: 0, refused: 'no' };
    });
    expect(msg).toBeUndefined();
    expect(asked).toBe(false);
  });

  it('adds up two files opened together', async () => {
    let asked = 0;
    await loadBudgetVerdict('a + b', [bigFile(sample, 73 * 50_000_000), bigFile(sample, 73 * 60_000_000)], async (upTo) => {
      asked = upTo;
      return { got: upTo, refused: '' };
    });
    expect(asked).toBe(110_000_000 * PEAK_BYTES_PER_EVENT + FIXED_BYTES);
  });
});
