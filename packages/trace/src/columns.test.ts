import { describe, expect, it } from 'vitest';
import { AdaptiveIdColumn } from './columns.ts';

describe('columns', () => {
  it('widen an id column when an id no longer fits, keeping the ids stored so far', () => {
    const c = new AdaptiveIdColumn();
    c.ensure(3);
    c.set(0, 200);
    c.fit(300);
    c.set(1, 300);
    c.fit(70_000);
    c.set(2, 70_000);
    expect(c.width).toBe(4);
    expect([...c.trimmed(3)]).toEqual([200, 300, 70_000]);
  });

  it('adopt a supplied buffer with the values written so far', () => {
    const c = new AdaptiveIdColumn();
    c.fit(1000);
    c.ensure(4);
    c.set(0, 999);
    c.set(1, 7);
    c.adopt(new ArrayBuffer(2 * 100), 2);
    expect(c.length).toBe(100);
    c.set(99, 5);
    expect([...c.trimmed(100)].slice(0, 2)).toEqual([999, 7]);
    expect(c.trimmed(100)[99]).toBe(5);
  });

  it('trim without copying when the spare room is small, and copy it away when it is not', () => {
    const c = new AdaptiveIdColumn();
    c.ensure(2000);
    expect(c.trimmed(1990).buffer.byteLength).toBe(2000);
    expect(c.trimmed(100).buffer.byteLength).toBe(100);
  });
});
