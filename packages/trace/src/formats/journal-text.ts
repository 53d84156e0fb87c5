/**
 * `journalctl -k` text: `-o short-monotonic` (`[ 1601.624838] vm kernel: msg`, the kernel's own
 * timestamp), `-o short-precise` / `short` (`Dec 01 22:01:52.183784 vm kernel: msg`, no year) and
 * `-o short-iso-precise` / `short-iso` (`2026-12-01T22:01:52.183784+0000 vm kernel: msg`).
 * Messages go through the kernel-prefix reader; an identifier other than `kernel` becomes the
 * field `ident` (and its `[pid]` the field `pid`). `-- Boot … --` separators and indented continuation lines are skipped.
 *
 * A dmesg line `[ 1.2] virtio_blk virtio1: text` has the same shape as a short-monotonic line,
 * so detection asks for one host on every line and the `kernel` identifier on some.
 */
import { LineRecord } from '../record.ts';
import { parseRfc3339, readSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { readKernelMessage } from './kernel-message.ts';

const MONOTONIC = /^\[\s*(\d+\.\d+)\]\s/;
const PRECISE = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? /;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d) /;
const HOST_IDENT = /^(\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface JournalHead {
  host: string;
  ident: string;
  pid: string | undefined;
  rest: string;
}

/**
 * Reads the timestamp (into rec) and `host ident[pid]: `. `year` is the assumed year of
 * short-precise stamps, which have none.
 */
function readHead(line: string, rec: LineRecord, year: number): JournalHead | undefined {
  let at = 0;
  const mono = MONOTONIC.exec(line);
  const precise = mono ? null : PRECISE.exec(line);
  const iso = mono || precise ? null : ISO.exec(line);
  if (mono) {
    readSecondsFraction(mono[1], 0, rec);
    at = mono[0].length;
  } else if (precise) {
    const month = MONTHS.indexOf(precise[1]);
    if (month < 0) return undefined;
    rec.tsSec = Date.UTC(year, month, Number(precise[2]), Number(precise[3]), Number(precise[4]), Number(precise[5])) / 1000;
    rec.tsNs = precise[6] ? Number(precise[6].padEnd(9, '0')) : 0;
    at = precise[0].length;
  } else if (iso) {
    parseRfc3339(line, rec);
    at = iso[0].length;
  } else return undefined;
  const h = HOST_IDENT.exec(line.slice(at));
  if (!h) return undefined;
  return { host: h[1], ident: h[2], pid: h[3], rest: line.slice(at + h[0].length) };
}

/** The realtime forms have no year: a month earlier than the last one means the year turned. */
class YearGuess {
  year = 2000;
  private lastMonth = -1;
  see(line: string): void {
    const m = PRECISE.exec(line);
    if (!m) return;
    const month = MONTHS.indexOf(m[1]);
    if (this.lastMonth >= 0 && month < this.lastMonth) this.year++;
    this.lastMonth = month;
  }
}

export const journalTextFormat: LogFormat = {
  id: 'journal-text',
  label: 'journalctl text (short-monotonic, short-precise, short-iso-precise)',
  sample: '[   15.611647] vm kernel: virtio_snd:virtsnd_pcm_msg_send:142: virtio_snd virtio0: adding buffer #1 to avail',
  extensions: ['.journal.txt'],
  detect(lines) {
    const scratch = new LineRecord();
    const hosts = new Map<string, number>();
    let seen = 0;
    let kernel = false;
    for (const l of lines) {
      if (l.trim() === '') continue;
      seen++;
      if (l.startsWith('-- ')) {
        hosts.set('', (hosts.get('') ?? 0) + 1);
        continue;
      }
      const h = readHead(l, scratch, 2000);
      if (!h) continue;
      if (h.ident === 'kernel') kernel = true;
      hosts.set(h.host, (hosts.get(h.host) ?? 0) + 1);
    }
    if (!kernel || seen === 0) return 0;
    let best = 0;
    for (const [host, n] of hosts) if (host !== '' && n > best) best = n;
    return (best + (hosts.get('') ?? 0)) / seen;
  },
  createParser(): LineParser {
    const year = new YearGuess();
    return (line, rec) => {
      year.see(line);
      const h = readHead(line, rec, year.year);
      if (h) {
        // Every line of `journalctl -k` came through the kernel, whatever identifier user space
        // gave it when it wrote to /dev/kmsg.
        if (h.ident !== 'kernel') rec.setField('ident', h.ident);
        if (h.pid) rec.setField('pid', h.pid);
        readKernelMessage(h.rest, rec);
        return 'event';
      }
      // `-- Boot … --` separators, and continuation lines indented under their message.
      return (line.startsWith('-- ') && line.endsWith(' --')) || line.startsWith(' ') ? 'none' : 'skip';
    };
  },
};
