/**
 * The lanes a selected violation pins to the top of the timeline: the lane of
 * the offending event, the lane of the expected event, then the lanes holding
 * the key's other events that the rule watches. In a trace with hundreds of
 * lanes these are often far apart (a queue kick and the device status write
 * it broke live in different groups), so the app shows them together while
 * the violation is selected. One pass over the trace per selection, never per
 * frame.
 */
import { clocksOfRule, type Rule, selectorNames, type Violation } from '@vqscope/rules';
import type { Trace } from '@vqscope/trace';

/** More pinned lanes than this would push everything else off screen. */
export const MAX_PINNED_LANES = 8;

export function keyLanes(trace: Trace, laneOf: ArrayLike<number>, rule: Rule | undefined, v: Violation, max = MAX_PINNED_LANES): number[] {
  const lanes: number[] = [laneOf[v.event]];
  const add = (l: number) => {
    if (lanes.length < max && !lanes.includes(l)) lanes.push(l);
  };
  if (v.expectedEvent !== undefined) add(laneOf[v.expectedEvent]);
  if (!rule || rule.keys.length === 0) return lanes;
  const names = new Uint8Array(trace.names.length);
  for (const s of [...clocksOfRule(rule), ...(rule.reset ? [rule.reset] : [])])
    for (const n of selectorNames(s)) {
      const id = trace.names.indexOf(n);
      if (id >= 0) names[id] = 1;
    }
  const cols = rule.keys.map((k) => trace.fields.get(k));
  if (cols.some((c) => c === undefined)) return lanes;
  const want = cols.map((c) => c?.id(v.event) ?? 0);
  if (want.includes(0)) return lanes;
  // Lanes in the order their first event of the key comes, so the history nearest the start reads top-down.
  for (let i = 0; i < trace.count && lanes.length < max; i++) {
    if (!names[trace.name[i]]) continue;
    let same = true;
    for (let c = 0; c < cols.length && same; c++) same = cols[c]?.id(i) === want[c];
    if (same) add(laneOf[i]);
  }
  return lanes;
}
