/**
 * Kernel log (dmesg, serial console): `[   15.611647] func: message`, with
 * optional `<6>` priority prefixes. Lines that are not kernel lines (firmware
 * output before the kernel starts) are skipped, not errors. Dynamic-debug and
 * dev_printk prefixes of the message become fields (kernel-message.ts). The prefix is
 * read by hand: this is the hottest reader, and a regex with two captures
 * per line costs more than the rest of the line.
 */
import { LineRecord } from '../record.ts';
import { readSecondsFraction } from '../timestamps.ts';
import type { BytePrefixReader, LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { readKernelMessage } from './kernel-message.ts';

/** The characters of the regex class \s. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Reads `[<spaces>sec.frac]` and the message after it into rec; false if the line is not a kernel line. */
export function readDmesgLine(line: string, rec: LineRecord): boolean {
  const n = line.length;
  let i = 0;
  if (line.charCodeAt(0) === 60) {
    i = 1;
    while (i < n && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
    if (i === 1 || line.charCodeAt(i) !== 62) return false;
    i++;
  }
  if (line.charCodeAt(i) !== 91) return false;
  i++;
  while (i < n && isSpace(line.charCodeAt(i))) i++;
  const sec = rec.tsSec;
  const ns = rec.tsNs;
  i = readSecondsFraction(line, i, rec, 'required');
  if (i < 0 || line.charCodeAt(i) !== 93) {
    rec.tsSec = sec;
    rec.tsNs = ns;
    return false;
  }
  i++;
  if (i < n && isSpace(line.charCodeAt(i))) i++;
  rec.message = line.slice(i);
  return true;
}

const isAsciiSpace = (b: number) => b === 32 || (b >= 9 && b <= 13);
const POW10 = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/**
 * readDmesgLine over bytes, for ASCII prefixes with up to nine fraction digits; anything else
 * (Unicode spaces, longer fractions, non-kernel lines) is left to the string reader.
 */
export function readDmesgPrefix(buf: Uint8Array, start: number, end: number, rec: LineRecord): number {
  let i = start;
  if (buf[i] === 60) {
    i++;
    while (i < end && buf[i] >= 48 && buf[i] <= 57) i++;
    if (i === start + 1 || i >= end || buf[i] !== 62) return -1;
    i++;
  }
  if (i >= end || buf[i] !== 91) return -1;
  i++;
  while (i < end && isAsciiSpace(buf[i])) i++;
  const secStart = i;
  let sec = 0;
  while (i < end && buf[i] >= 48 && buf[i] <= 57) sec = sec * 10 + (buf[i++] - 48);
  if (i === secStart || i >= end || buf[i] !== 46) return -1;
  i++;
  const fracStart = i;
  let frac = 0;
  while (i < end && buf[i] >= 48 && buf[i] <= 57) frac = frac * 10 + (buf[i++] - 48);
  const digits = i - fracStart;
  if (digits === 0 || digits > 9 || i >= end || buf[i] !== 93) return -1;
  i++;
  if (i < end) {
    if (isAsciiSpace(buf[i])) i++;
    else if (buf[i] > 0x7f) return -1;
  }
  rec.tsSec = sec;
  rec.tsNs = frac * POW10[digits];
  return i;
}

export const dmesgFormat: LogFormat = {
  id: 'dmesg',
  label: 'kernel log (dmesg)',
  sample: '[   15.611647] virtsnd_pcm_msg_send: adding buffer #1 to avail',
  extensions: ['.dmesg', '.kmsg'],
  detect(lines) {
    const scratch = new LineRecord();
    return fitRatio(lines, (l) => readDmesgLine(l, scratch));
  },
  createParser(): LineParser {
    return (line, rec) => {
      if (!readDmesgLine(line, rec)) return 'skip';
      readKernelMessage(rec.message, rec);
      return 'event';
    };
  },
  createPrefixReader(): BytePrefixReader {
    return readDmesgPrefix;
  },
};
