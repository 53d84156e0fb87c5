/**
 * Rust env_logger default format: `[2024-05-01T10:00:00Z INFO  target] msg`
 * (timestamp optional). Continuation lines of multi-line messages are
 * indented and skipped.
 */
import { extractInlineFields } from '../fields.ts';
import { parseRfc3339 } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { stripAnsi } from './tracing-fmt.ts';

const LINE = /^\[(?:(\d{4}-\d\d-\d\dT\S+)\s+)?(TRACE|DEBUG|INFO|WARN|ERROR)\s*([^\]]*)\]\s?(.*)$/;

export const envLoggerFormat: LogFormat = {
  id: 'env-logger',
  label: 'Rust env_logger',
  sample: '[2024-05-01T10:00:00Z INFO  vhost_device_sound::device] set_vring_enable vring=0 enable=1',
  detect: (lines) => fitRatio(lines, (l) => LINE.test(stripAnsi(l))),
  createParser(): LineParser {
    return (raw, rec) => {
      const m = LINE.exec(stripAnsi(raw));
      if (!m) return 'skip';
      if (m[1]) parseRfc3339(m[1], rec);
      rec.setField('level', m[2]);
      if (m[3]) rec.setField('target', m[3].trim());
      rec.message = m[4];
      extractInlineFields(m[4], rec);
      return 'event';
    };
  },
};
