import { readFileSync } from 'node:fs';
import { columnValues, ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { DrawnLanes } from './lane-cache.ts';
import { endFrame, type LaneLayout, laneEvents, laneTimes, layoutLanes } from './lanes.ts';

const lanesOfEvents = (l: LaneLayout, n: number) => Array.from({ length: n }, (_, i) => l.laneOf(i));
const eventsOfLanes = (l: LaneLayout) => l.lanes.map((_, k) => [...laneEvents(l, k)]);

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
    expect(lanesOfEvents(l, t.count).map((k) => l.lanes[k].label)).toEqual([
      'buffer #2',
      'buffer #2',
      'buffer #2',
      'c',
      'buffer #7',
      'c',
      'd',
    ]);
    expect(eventsOfLanes(l)).toEqual([[4], [2], [0, 1], [3, 5], [6]]);
  });

  it('puts the events of a queue that have no further key in one lane of that queue', () => {
    const t = ingestText(['enable vring=0', 'handle vring=0', 'handle vring=1'].join('\n'), { fileName: 'x.log', format: 'plain' }).trace;
    const l = layoutLanes(t, ['vring']);
    expect(l.lanes.map((x) => `${x.group} / ${x.label} (${x.count})`)).toEqual(['vring #0 / all events (2)', 'vring #1 / all events (1)']);
  });

  it('keeps every event in its own lane past 65,536 lanes, with plain 32-bit indices when lanes are that sparse', () => {
    const n = 70_000;
    const t = ingestText(Array.from({ length: n }, (_, i) => `send buffer=${i}`).join('\n'), { fileName: 'x.log', format: 'plain' }).trace;
    const l = layoutLanes(t, ['buffer']);
    expect(l.lanes.length).toBe(n);
    expect(l.events.plain).toBe(true);
    expect(l.lanes[l.laneOf(69_999)].label).toBe('buffer #69999');
    expect([...laneEvents(l, l.laneOf(69_999))]).toEqual([69_999]);
    expect(l.lanes[l.laneOf(12)].label).toBe('buffer #12');
  });

  it('keeps lanes of more than 65,536 events exact in 16 bits an event, each event in the lane that lists it', () => {
    // Three queues taking turns unevenly, and one event name that only comes late: the high halves step at different positions per lane.
    const lines = Array.from({ length: 200_000 }, (_, i) => (i > 150_000 && i % 7 === 0 ? 'late' : `kick vring=${(i * i) % 3}`));
    const t = ingestText(lines.join('\n'), { fileName: 'x.log', format: 'plain' }).trace;
    const l = layoutLanes(t, ['vring']);
    expect(l.events.plain).toBe(false);
    expect(l.events.byteLength).toBeLessThan(2.01 * t.count);
    expect(l.lanes.map((x) => `${x.group} / ${x.label}`)).toEqual(['vring #0 / all events', 'vring #1 / all events', 'events / late']);
    const expected: number[][] = [[], [], []];
    lines.forEach((line, i) => {
      expected[line === 'late' ? 2 : Number(line.slice(-1))].push(i);
    });
    // Joined: a mismatch still shows where, without comparing 200,000 numbers one expect at a time.
    expect(eventsOfLanes(l).map((evs) => evs.join())).toEqual(expected.map((evs) => evs.join()));
    const of = lanesOfEvents(l, t.count);
    expect(expected.flatMap((evs, lane) => evs.filter((i) => of[i] !== lane))).toEqual([]);
  });

  it('finds the lane of each event from its keys also when two many-valued keys make the tuple table sparse', () => {
    // 300 x 300 possible (stream, buffer) tuples, 300 used: the lookup is kept as a Map of the tuples seen.
    const lines = Array.from({ length: 300 }, (_, k) => `send stream=${299 - k} buffer=${(k * 7) % 300}`);
    const t = ingestText(lines.join('\n'), { fileName: 'x.log', format: 'plain' }).trace;
    const l = layoutLanes(t, ['stream', 'buffer']);
    expect(l.lanes).toHaveLength(300);
    expect(l.byteLength).toBeLessThan(300 * 300);
    expect(l.lanes[0].label).toBe('stream #0 buffer #293');
    expect(lanesOfEvents(l, t.count).map((lane) => l.lanes[lane].label)).toEqual(
      lines.map((line) => line.replace('send stream=', 'stream #').replace(' buffer=', ' buffer #')),
    );
  });

  it('lets go of lanes no longer drawn once over budget, and decodes them the same when they come back', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `[${(i / 1e5).toFixed(6)}] kick vring=${i % 4}`);
    const t = ingestText(lines.join('\n'), { fileName: 'x.log' }).trace;
    const l = layoutLanes(t, ['vring']);
    const first = [...laneTimes(l, t, 0)];
    expect(first).toHaveLength(25_000);
    expect(first[1]).toBe(t.ts.get(4));
    l.drawn = new DrawnLanes(0);
    laneTimes(l, t, 0);
    laneTimes(l, t, 1);
    endFrame(l);
    // Over budget, but both were drawn in that frame.
    expect(l.drawn.cached()).toEqual([0, 1]);
    laneTimes(l, t, 2);
    endFrame(l);
    expect(l.drawn.cached()).toEqual([2]);
    expect(l.drawn.bytes).toBe(25_000 * 12);
    expect([...laneTimes(l, t, 0)]).toEqual(first);
    expect([...laneEvents(l, 0)].slice(0, 3)).toEqual([0, 4, 8]);
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
    expect(l.lanes[l.laneOf(line360)]).toMatchObject({
      group: 'virtio-balloon (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)',
      label: 'all events',
    });
  });
});
