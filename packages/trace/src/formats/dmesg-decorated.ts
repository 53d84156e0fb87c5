/**
 * dmesg's decorated output: `dmesg -x` (`kern  :info  : [    0.440103] msg`, facility and level
 * as fields), `dmesg --time-format=iso` (`2026-12-01T21:35:18,440103+00:00 msg`) and both
 * together. Plain `[sec.frac] msg` lines stay with dmesg.ts, whose byte path this reader does
 * not need: decorated output is what a person saves from a terminal, not a 10M-line capture.
 */
import { parseRfc3339 } from '../timestamps.ts';
import { readDmesgLine } from './dmesg.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { readKernelMessage } from './kernel-message.ts';

const DECORATION = /^([a-z]+) *:([a-z]+) *: /;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[,.]\d+[+-]\d\d:?\d\d /;

export const dmesgDecoratedFormat: LogFormat = {
  id: 'dmesg-decorated',
  label: 'dmesg -x / --time-format=iso',
  sample: 'kern  :info  : [    0.440103] virtio_blk virtio1: 1/0/0 default/read/poll queues',
  detect: (lines) =>
    fitRatio(lines, (l) => {
      const d = DECORATION.exec(l);
      const rest = d ? l.slice(d[0].length) : l;
      return ISO.test(rest) || (d !== null && rest.charCodeAt(0) === 91);
    }),
  createParser(): LineParser {
    return (line, rec) => {
      const d = DECORATION.exec(line);
      let rest = line;
      if (d) {
        rec.setField('facility', d[1]);
        rec.setField('level', d[2]);
        rest = line.slice(d[0].length);
      }
      const iso = ISO.exec(rest);
      if (iso) {
        parseRfc3339(rest, rec);
        readKernelMessage(rest.slice(iso[0].length), rec);
        return 'event';
      }
      if (!readDmesgLine(rest, rec)) return 'skip';
      readKernelMessage(rec.message, rec);
      return 'event';
    };
  },
};
