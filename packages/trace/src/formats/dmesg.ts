/**
 * Kernel log (dmesg, serial console): `[   15.611647] func: message`, with
 * optional `<6>` priority prefixes. Lines that are not kernel lines (firmware
 * output before the kernel starts) are skipped, not errors.
 */
import { parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';

const DMESG = /^(?:<\d+>)?\[\s*(\d+\.\d+)\]\s?(.*)$/;

export const dmesgFormat: LogFormat = {
  id: 'dmesg',
  label: 'kernel log (dmesg)',
  sample: '[   15.611647] virtsnd_pcm_msg_send: adding buffer #1 to avail',
  extensions: ['.dmesg', '.kmsg'],
  detect: (lines) => fitRatio(lines, (l) => DMESG.test(l)),
  createParser(): LineParser {
    return (line, rec) => {
      const m = DMESG.exec(line);
      if (!m) return 'skip';
      parseSecondsFraction(m[1], rec);
      rec.message = m[2];
      return 'event';
    };
  },
};
