/**
 * What follows the timestamp of an ftrace-family line (raw ftrace, trace-cmd report), once the
 * task, cpu and time are read:
 * - a probe event `vq_add: (virtqueue_add_sgs+0x0/0x90) vq=0x… out=1`: named by the probe,
 *   arguments as fields, a return joined to its entry (probe-event.ts);
 * - a function-tracer hit `fn <-parent` (trace-cmd: `function: fn <-- parent`): named by the
 *   function, `caller` = parent;
 * - a trace_marker write `tracing_mark_write: text`: the text is the message;
 * - anything else (`func: text` from trace_printk, tracepoint text): the message, for profiles.
 */
import type { LineRecord } from '../record.ts';
import { type ProbeJoin, type ReturnOrder, readProbeInfo, symbolOf } from './probe-event.ts';

const NAMED = /^([\w.-]+):\s+(.*)$/;
const MARKER_PREFIX = 'tracing_mark_write: ';

/**
 * `arrow` is the function tracer's parent marker: ` <-` (kernel) or ` <-- ` (trace-cmd);
 * `order` says who printed a kretprobe's `(a <- b)`.
 */
export function readEventText(text: string, rec: LineRecord, join: ProbeJoin, arrow: string, order: ReturnOrder = 'kernel'): void {
  const named = NAMED.exec(text);
  if (named) {
    const info = named[2];
    if (info.charCodeAt(0) === 40) {
      const hit = readProbeInfo(info, rec, order);
      if (hit) {
        rec.name = named[1];
        join.see(hit, rec);
        return;
      }
    }
    // trace-cmd's function plugin may print the function alone, indented by depth.
    if (named[1] === 'function' && info.indexOf(' ') < 0) {
      rec.name = symbolOf(info);
      return;
    }
    if (named[1] === 'function' && info.indexOf(arrow) > 0) {
      readFunctionHit(info, rec, arrow);
      return;
    }
    if (named[1] === 'print' && info.startsWith(MARKER_PREFIX)) {
      rec.message = info.slice(MARKER_PREFIX.length);
      return;
    }
    if (named[1] === 'tracing_mark_write') {
      rec.message = info;
      return;
    }
    // Tracepoint or trace_printk text: "func: msg", kept whole so that profiles written for the
    // kernel-log form match it too; trace-cmd's padding after the name becomes one space.
    rec.message = text.charCodeAt(named[1].length + 2) === 32 ? `${named[1]}: ${info}` : text;
    return;
  }
  if (text.indexOf(arrow) > 0) readFunctionHit(text, rec, arrow);
  else rec.message = text;
}

function readFunctionHit(text: string, rec: LineRecord, arrow: string): void {
  const at = text.indexOf(arrow);
  rec.name = symbolOf(text.slice(0, at).trim());
  const parent = symbolOf(text.slice(at + arrow.length).trim());
  if (parent) rec.setField('caller', parent);
}
