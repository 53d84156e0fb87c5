/**
 * ftrace text output (`/sys/kernel/tracing/trace` and `trace_pipe`):
 * `aplay-2291 [001] d..1. 15.611647: func: msg`, with a `#` header. pid, cpu and comm become
 * fields. What follows the timestamp is read by ftrace-event.ts: kprobe and kretprobe events
 * (named by the probe, arguments as fields), function-tracer hits (`fn <-caller`), and
 * trace_printk or tracepoint text, left as the message for profiles.
 */
import { parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { readEventText } from './ftrace-event.ts';
import { ProbeJoin } from './probe-event.ts';

const FTRACE = /^\s*(.+)-(\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[(\d+)\]\s+(?:\S{4,5}\s+)?(\d+\.\d+):\s+(.*)$/;
/** `##### CPU 1 buffer started ####` and `CPU:1 [LOST 12 EVENTS]`: markers, not events. */
const MARKER = /^(?:#|CPU:\d+ \[LOST \d+ EVENTS\])/;

export const ftraceFormat: LogFormat = {
  id: 'ftrace',
  label: 'ftrace text',
  sample: '           aplay-2291  [001] d..1. 15.611647: virtsnd_pcm_msg_send: adding buffer #1 to avail',
  extensions: ['.trace'],
  detect: (lines) =>
    fitRatio(
      lines.filter((l) => !l.startsWith('#')),
      (l) => FTRACE.test(l),
    ),
  createParser(): LineParser {
    const join = new ProbeJoin();
    return (line, rec) => {
      if (MARKER.test(line)) return 'none';
      const m = FTRACE.exec(line);
      if (!m) return 'skip';
      parseSecondsFraction(m[4], rec);
      rec.setField('pid', m[2]);
      rec.setField('cpu', String(Number(m[3])));
      const comm = m[1].trim();
      if (comm !== '<...>') rec.setField('comm', comm);
      readEventText(m[5], rec, join, ' <-');
      return 'event';
    };
  },
};
