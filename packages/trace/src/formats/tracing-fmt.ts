/**
 * Rust `tracing-subscriber` fmt text:
 * `2023-08-30T10:00:00.000001Z  INFO span{a=1}: target: message key=value`.
 * ANSI colours are stripped. `event="…"` (tracing-formal's instrumentation)
 * names the event; otherwise the message does, through profiles.
 */
import { extractInlineFields } from '../fields.ts';
import { parseRfc3339 } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
const ANSI = /\x1b\[[0-9;]*m/g;
const LINE = /^(\d{4}-\d\d-\d\d[T ][\d:.,]+(?:Z|[+-]\d\d:?\d\d)?)\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s+(.*)$/;
const SPAN_PREFIX = /^[\w:-]+\{[^}]*\}:\s/;
const TARGET_PREFIX = /^[\w:-]+:\s/;
const FIRST_PAIR = /\s[A-Za-z_][\w.]*=/;

export function stripAnsi(line: string): string {
  return line.indexOf('\x1b') >= 0 ? line.replace(ANSI, '') : line;
}

export const tracingFmtFormat: LogFormat = {
  id: 'tracing-fmt',
  label: 'Rust tracing fmt text',
  sample: '2023-08-30T10:00:00.000001Z  INFO vhost_user_backend: event="set_vring_enable" vring=0 enable=1',
  detect: (lines) => fitRatio(lines, (l) => LINE.test(stripAnsi(l))),
  createParser(): LineParser {
    return (raw, rec) => {
      const m = LINE.exec(stripAnsi(raw));
      if (!m) return 'skip';
      parseRfc3339(m[1], rec);
      rec.setField('level', m[2]);
      let rest = m[3];
      for (let s = SPAN_PREFIX.exec(rest); s; s = SPAN_PREFIX.exec(rest)) {
        extractInlineFields(s[0], rec);
        rest = rest.slice(s[0].length);
      }
      const target = TARGET_PREFIX.exec(rest);
      if (target) {
        rec.setField('target', target[0].slice(0, -2).trimEnd());
        rest = rest.slice(target[0].length);
      }
      extractInlineFields(rest, rec);
      const event = rec.field('event');
      if (event !== undefined) {
        rec.name = event;
        removeField(rec, 'event');
      }
      const pair = FIRST_PAIR.exec(` ${rest}`);
      rec.message = pair ? rest.slice(0, Math.max(0, pair.index - 1)).trim() : rest;
      return 'event';
    };
  },
};

export function removeField(rec: { keys: string[]; values: string[] }, key: string): void {
  const i = rec.keys.indexOf(key);
  if (i >= 0) {
    rec.keys.splice(i, 1);
    rec.values.splice(i, 1);
  }
}
