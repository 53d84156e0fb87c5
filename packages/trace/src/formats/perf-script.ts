/**
 * `perf script` text: `dd 17371 [000] 1567.063650: block:block_rq_issue: 254,0 RS …`, with
 * `pid/tid`, an optional cpu, `--ns` times and a sample period. The event is named without its
 * group (`probe:vq_add` → `vq_add`, group `probe` kept as a field), so perf probes carry the
 * names the kernel-side tools give them. Probe arguments become fields as in ftrace.
 *
 * With `-g` every event is followed by its callchain, one frame a line, and a blank line. The
 * frames belong to the event: an event is held back until the next event line, blank line or
 * the end of the input, and leaves with its frames as the field `callchain` (`fn <- caller`).
 */
import { LineRecord } from '../record.ts';
import { parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { readEventText } from './ftrace-event.ts';
import { ProbeJoin, symbolOf } from './probe-event.ts';

const LINE = /^\s*(\S.*?)\s+(\d+)(?:\/(\d+))?\s+(?:\[(\d+)\]\s+)?(\d+\.\d+):\s+(?:\d+\s+)?([\w.-]+):([\w.-]+):\s*(.*)$/;
/** `\tffffffff81b47fbf blk_mq_start_request+0xcf ([kernel.kallsyms])` */
const FRAME = /^\s+([0-9a-f]+)\s+(.*?)(?:\s+\(([^()]*)\))?\s*$/;

export const perfScriptFormat: LogFormat = {
  id: 'perf-script',
  label: 'perf script',
  sample: '            sshd  1301 [001]   502.424719: probe:tcp_sendmsg: (ffffffff81505d80) size=b0',
  extensions: ['.perf.txt'],
  detect: (lines) => fitRatio(lines, (l) => LINE.test(l) || FRAME.test(l)) * (lines.some((l) => LINE.test(l)) ? 1 : 0),
  createParser(): LineParser {
    const join = new ProbeJoin();
    const pending = new LineRecord();
    let pendingLine = 0;
    let pendingOffset = 0;
    const frames: string[] = [];

    /** Moves the held-back event into rec; 'none' when there is none. */
    const release = (rec: LineRecord): 'event' | 'none' => {
      if (pendingLine === 0) return 'none';
      rec.copyFrom(pending);
      if (frames.length > 0) rec.setField('callchain', frames.join(' <- '));
      rec.startLine = pendingLine;
      rec.startOffset = pendingOffset;
      pendingLine = 0;
      frames.length = 0;
      return 'event';
    };

    const parse: LineParser = (line, rec, pos) => {
      const m = LINE.exec(line);
      if (m) {
        const scratch = new LineRecord();
        parseSecondsFraction(m[5], scratch);
        scratch.setField('comm', m[1]);
        scratch.setField('pid', m[2]);
        if (m[3] !== undefined) scratch.setField('tid', m[3]);
        if (m[4] !== undefined) scratch.setField('cpu', String(Number(m[4])));
        scratch.setField('group', m[6]);
        readEventText(`${m[7]}: ${m[8]}`, scratch, join, ' <-', 'libtraceevent');
        const out = release(rec);
        pending.copyFrom(scratch);
        pendingLine = pos.line;
        pendingOffset = pos.offset;
        return out;
      }
      const f = FRAME.exec(line);
      if (f && pendingLine > 0) {
        frames.push(f[2] === '[unknown]' ? f[1] : symbolOf(f[2]));
        return 'none';
      }
      if (line.trim() === '') return release(rec);
      return 'skip';
    };
    parse.finish = release;
    return parse;
  },
};
