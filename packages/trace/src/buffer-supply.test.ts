import { describe, expect, it } from 'vitest';
import type { BufferSupply } from './buffer-supply.ts';
import { type IngestResult, IngestSession } from './ingest.ts';
import { rows } from './test-support.ts';
import { columnValues } from './trace.ts';

/** Hands out the buffers asked for only after `delay` takes, like a helper thread that is still faulting them in. */
class SlowSupply implements BufferSupply {
  wanted: number[] = [];
  taken = 0;
  private calls = 0;
  expected = 0;
  constructor(private readonly delay: number) {}
  want(bytes: number): void {
    this.wanted.push(bytes);
  }
  take(bytes: number): ArrayBuffer | undefined {
    if (this.calls++ < this.delay) return undefined;
    const k = this.wanted.findIndex((b) => b >= bytes);
    if (k < 0) return undefined;
    this.wanted.splice(k, 1);
    this.taken++;
    return new ArrayBuffer(bytes);
  }
  expect(events: number): void {
    this.expected = events;
  }
}

function load(text: string, buffers?: BufferSupply): IngestResult {
  const bytes = new TextEncoder().encode(text);
  const s = new IngestSession({ fileName: 'k.log', totalBytes: bytes.length, buffers });
  for (let o = 0; o < bytes.length; o += 65_536) s.push(bytes.subarray(o, o + 65_536));
  return s.end();
}

describe('supplied column buffers', () => {
  const text = Array.from({ length: 300_000 }, (_, i) => `[${(i / 1e5).toFixed(6)}] ev${i % 300}: stream #${i % 7} head=${i % 1000}`).join(
    '\n',
  );

  it('are asked for once the sample shows the size, adopted when they arrive, and change nothing in the trace', () => {
    const plain = load(text);
    for (const delay of [0, 3, 12]) {
      const supply = new SlowSupply(delay);
      const supplied = load(text, supply);
      expect(supply.expected).toBeGreaterThan(290_000);
      expect(supply.taken).toBeGreaterThan(0);
      expect(rows(supplied.trace)).toEqual(rows(plain.trace));
      expect(columnValues(supplied.trace.offset)).toEqual(columnValues(plain.trace.offset));
    }
  });
});
