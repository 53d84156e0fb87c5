/**
 * Rust `tracing-subscriber` JSON lines:
 * `{"timestamp":…,"level":"INFO","fields":{"message":…,"event":"do_hola"},"target":…}`.
 * `fields.event` is the event name, as tracing-formal uses it; the other
 * `fields.*` and the current span's fields become fields.
 */
import { extractInlineFields } from '../fields.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { isPlainObject, parseJsonObject, scalarText, setJsonTimestamp } from './json-value.ts';

const LOOKS_LIKE = /^\s*\{.*"fields"\s*:\s*\{/;

export const tracingJsonFormat: LogFormat = {
  id: 'tracing-json',
  label: 'Rust tracing JSON lines',
  sample:
    '{"timestamp":"2023-09-12T10:00:00.000100Z","level":"INFO","fields":{"message":"do hola()","event":"do_hola"},"target":"example"}',
  extensions: ['.jsonl', '.ndjson'],
  detect: (lines) => fitRatio(lines, (l) => LOOKS_LIKE.test(l)),
  createParser(): LineParser {
    return (line, rec) => {
      if (line.trim() === '') return 'skip';
      const parsed = parseJsonObject(line);
      if ('error' in parsed) return parsed;
      const obj = parsed.obj;
      setJsonTimestamp(obj.timestamp, rec);
      const level = scalarText(obj.level);
      if (level) rec.setField('level', level);
      const target = scalarText(obj.target);
      if (target) rec.setField('target', target);
      const span = obj.span;
      if (isPlainObject(span)) {
        for (const [k, v] of Object.entries(span)) {
          const s = scalarText(v);
          if (s !== undefined && k !== 'name') rec.setField(k, s);
        }
      }
      // flatten_event puts the fields at the top level.
      const fields = isPlainObject(obj.fields) ? obj.fields : obj;
      for (const [k, v] of Object.entries(fields)) {
        if (fields === obj && (k === 'timestamp' || k === 'level' || k === 'target' || k === 'span' || k === 'spans')) continue;
        const s = scalarText(v);
        if (s === undefined) continue;
        if (k === 'event') rec.name = s;
        else if (k === 'message') rec.message = s;
        else rec.setField(k, s);
      }
      if (rec.message) extractInlineFields(rec.message, rec);
      return 'event';
    };
  },
};
