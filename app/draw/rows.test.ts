import { describe, expect, it } from 'vitest';
import { buildRows, lanesOnScreen, PINNED_GROUP, rowInSlot, screenRows, slotOf } from './rows.ts';

const lanes = [
  { group: 'vq 0x1', label: 'vdev 0xa', count: 1 },
  { group: 'vq 0x1', label: 'vdev 0xb', count: 1 },
  { group: 'vq 0x2', label: 'vdev 0xa', count: 1 },
  { group: 'vdev 0xa', label: 'all events', count: 1 },
];

describe('timeline rows', () => {
  it('puts pinned lanes under a pinned header at the top, named with their group, and out of their groups', () => {
    const m = buildRows(lanes, new Set(), { pinned: [2, 3] });
    expect(m.pinned).toBe(3);
    expect(m.rows.slice(0, 3).map((r) => (r.kind === 'group' ? r.group : r.label))).toEqual([
      PINNED_GROUP,
      'vq 0x2 · vdev 0xa',
      'vdev 0xa',
    ]);
    // The groups left with no lane disappear.
    expect(m.rows.filter((r) => r.kind === 'group').map((r) => (r.kind === 'group' ? r.group : ''))).toEqual([PINNED_GROUP, 'vq 0x1']);
    expect(m.rowOfLane[2]).toBe(1);
  });

  it('keeps pinned rows on screen while the rest scrolls', () => {
    const many = Array.from({ length: 50 }, (_, k) => ({ group: `g${k}`, label: 'l', count: 1 }));
    const m = buildRows(many, new Set(), { pinned: [40] });
    const shown = screenRows(m, 10, 6);
    expect(shown).toEqual([0, 1, 12, 13, 14, 15]);
    expect(slotOf(m, 10, 1)).toBe(1);
    expect(slotOf(m, 10, 12)).toBe(2);
    expect(slotOf(m, 10, 5)).toBeLessThan(0);
    expect(rowInSlot(m, 10, 2)).toBe(12);
    expect(lanesOnScreen(m, 10, 6)).toEqual([40, 5, 6]);
  });

  it('leaves out the lanes the filter does not keep, and empty groups with them', () => {
    const m = buildRows(lanes, new Set(), { keep: (l) => lanes[l].label.includes('0xb') });
    expect(m.rows.map((r) => (r.kind === 'group' ? r.group : r.label))).toEqual(['vq 0x1', 'vdev 0xb']);
    expect(m.rowOfLane[0]).toBe(-1);
  });
});
