/**
 * Plain lines with an optional leading timestamp (`[15.612037]`,
 * `15.612037`, RFC 3339, `HH:MM:SS.mmm`): the fallback format. The event name
 * and fields come from profiles, or from the first word and `key=value` pairs.
 */
import { LineRecord } from '../record.ts';
import { parseRfc3339, parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';

const BRACKETED = /^\[\s*([^\]]+)\]\s*/;
const LEADING_NUMBER = /^(\d+\.\d+)\s+/;
const CLOCK = /^(\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s+/;
const WORDLIKE = /^[A-Za-z_][\w.-]*/;

export const plainFormat: LogFormat = {
  id: 'plain',
  label: 'plain lines',
  sample: '[15.612037] set_vring_enable vring=0 enable=1',
  extensions: ['.log', '.txt'],
  // Anything with words fits; a low weight lets specific formats win.
  detect(lines) {
    const scratch = new LineRecord();
    return 0.5 * fitRatio(lines, (l) => WORDLIKE.test(stripTimestamp(l, scratch)));
  },
  createParser(): LineParser {
    return (line, rec) => {
      const rest = stripTimestamp(line, rec);
      if (rest.trim() === '') return 'skip';
      rec.message = rest;
      return 'event';
    };
  },
};

function stripTimestamp(line: string, rec: LineRecord): string {
  let m = BRACKETED.exec(line);
  if (m && (parseSecondsFraction(m[1].trim(), rec) || parseRfc3339(m[1], rec) > 0)) return line.slice(m[0].length);
  m = LEADING_NUMBER.exec(line);
  if (m && parseSecondsFraction(m[1], rec)) return line.slice(m[0].length);
  const iso = parseRfc3339(line, rec);
  if (iso > 0) return line.slice(iso).trimStart();
  m = CLOCK.exec(line);
  if (m) {
    rec.tsSec = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    rec.tsNs = m[4] ? Math.round(Number(`0.${m[4]}`) * 1e9) : 0;
    return line.slice(m[0].length);
  }
  return line.trimStart();
}
