/**
 * `/dev/kmsg` records: `6,282,440103,-;virtio_blk virtio1: msg` (priority, sequence number, µs
 * since boot, flags; then the message), followed by indented dictionary lines
 * (` SUBSYSTEM=virtio`, ` DEVICE=+virtio:virtio1`) that belong to the record. A record is held
 * back until its next record or the end of the input, and leaves with its dictionary as fields.
 */
import { LineRecord } from '../record.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { readKernelMessage } from './kernel-message.ts';

const RECORD = /^(\d+),(\d+),(\d+),[^;]*;(.*)$/;
const DICT = /^ ([A-Z_]+)=(.*)$/;
const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

export const kmsgFormat: LogFormat = {
  id: 'kmsg',
  label: '/dev/kmsg records',
  sample: '6,282,440103,-;virtio_blk virtio1: 1/0/0 default/read/poll queues',
  extensions: ['.kmsg'],
  detect: (lines) => fitRatio(lines, (l) => RECORD.test(l) || DICT.test(l)) * (lines.some((l) => RECORD.test(l)) ? 1 : 0),
  createParser(): LineParser {
    const pending = new LineRecord();
    let pendingLine = 0;
    let pendingOffset = 0;
    const release = (rec: LineRecord): 'event' | 'none' => {
      if (pendingLine === 0) return 'none';
      rec.copyFrom(pending);
      rec.startLine = pendingLine;
      rec.startOffset = pendingOffset;
      pendingLine = 0;
      return 'event';
    };
    const parse: LineParser = (line, rec, pos) => {
      const m = RECORD.exec(line);
      if (m) {
        const out = release(rec);
        pending.reset();
        const usec = m[3];
        pending.tsSec = usec.length > 6 ? Number(usec.slice(0, -6)) : 0;
        pending.tsNs = Number(usec.slice(-6)) * 1000;
        pending.setField('level', LEVELS[Number(m[1]) & 7]);
        readKernelMessage(m[4], pending);
        pendingLine = pos.line;
        pendingOffset = pos.offset;
        return out;
      }
      const d = DICT.exec(line);
      if (d && pendingLine > 0) {
        pending.setField(d[1], d[2]);
        return 'none';
      }
      return 'skip';
    };
    parse.finish = release;
    return parse;
  },
};
