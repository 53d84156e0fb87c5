/**
 * QEMU's `log` trace backend: `TID@sec.usec:event args`, the `TID@time:` prefix present only with
 * `-msg timestamp=on`. The args are the event's printf format filled in, so a known event is read
 * by its own format (qemu-events.ts), each argument a field named as QEMU names it: `req:1
 * flags:0x1` → req, flags; `0x8 = 0x2 (2)` → addr, val, size. An unknown event, or a line that
 * does not fit its format (another QEMU version), gets the generic `key value` reading.
 * Fields that need the whole trace (the vdev of a vq-only event, queue index, device type) are
 * joined after ingest, by qemu-joins.ts, so that what a line means depends on that line alone.
 */
import { extractSpacedPairs } from '../fields.ts';
import { joinQemuFields } from '../qemu-joins.ts';
import type { LineRecord } from '../record.ts';
import { parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { QEMU_EVENT_FORMATS } from './qemu-events.ts';

const PREFIXED = /^(\d+)@(\d+\.\d+):([A-Za-z_]\w*)(?: (.*))?$/;
const BARE = /^((?:virtio|virtqueue|vhost|vring|virtsnd|vu)\w*)(?: (.*))?$/;

/** Sets the arguments of a known event from its format; false when the text fits none of its formats. */
export function readQemuArgs(name: string, args: string, rec: LineRecord): boolean {
  const formats = QEMU_EVENT_FORMATS.get(name);
  if (formats === undefined) return false;
  for (const f of formats) {
    const m = f.pattern.exec(args);
    if (m === null) continue;
    const names = f.args;
    for (let k = 0; k < names.length; k++) rec.setField(names[k], (f.bareHex >> k) & 1 ? `0x${m[k + 1]}` : m[k + 1]);
    return true;
  }
  return false;
}

export const qemuLogFormat: LogFormat = {
  id: 'qemu-log',
  label: 'QEMU log trace backend',
  sample: '4242@1700000000.000100:virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 in_num 1 out_num 2',
  detect: (lines) => fitRatio(lines, (l) => PREFIXED.test(l) || BARE.test(l)),
  createParser(): LineParser {
    return (line, rec, pos) => {
      let args: string | undefined;
      const m = PREFIXED.exec(line);
      if (m) {
        parseSecondsFraction(m[2], rec);
        rec.setField('tid', m[1]);
        rec.name = m[3];
        args = m[4];
      } else {
        const b = BARE.exec(line);
        if (!b) return 'skip';
        rec.name = b[1];
        args = b[2];
      }
      if (args) {
        rec.message = args;
        if (!readQemuArgs(rec.name, args, rec)) {
          const formats = QEMU_EVENT_FORMATS.get(rec.name);
          // A trace copied while QEMU still wrote it ends mid-line: half a pointer is no device.
          if (pos.unterminated && formats) return { error: `the last line is cut short: ${rec.name} is printed as "${formats[0].format}"` };
          extractSpacedPairs(args, rec);
        }
      }
      return 'event';
    };
  },
  afterIngest: joinQemuFields,
};
