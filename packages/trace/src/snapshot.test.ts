import { describe, expect, it } from 'vitest';
import { LineRecord } from './record.ts';
import { columnValues, eventFields, TraceBuilder } from './trace.ts';

function addEvent(b: TraceBuilder, rec: LineRecord, i: number, value: string): void {
  rec.reset();
  rec.tsSec = 15;
  rec.tsNs = i * 1000;
  rec.setField('elem', value);
  b.add(rec, i % 2 ? 'virtqueue_pop' : 'virtqueue_push', i + 1, i * 40);
}

describe('TraceBuilder.snapshot (CONTRACTS §3)', () => {
  it('shows the events added so far, and later adds — growing and widening columns — do not change it', () => {
    const b = new TraceBuilder();
    const rec = new LineRecord();
    for (let i = 0; i < 10; i++) addEvent(b, rec, i, `v${i % 3}`);
    const snap = b.snapshot();
    const before = {
      names: Array.from({ length: snap.count }, (_, i) => snap.names[snap.name[i]]),
      ts: columnValues(snap.ts),
      line: columnValues(snap.line),
      offset: columnValues(snap.offset),
      fields: Array.from({ length: snap.count }, (_, i) => eventFields(snap, i)),
    };
    // 70,000 more events with distinct values: every column grows and the field's ids widen to 32 bits.
    for (let i = 10; i < 70_010; i++) addEvent(b, rec, i, `0x${i.toString(16)}`);
    expect(snap.count).toBe(10);
    expect(Array.from({ length: snap.count }, (_, i) => snap.names[snap.name[i]])).toEqual(before.names);
    expect(columnValues(snap.ts)).toEqual(before.ts);
    expect(columnValues(snap.line)).toEqual(before.line);
    expect(columnValues(snap.offset)).toEqual(before.offset);
    expect(Array.from({ length: snap.count }, (_, i) => eventFields(snap, i))).toEqual(before.fields);
    expect(before.fields[4]).toEqual([['elem', 'v1']]);
  });

  it('leaves the builder usable: a later snapshot and finish() see every event', () => {
    const b = new TraceBuilder();
    const rec = new LineRecord();
    for (let i = 0; i < 5; i++) addEvent(b, rec, i, 'a');
    b.snapshot();
    for (let i = 5; i < 8; i++) addEvent(b, rec, i, 'b');
    const later = b.snapshot();
    expect(later.count).toBe(8);
    expect(eventFields(later, 7)).toEqual([['elem', 'b']]);
    const done = b.finish();
    expect(columnValues(done.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
