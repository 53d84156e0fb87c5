import { describe, expect, it } from 'vitest';
import { STALL_AFTER_MS, stalledSeconds, watchRead } from './read-stall.ts';

describe('a read that stops moving', () => {
  it('is not stalled while bytes keep coming, however long the read takes', () => {
    let w = watchRead(undefined, 0, 0);
    for (let t = 1000; t <= 60_000; t += 1000) {
      w = watchRead(w, t * 10, t);
      expect(stalledSeconds(w, t)).toBe(0);
    }
  });

  it('says how long no byte has come once that passes the threshold', () => {
    let w = watchRead(undefined, 5_000_000, 1_000);
    w = watchRead(w, 33_600_000, 2_000);
    w = watchRead(w, 33_600_000, 2_000 + STALL_AFTER_MS - 1);
    expect(stalledSeconds(w, 2_000 + STALL_AFTER_MS - 1)).toBe(0);
    expect(stalledSeconds(w, 2_000 + STALL_AFTER_MS)).toBe(STALL_AFTER_MS / 1000);
    expect(stalledSeconds(w, 2_000 + 42_500)).toBe(42);
  });

  it('starts counting again when bytes come again', () => {
    let w = watchRead(undefined, 100, 0);
    w = watchRead(w, 100, 30_000);
    expect(stalledSeconds(w, 30_000)).toBe(30);
    w = watchRead(w, 200, 31_000);
    expect(stalledSeconds(w, 31_000)).toBe(0);
  });
});
