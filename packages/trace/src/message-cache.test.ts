import { describe, expect, it } from 'vitest';
import { hashAsciiBytes, MAX_CACHED_MESSAGE, MessageCache, NO_ENTRY } from './message-cache.ts';

const enc = new TextEncoder();
const at = (s: string) => {
  const buf = enc.encode(s);
  return { buf, view: new DataView(buf.buffer), hash: hashAsciiBytes(buf, new DataView(buf.buffer), 0, buf.length) };
};

describe('message cache', () => {
  it('finds a message by its bytes and gives back the ids stored with it', () => {
    const c = new MessageCache();
    const a = at('handle_event vring=3');
    c.add(a.buf, 0, a.buf.length, a.hash, 7, new Int32Array([0, 4, 1, 9]), 2);
    const again = at('handle_event vring=3');
    const e = c.find(again.buf, again.view, 0, again.buf.length, again.hash);
    expect(e).not.toBe(NO_ENTRY);
    expect(c.nameOf(e)).toBe(7);
    expect(c.pairCountOf(e)).toBe(2);
    expect([...c.pairs.subarray(c.pairStartOf(e), c.pairStartOf(e) + 4)]).toEqual([0, 4, 1, 9]);
  });

  it('tells apart messages that differ in one byte or in length, even under the same hash', () => {
    const c = new MessageCache();
    const a = at('vring=3 x');
    c.add(a.buf, 0, a.buf.length, a.hash, 1, new Int32Array(0), 0);
    const b = at('vring=4 x');
    // Forced collision: the same hash must still compare bytes.
    expect(c.find(b.buf, b.view, 0, b.buf.length, a.hash)).toBe(NO_ENTRY);
    const shorter = at('vring=3 ');
    expect(c.find(shorter.buf, shorter.view, 0, shorter.buf.length, a.hash)).toBe(NO_ENTRY);
  });

  it('keeps thousands of entries and finds each one', () => {
    const c = new MessageCache();
    for (let i = 0; i < 5000; i++) {
      const m = at(`virtqueue_kick queue=${i % 4} head=${i}`);
      c.add(m.buf, 0, m.buf.length, m.hash, i, new Int32Array(0), 0);
    }
    for (let i = 0; i < 5000; i += 97) {
      const m = at(`virtqueue_kick queue=${i % 4} head=${i}`);
      expect(c.nameOf(c.find(m.buf, m.view, 0, m.buf.length, m.hash))).toBe(i);
    }
  });

  it('declines non-ASCII bytes and does not keep messages longer than it compares cheaply', () => {
    const u = at('prix 3 €');
    expect(u.hash).toBe(-1);
    const c = new MessageCache();
    const long = at('x'.repeat(MAX_CACHED_MESSAGE + 1));
    c.add(long.buf, 0, long.buf.length, long.hash, 1, new Int32Array(0), 0);
    expect(c.size).toBe(0);
  });
});
