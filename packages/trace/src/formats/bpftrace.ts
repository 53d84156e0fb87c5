/**
 * bpftrace output: the lines a script's printf writes (`-f text`, the default) and the same
 * lines inside `-f json` records (`{"type": "printf", "data": "…\n"}`). The script decides the
 * shape; what scripts print is `[time] [comm] [pid] name key=value key:value …`: a leading
 * number is the time (an integer is `nsecs`, with a fraction seconds), the last bare word before
 * the first pair names the event, a word and a number before it are comm and pid. `Attaching N
 * probes...`, map dumps (`@x[dd]: 3`) and JSON records other than printf are no events; text the
 * traced command printed in between (`3+0 records in`) is skipped.
 */
import type { LineRecord } from '../record.ts';
import { readSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { isPlainObject, parseJsonObject } from './json-value.ts';

const NUMBER = /^\d+(?:\.\d+)?$/;
const WORD = /^[A-Za-z_][\w.-]*:?$/;
const PAIR = /^([A-Za-z_][\w.]*)([=:])(.*)$/;
const NOISE = /^(?:Attaching \d+ probes?\.\.\.|@.*|Lost \d+ events)\s*$/;
const ATTACHING = /^Attaching \d+ probes?\.\.\./;

/** Reads one printf line into rec; false when it does not look like a script's event line. */
export function readBpftraceLine(line: string, rec: LineRecord): boolean {
  const tokens = line.trim().split(/\s+/);
  let i = 0;
  const head: string[] = [];
  // The head: everything before the first key=value (or key:value with a value).
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    const p = PAIR.exec(t);
    if (p && (p[2] === '=' || p[3] !== '')) break;
    if (t.includes('=')) return false;
    head.push(t);
  }
  let h = 0;
  if (h < head.length && NUMBER.test(head[0])) {
    const t = head[h++];
    if (t.includes('.')) readSecondsFraction(t, 0, rec);
    else {
      // nsecs: split before the double loses nanoseconds.
      rec.tsSec = t.length > 9 ? Number(t.slice(0, -9)) : 0;
      rec.tsNs = Number(t.slice(-9));
    }
  }
  let name = '';
  const rest = head.slice(h);
  if (rest.length > 0) {
    name = rest[rest.length - 1];
    if (!WORD.test(name)) return false;
    for (const t of rest.slice(0, -1)) {
      if (NUMBER.test(t) && rec.field('pid') === undefined) rec.setField('pid', t);
      else if (!NUMBER.test(t) && rec.field('comm') === undefined) rec.setField('comm', t);
      else return false;
    }
  }
  if (name.endsWith(':')) name = name.slice(0, -1);
  if (i === tokens.length && name === '') return false;
  for (; i < tokens.length; i++) {
    const p = PAIR.exec(tokens[i]);
    if (!p) continue;
    if (!name) name = p[1];
    rec.setField(p[1], p[3].replace(/,$/, ''));
  }
  rec.name = name;
  return true;
}

export const bpftraceFormat: LogFormat = {
  id: 'bpftrace',
  label: 'bpftrace printf text',
  sample: '1576070622115 dd 2291 vq_add vq=0xffff888003a5c000 token=0xffff888004e21000',
  extensions: ['.bt.txt'],
  detect(lines) {
    const fits = (l: string) => /^\d/.test(l) && looksLikeEvent(l);
    // Without its `Attaching` line only lines that start with a time are bpftrace's for sure;
    // the rest (`name k=v`) read the same as plain lines.
    return lines.some((l) => ATTACHING.test(l)) ? fitRatio(lines, (l) => NOISE.test(l) || looksLikeEvent(l)) : 0.6 * fitRatio(lines, fits);
  },
  createParser(): LineParser {
    return (line, rec) => {
      if (NOISE.test(line)) return 'none';
      return readBpftraceLine(line, rec) ? 'event' : 'skip';
    };
  },
};

function looksLikeEvent(l: string): boolean {
  return /^(?:\d+(?:\.\d+)?\s+)?(?:\S+\s+){0,3}[A-Za-z_][\w.-]*:?(?:\s+[A-Za-z_][\w.]*[=:]\S*)*\s*$/.test(l) && /[=:]/.test(l);
}

const JSON_RECORD = /^\s*\{\s*"type"\s*:\s*"(?:printf|attached_probes|map|hist|stats|time|value|lost_events|errorf|warnf|syscall|join)"/;

export const bpftraceJsonFormat: LogFormat = {
  id: 'bpftrace-json',
  label: 'bpftrace -f json',
  sample: '{"type": "printf", "data": "vq_add vq=0xffff888003a5c000 token=0xffff888004e21000\\n"}',
  extensions: ['.json', '.jsonl'],
  detect: (lines) => fitRatio(lines, (l) => JSON_RECORD.test(l)),
  createParser(): LineParser {
    return (line, rec) => {
      if (line.trim() === '') return 'none';
      const parsed = parseJsonObject(line);
      if ('error' in parsed) return parsed;
      const o = parsed.obj;
      if (o.type !== 'printf') return isPlainObject(o) && typeof o.type === 'string' ? 'none' : 'skip';
      if (typeof o.data !== 'string') return { error: 'printf record without a string "data"' };
      // One record is one printf; its first non-blank line is the event.
      const first = o.data.split('\n').find((l) => l.trim() !== '');
      if (first === undefined) return 'none';
      return readBpftraceLine(first, rec) ? 'event' : 'skip';
    };
  },
};
