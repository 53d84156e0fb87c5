import { readFileSync } from 'node:fs';
import { columnValues, ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { layoutLanes } from './lanes.ts';

describe('timeline lanes', () => {
  it('groups by queue, then by the rules keys, with unkeyed events one lane per name', () => {
    const t = ingestText(['a vring=1 buffer=2', 'b vring=1 buffer=2', 'a vring=0 buffer=2', 'c', 'a buffer=7', 'c', 'd'].join('\n'), {
      fileName: 'x.log',
      format: 'plain',
    }).trace;
    const l = layoutLanes(t, ['buffer']);
    expect(l.lanes.map((x) => `${x.group} / ${x.label} (${x.count})`)).toEqual([
      'buffer / buffer #7 (1)',
      'vring #0 / buffer #2 (1)',
      'vring #1 / buffer #2 (2)',
      'events / c (2)',
      'events / d (1)',
    ]);
    expect([...l.laneOf].map((k) => l.lanes[k].label)).toEqual(['buffer #2', 'buffer #2', 'buffer #2', 'c', 'buffer #7', 'c', 'd']);
    expect(l.eventsOf.map((e) => [...e])).toEqual([[4], [2], [0, 1], [3, 5], [6]]);
  });

  it('puts the events of a queue that have no further key in one lane of that queue', () => {
    const t = ingestText(['enable vring=0', 'handle vring=0', 'handle vring=1'].join('\n'), { fileName: 'x.log', format: 'plain' }).trace;
    const l = layoutLanes(t, ['vring']);
    expect(l.lanes.map((x) => `${x.group} / ${x.label} (${x.count})`)).toEqual(['vring #0 / all events (2)', 'vring #1 / all events (1)']);
  });

  it('widens the lane column past 65,536 lanes and keeps every event in its own lane', () => {
    const n = 70_000;
    const t = ingestText(Array.from({ length: n }, (_, i) => `send buffer=${i}`).join('\n'), { fileName: 'x.log', format: 'plain' }).trace;
    const l = layoutLanes(t, ['buffer']);
    expect(l.lanes.length).toBe(n);
    expect(l.laneOf).toBeInstanceOf(Uint32Array);
    expect(l.lanes[l.laneOf[69_999]].label).toBe('buffer #69999');
    expect(l.eventsOf[l.laneOf[69_999]][0]).toBe(69_999);
  });

  it('names QEMU devices and queues in the group labels, and keeps queue 0 of each device apart', () => {
    const file = new URL('../../shared/examples/qemu-balloon-kick-before-driver-ok.log', import.meta.url);
    const t = ingestText(readFileSync(file, 'utf8'), { fileName: 'balloon.log' }).trace;
    const l = layoutLanes(t, ['vdev']);
    const groups = new Set(l.lanes.map((x) => x.group));
    expect(groups).toContain('virtio-balloon (vdev 0x564849ec28a0)');
    expect(groups).toContain('virtio-balloon (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)');
    expect([...groups].filter((g) => g.startsWith('virtio-blk (vdev 0x…2620) · vq 0 (0x'))).toHaveLength(1);
    expect([...groups].filter((g) => g.startsWith('virtio-rng (vdev 0x…6750) · vq 0 (0x'))).toHaveLength(1);
    const line360 = columnValues(t.line).indexOf(360);
    expect(l.lanes[l.laneOf[line360]]).toMatchObject({
      group: 'virtio-balloon (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)',
      label: 'all events',
    });
  });
});
