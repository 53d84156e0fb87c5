/**
 * Generic JSON lines: one object per line. The event name is `event`,
 * `name`, `type` or the first word of `msg`/`message`; other scalar keys
 * become fields; `ts`/`time`/`timestamp` is the timestamp.
 */
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { parseJsonObject, scalarText, setJsonTimestamp } from './json-value.ts';

const NAME_KEYS = ['event', 'name', 'type'];
const MESSAGE_KEYS = ['msg', 'message'];
const TIME_KEYS = ['ts', 'time', 'timestamp'];

export const jsonLinesFormat: LogFormat = {
  id: 'json-lines',
  label: 'JSON lines',
  sample: '{"ts":15.611647,"event":"set_vring_enable","vring":0,"enable":1}',
  extensions: ['.jsonl', '.ndjson'],
  detect: (lines) => fitRatio(lines, (l) => /^\s*\{.*\}\s*$/.test(l)) * 0.9,
  createParser(): LineParser {
    return (line, rec) => {
      if (line.trim() === '') return 'skip';
      const parsed = parseJsonObject(line);
      if ('error' in parsed) return parsed;
      const obj = parsed.obj;
      for (const [k, v] of Object.entries(obj)) {
        const s = scalarText(v);
        if (s === undefined) continue;
        if (TIME_KEYS.includes(k)) setJsonTimestamp(v, rec);
        else if (!rec.name && NAME_KEYS.includes(k)) rec.name = s;
        else if (MESSAGE_KEYS.includes(k)) rec.message = s;
        else rec.setField(k, s);
      }
      return 'event';
    };
  },
};
