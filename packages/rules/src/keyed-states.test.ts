import { describe, expect, it } from 'vitest';
import { KeyedStates } from './keyed-states.ts';

describe('keyed states', () => {
  for (const [kind, space] of [
    ['array', 1000],
    ['map', Number.POSITIVE_INFINITY],
  ] as const) {
    it(`get, set, delete, clear and size agree (${kind})`, () => {
      const s = new KeyedStates<string>(space);
      s.set(5, 'a');
      s.set(7, 'b');
      s.set(5, 'c');
      expect(s.size).toBe(2);
      expect(s.get(5)).toBe('c');
      s.delete(7);
      s.delete(7);
      expect(s.size).toBe(1);
      expect(s.get(7)).toBeUndefined();
      // Churn: many keys set and deleted, then a clear that must empty everything.
      for (let k = 0; k < 900; k++) {
        s.set(k, 'x');
        if (k % 3) s.delete(k);
      }
      expect(s.size).toBe(300);
      expect([...s.entries()].length).toBe(300);
      s.clear();
      expect(s.size).toBe(0);
      expect([...s.entries()]).toEqual([]);
      expect(s.get(3)).toBeUndefined();
    });
  }
});
