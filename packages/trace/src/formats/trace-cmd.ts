/**
 * `trace-cmd report` text. Every variant of the line: the default (trace-cmd ≤ 3.2, no flags;
 * 3.3+ with the `...1.` flags column), `-l` (cpu and flags joined, comm cut to 8), `--ts-diff`
 * (`(+1270)` before the event), `-t` (ns) and `-R` (raw `field=value`). The event name is
 * padded to 20 characters and shown without its system; `cpus=N` heads the output. Events are
 * read as in raw ftrace (ftrace-event.ts), plus `function: fn <-- parent` and
 * funcgraph_entry/funcgraph_exit (function-graph.ts).
 *
 * Detection leaves a raw ftrace file to the ftrace reader: trace-cmd is chosen only when a line
 * shows something raw ftrace never prints (the cpus= header, padding, `-l` or `(+N)` columns).
 */
import { parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { readEventText } from './ftrace-event.ts';
import { GraphStacks, readGraphCall } from './function-graph.ts';
import { ProbeJoin } from './probe-event.ts';

const LINE =
  /^\s*(.*?)-(\d+)\s+(?:\[(\d+)\]|(\d+)[^\s\d]\S{3,5})\s+(?:[^\s:]{4,6}\s+)?(\d+(?:\.\d+)?):\s+(?:\(\+\d+\)\s*)?([\w.-]+):(\s*)(.*)$/;
const HEADER = /^(?:cpus=\d+|CPU:\d+ \[.*\]|version = \S+)\s*$/;
/** What only trace-cmd prints: padding after the event name, `-l`'s joined cpu and flags, `(+N)`. */
const SIGNATURE = /^\s*\S.*-\d+\s+(?:\d+[^\s\d]\S{3,5}\s|.*:\s+\(\+\d+\)|.*:\s+[\w.-]+: {2,})/;
const RAW_MARKER = 'ip=tracing_mark_write buf=';

export const traceCmdFormat: LogFormat = {
  id: 'trace-cmd',
  label: 'trace-cmd report',
  sample: '            bash-17270 [000]  1548.841226: print:                tracing_mark_write: vqscope: start dd',
  detect(lines) {
    if (!lines.some((l) => /^cpus=\d+\s*$/.test(l) || SIGNATURE.test(l))) return 0;
    return fitRatio(lines, (l) => HEADER.test(l) || LINE.test(l));
  },
  createParser(): LineParser {
    const join = new ProbeJoin();
    const stacks = new GraphStacks();
    return (line, rec) => {
      if (HEADER.test(line)) return 'none';
      const m = LINE.exec(line);
      if (!m) return 'skip';
      parseSecondsFraction(m[5], rec);
      const cpu = String(Number(m[3] ?? m[4]));
      rec.setField('pid', m[2]);
      rec.setField('cpu', cpu);
      const comm = m[1].trim();
      if (comm !== '<...>') rec.setField('comm', comm);
      const event = m[6];
      const info = m[8];
      if ((event === 'funcgraph_entry' || event === 'funcgraph_exit') && readGraphCall(info, rec, stacks, cpu)) return 'event';
      if (event === 'print' && info.startsWith(RAW_MARKER)) {
        rec.message = info.slice(RAW_MARKER.length);
        return 'event';
      }
      readEventText(m[7] === '' ? `${event}:` : `${event}: ${info}`, rec, join, ' <-- ', 'libtraceevent');
      return 'event';
    };
  },
};
