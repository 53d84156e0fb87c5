import { describe, expect, it } from 'vitest';
import { MAX_CHUNK } from './block-column.ts';
import type { BufferSupply } from './buffer-supply.ts';
import { PrefaultedBuffers } from './buffer-supply.ts';
import { type IngestResult, IngestSession } from './ingest.ts';
import { rows } from './test-support.ts';
import { columnValues, TraceBuilder } from './trace.ts';

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
    for (const delay of [0, 3, 6]) {
      const supply = new SlowSupply(delay);
      const supplied = load(text, supply);
      expect(supply.expected).toBeGreaterThan(290_000);
      expect(supply.taken).toBeGreaterThan(0);
      expect(rows(supplied.trace)).toEqual(rows(plain.trace));
      expect(columnValues(supplied.trace.offset)).toEqual(columnValues(plain.trace.offset));
    }
  });

  it('give the block columns full-size chunks, one more asked for each taken, and the values read the same', () => {
    // A helper that answers at once with a buffer of the size asked for, and a list of what it was asked.
    const asked: number[] = [];
    const supply = new PrefaultedBuffers((bytes, deliver) => {
      asked.push(bytes);
      deliver(new ArrayBuffer(bytes));
      return true;
    });
    const n = 600_000;
    const build = (b: TraceBuilder) => {
      const pairs = new Int32Array(0);
      b.reserve(n);
      for (let i = 0; i < n; i++)
        b.addIds(b.nameId('ev'), 15 + Math.floor(i / 1e5), ((i * 7) % 100_000) * 10_000, i + 1, i * 1000, pairs, 0, 0);
      return b.finish();
    };
    const supplied = build(new TraceBuilder(supply));
    const plain = build(new TraceBuilder());
    const chunks = asked.filter((b) => b === MAX_CHUNK).length;
    expect(supply.counts.taken).toBeGreaterThan(1);
    // Three on their way from reserve(), then one for each taken.
    expect(chunks).toBe(3 + supply.counts.taken - (asked.length - chunks));
    for (const col of ['ts', 'line', 'offset'] as const)
      for (let i = 0; i < n; i++) if (supplied[col].get(i) !== plain[col].get(i)) expect.fail(`${col} of event ${i}`);
  });
});
