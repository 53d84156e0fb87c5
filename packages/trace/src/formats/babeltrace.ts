/**
 * babeltrace2 (and babeltrace 1) text, the `sink.text.pretty` default, for LTTng traces and
 * perf data converted to CTF:
 * `[14:09:41.351812195] (+0.000906328) raton my_provider:my_first_tracepoint: { cpu_id = 0 }, { vpid = 9746 }, { my_integer_field = 42 }`.
 * The time is a time of day without a date (a trace that crosses midnight wraps, so a jump
 * back of more than 12 hours is read as the next day), or `--clock-seconds`, `--clock-date`
 * or `--clock-cycles` values. The event is named without its provider or group, kept as the
 * field `group` (`probe:vq_add` → `vq_add`). The `{ … }` blocks are read by a small parser and
 * flattened (`outer.inner`, `array[1]`); `cpu_id` becomes `cpu`, the thread id `pid`, hex
 * values lower case as the kernel's own text prints them.
 */
import type { LineRecord } from '../record.ts';
import { parseRfc3339, parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { ProbeJoin } from './probe-event.ts';

const LINE = /^\[([^\]]+)\]\s+(?:\(\+[\d.?]+\)\s+)?(.*)$/;
const TIME_OF_DAY = /^(\d\d):(\d\d):(\d\d)\.(\d{1,9})$/;
const CONTEXT_PID = /^(?:(.*):)?\((\d+)\)$/;

/** Reads `{ a = 1, b = { c = "x" } }, { … }` into fields; false at the first thing it cannot read. */
class BlockReader {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly out: (key: string, value: string) => void,
  ) {}

  readBlocks(): boolean {
    for (;;) {
      this.space();
      if (!this.readValue('')) return false;
      this.space();
      if (this.i >= this.s.length) return true;
      if (this.s[this.i] !== ',') return false;
      this.i++;
    }
  }

  private space(): void {
    while (this.s.charCodeAt(this.i) === 32) this.i++;
  }

  private readValue(key: string): boolean {
    const s = this.s;
    const c = s[this.i];
    if (c === '{') return this.readMembers(key);
    if (c === '[') return this.readArray(key);
    if (c === '"') return this.readString(key);
    if (c === '(') {
      // Enumeration: ( "LABEL" : container = 23 )
      const end = s.indexOf(')', this.i);
      if (end < 0) return false;
      const label = /"((?:[^"\\]|\\.)*)"/.exec(s.slice(this.i, end));
      if (key) this.out(key, label ? label[1] : s.slice(this.i + 1, end).trim());
      this.i = end + 1;
      return true;
    }
    const start = this.i;
    while (this.i < s.length && !/[,}\]\s]/.test(s[this.i])) this.i++;
    if (this.i === start) return false;
    let v = s.slice(start, this.i);
    if (/^0x[0-9A-F]+$/i.test(v)) v = `0x${v.slice(2).toLowerCase()}`;
    if (key) this.out(key, v);
    return true;
  }

  private readMembers(prefix: string): boolean {
    const s = this.s;
    this.i++;
    for (;;) {
      this.space();
      if (s[this.i] === '}') {
        this.i++;
        return true;
      }
      const eq = s.indexOf(' = ', this.i);
      if (eq < 0) return false;
      const name = s.slice(this.i, eq);
      if (!/^[\w.:-]+$/.test(name)) return false;
      this.i = eq + 3;
      if (!this.readValue(prefix ? `${prefix}.${name}` : name)) return false;
      this.space();
      if (s[this.i] === ',') this.i++;
      else if (s[this.i] !== '}') return false;
    }
  }

  private readArray(prefix: string): boolean {
    const s = this.s;
    this.i++;
    for (;;) {
      this.space();
      if (s[this.i] === ']') {
        this.i++;
        return true;
      }
      const m = /^\[(\d+)\] = /.exec(s.slice(this.i, this.i + 24));
      if (!m) return false;
      this.i += m[0].length;
      if (!this.readValue(`${prefix}[${m[1]}]`)) return false;
      this.space();
      if (s[this.i] === ',') this.i++;
      else if (s[this.i] !== ']') return false;
    }
  }

  private readString(key: string): boolean {
    const s = this.s;
    let j = this.i + 1;
    let v = '';
    while (j < s.length && s[j] !== '"') {
      if (s[j] === '\\' && j + 1 < s.length) j++;
      v += s[j++];
    }
    if (j >= s.length) return false;
    if (key) this.out(key, v);
    this.i = j + 1;
    return true;
  }
}

/** The thread a record belongs to, from the contexts babeltrace shows, best first. */
const PID_KEYS = ['vtid', 'tid', 'perf_tid', 'vpid', 'pid', 'perf_pid', 'common_pid'];

function readTime(ts: string, rec: LineRecord, day: { n: number; last: number }): boolean {
  const tod = TIME_OF_DAY.exec(ts);
  if (tod) {
    const sec = Number(tod[1]) * 3600 + Number(tod[2]) * 60 + Number(tod[3]);
    if (day.last >= 0 && sec < day.last - 12 * 3600) day.n++;
    day.last = sec;
    rec.tsSec = day.n * 86_400 + sec;
    rec.tsNs = Number(tod[4].padEnd(9, '0'));
    return true;
  }
  if (/^\d{20}$/.test(ts)) {
    // --clock-cycles: a counter of unknown frequency, kept in order as nanoseconds.
    const n = BigInt(ts);
    rec.tsSec = Number(n / 1_000_000_000n);
    rec.tsNs = Number(n % 1_000_000_000n);
    return true;
  }
  return parseSecondsFraction(ts, rec) || parseRfc3339(ts, rec) === ts.length;
}

export const babeltraceFormat: LogFormat = {
  id: 'babeltrace',
  label: 'babeltrace2 text (LTTng, CTF)',
  sample:
    '[17:48:17.586558519] (+0.000076267) wk-heartbeat:(3208) heartbeat:msg: { cpu_id = 4 }, { vtid = 3215, vpid = 3208 }, { msg = "heartbeat" }',
  extensions: ['.ctf.txt'],
  detect: (lines) =>
    fitRatio(lines, (l) => {
      const m = LINE.exec(l);
      return m !== null && / \{ |: \{|\(\+/.test(l) && /^[\d:. -]+$/.test(m[1]);
    }),
  createParser(): LineParser {
    const day = { n: 0, last: -1 };
    const join = new ProbeJoin();
    return (line, rec) => {
      const m = LINE.exec(line);
      if (!m || !readTime(m[1], rec, day)) return 'skip';
      const rest = m[2];
      const brace = rest.indexOf(' {');
      const head = (brace >= 0 ? rest.slice(0, brace) : rest).trimEnd();
      if (!head.endsWith(':')) return { error: 'expected an event name ending in ":" before the first "{"' };
      const space = head.lastIndexOf(' ');
      const event = head.slice(space + 1, -1);
      const context = space > 0 ? head.slice(0, space) : '';
      const colon = event.lastIndexOf(':');
      rec.name = event.slice(colon + 1);
      if (colon > 0) rec.setField('group', event.slice(0, colon));
      if (context) {
        const cp = CONTEXT_PID.exec(context);
        if (cp) {
          const names = (cp[1] ?? '').split(':');
          if (names.length >= 2) rec.setField('host', names[0]);
          if (names[names.length - 1]) rec.setField('comm', names[names.length - 1]);
          rec.setField('pid', cp[2]);
        } else if (!context.includes(' ')) rec.setField('host', context);
      }
      if (brace >= 0) {
        const ok = new BlockReader(rest.slice(brace + 1), (k, v) => {
          if (k === 'cpu_id') rec.setField('cpu', v);
          else rec.setField(k, v);
        }).readBlocks();
        if (!ok) return { error: 'could not read the { field = value } blocks' };
      }
      if (rec.field('pid') === undefined)
        for (const k of PID_KEYS) {
          const v = rec.field(k);
          if (v !== undefined) {
            rec.setField('pid', v);
            break;
          }
        }
      // perf's CTF keeps a kprobe's address as __probe_ip, a kretprobe's function as __probe_func.
      const func = rec.field('__probe_func');
      const ip = rec.field('__probe_ip');
      if (func !== undefined) join.see({ func, isReturn: true }, rec);
      else if (ip !== undefined) join.see({ func: ip, isReturn: false }, rec);
      return 'event';
    };
  },
};
