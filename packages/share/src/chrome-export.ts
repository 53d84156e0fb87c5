/**
 * Chrome trace-event JSON of a checked trace, for Perfetto UI: one instant
 * event per trace event (lanes become threads), each violation an instant
 * event and its violated edge a flow arrow. vqscope's own annotations carry
 * category "vqscope", so reading the file back gives the original events.
 */
import type { Violation } from '@vqscope/rules';
import { eventFields, type Trace } from '@vqscope/trace';

export interface ChromeExportOptions {
  laneOf?: (i: number) => number;
  laneNames?: readonly string[];
}

/** One event per line, so that large exports stream and diff well. */
export function chromeTraceJson(trace: Trace, violations: readonly Violation[], opts: ChromeExportOptions = {}): string {
  const laneOf = opts.laneOf ?? (() => 0);
  // Microseconds; events without timestamps are spaced 1 µs apart in log order.
  let hasTs = trace.count > 0;
  for (let i = 0; i < trace.count && hasTs; i++) hasTs = !Number.isNaN(trace.ts.get(i));
  const us = (i: number) => (hasTs ? trace.ts.get(i) / 1000 : i);
  const lines: string[] = [];
  (opts.laneNames ?? []).forEach((name, tid) => {
    lines.push(JSON.stringify({ name: 'thread_name', ph: 'M', pid: 1, tid, cat: 'vqscope', args: { name } }));
  });
  for (let i = 0; i < trace.count; i++) {
    lines.push(
      JSON.stringify({
        name: trace.names[trace.name[i]],
        ph: 'i',
        s: 't',
        ts: us(i),
        pid: 1,
        tid: laneOf(i),
        args: { ...Object.fromEntries(eventFields(trace, i)), line: trace.line.get(i) },
      }),
    );
  }
  violations.forEach((v, k) => {
    lines.push(
      JSON.stringify({
        name: `violation: ${v.rule}`,
        cat: 'vqscope',
        ph: 'i',
        s: 't',
        ts: us(v.event),
        pid: 1,
        tid: laneOf(v.event),
        args: { message: v.message, cite: v.cite, severity: v.severity, line: v.line, id: v.id },
      }),
    );
    if (v.expectedEvent !== undefined) {
      lines.push(
        JSON.stringify({ name: v.rule, cat: 'vqscope', ph: 's', id: k + 1, ts: us(v.expectedEvent), pid: 1, tid: laneOf(v.expectedEvent) }),
      );
      lines.push(
        JSON.stringify({ name: v.rule, cat: 'vqscope', ph: 'f', bp: 'e', id: k + 1, ts: us(v.event), pid: 1, tid: laneOf(v.event) }),
      );
    }
  });
  return `{"displayTimeUnit":"ns","traceEvents":[\n${lines.join(',\n')}\n]}\n`;
}
