import { checkTrace, parseRules } from '@vqscope/rules';
import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { keyLanes } from './key-lanes.ts';
import { layoutLanes } from './lanes.ts';

describe('lanes pinned for a selected violation', () => {
  const rules = parseRules('per buffer: send precedes complete', 'r').rules;
  const lines = ['send vring=0 buffer=1', 'noise vring=5 buffer=3', 'complete vring=7 buffer=2', 'send vring=3 buffer=2', 'other'];

  it('pins the offending lane first, then the lanes of the same key the rule watches, not other keys', () => {
    const t = ingestText(lines.join('\n'), { fileName: 'x.log', format: 'plain' }).trace;
    const layout = layoutLanes(t, ['buffer']);
    const v = checkTrace(t, rules).violations.find((x) => !x.pending);
    expect(v?.line).toBe(3);
    const pinned = keyLanes(t, layout.laneOf, rules[0], v as NonNullable<typeof v>);
    expect(pinned.map((l) => `${layout.lanes[l].group} / ${layout.lanes[l].label}`)).toEqual([
      'vring #7 / buffer #2',
      'vring #3 / buffer #2',
    ]);
  });

  it('stops at the cap', () => {
    const many = Array.from({ length: 20 }, (_, k) => `send vring=${k + 1} buffer=9`).concat([
      'complete vring=0 buffer=9',
      'complete vring=0 buffer=9',
    ]);
    const t = ingestText(many.join('\n'), { fileName: 'x.log', format: 'plain' }).trace;
    const layout = layoutLanes(t, ['buffer']);
    const v = checkTrace(t, parseRules('per buffer: send alternates complete', 'r').rules).violations.find((x) => !x.pending);
    expect(v).toBeDefined();
    expect(keyLanes(t, layout.laneOf, rules[0], v as NonNullable<typeof v>, 4)).toHaveLength(4);
  });
});
