import { describe, expect, it } from 'vitest';
import { LineRecord } from './record.ts';
import { residentBytes, TraceBuilder } from './trace.ts';

describe('columnar trace model', () => {
  it('stays within 40 bytes per event for 1M events with typical fields', () => {
    const b = new TraceBuilder();
    const rec = new LineRecord();
    const names = ['virtsnd_pcm_msg_send', 'virtsnd_pcm_msg_complete', 'virtsnd_pcm_pointer', 'handle_event'];
    const n = 1_000_000;
    let offset = 0;
    for (let i = 0; i < n; i++) {
      rec.reset();
      rec.tsSec = 15 + Math.floor(i / 1000);
      rec.tsNs = (i % 1000) * 1000;
      rec.setField('stream', String(i % 4));
      rec.setField('buffer', String(i % 64));
      if (i % 7 === 0) rec.setField('vring', String(i % 2));
      b.add(rec, names[i % names.length], i + 1, offset);
      offset += 58;
    }
    const t = b.finish();
    const perEvent = residentBytes(t) / n;
    console.log(`trace model: ${perEvent.toFixed(1)} bytes/event resident for ${n} events`);
    expect(t.count).toBe(n);
    expect(perEvent).toBeLessThanOrEqual(40);
    expect(t.fields.get('buffer')?.values[t.fields.get('buffer')?.id(65) ?? 0]).toBe('1');
    expect(t.fields.get('vring')?.id(1)).toBe(0);
  });

  it('widens a field column when it has more than 255 and 65535 distinct values', () => {
    const b = new TraceBuilder();
    const rec = new LineRecord();
    for (let i = 0; i < 70_000; i++) {
      rec.reset();
      rec.setField('elem', `0x${i.toString(16)}`);
      b.add(rec, 'virtqueue_pop', i + 1, i);
    }
    const t = b.finish();
    const col = t.fields.get('elem');
    // Four bytes an id once there are more than 65535 values (spare room up to 1/16 is kept).
    expect(col?.storage.byteLength).toBeGreaterThanOrEqual(4 * 70_000);
    expect(col?.storage.byteLength).toBeLessThanOrEqual((4 * 70_000 * 17) / 16);
    expect(col?.values[col.id(69_999)]).toBe('0x1116f');
    expect(col?.values[col.id(300)]).toBe('0x12c');
  });
});
