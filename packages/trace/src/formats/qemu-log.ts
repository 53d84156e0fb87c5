/**
 * QEMU's `log` trace backend: `TID@sec.usec:event key value key value`, the
 * `TID@time:` prefix present only with `-msg timestamp=on`. `vq` and `elem`
 * are pointers; the `vq` → `vdev` map learnt from the events that carry both
 * (virtio_queue_notify, virtio_notify) keys the events that carry only `vq`.
 */
import { extractSpacedPairs } from '../fields.ts';
import { parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';

const PREFIXED = /^(\d+)@(\d+\.\d+):([A-Za-z_]\w*)(?: (.*))?$/;
const BARE = /^((?:virtio|virtqueue|vhost|vring|virtsnd|vu)\w*)(?: (.*))?$/;

export const qemuLogFormat: LogFormat = {
  id: 'qemu-log',
  label: 'QEMU log trace backend',
  sample: '4242@1700000000.000100:virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 in_num 1 out_num 2',
  detect: (lines) => fitRatio(lines, (l) => PREFIXED.test(l) || BARE.test(l)),
  createParser(): LineParser {
    const vdevOfVq = new Map<string, string>();
    return (line, rec) => {
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
        extractSpacedPairs(args, rec);
      }
      const vq = rec.field('vq');
      if (vq !== undefined) {
        const vdev = rec.field('vdev');
        if (vdev !== undefined) vdevOfVq.set(vq, vdev);
        else {
          const known = vdevOfVq.get(vq);
          if (known !== undefined) rec.setField('vdev', known);
        }
      }
      return 'event';
    };
  },
};
