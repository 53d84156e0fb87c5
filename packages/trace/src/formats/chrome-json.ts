/**
 * Chrome trace-event JSON (`[…]` or `{"traceEvents":[…]}`), the format
 * Perfetto UI and chrome://tracing open. Objects are cut out of the text by a
 * small brace scanner that runs across lines, so both one-event-per-line and
 * pretty-printed files work without holding the whole document. `ts` is in
 * microseconds; `args` become fields. Events that vqscope itself added on
 * export (category `vqscope`) are not read back as trace events.
 */
import type { LineParser, LogFormat } from './format.ts';
import { isPlainObject, parseJsonObject, scalarText } from './json-value.ts';

const START = /^\s*(?:\[|\{\s*"(?:traceEvents|displayTimeUnit|otherData)")/;

export const chromeJsonFormat: LogFormat = {
  id: 'chrome-json',
  label: 'Chrome trace-event JSON',
  sample: '{"traceEvents":[{"name":"virtqueue_pop","ph":"i","ts":15611647,"pid":1,"tid":1,"args":{"vq":"0x55"}}]}',
  extensions: ['.json'],
  detect(lines) {
    // Pretty-printed files open with a lone "{" or "[": look at the text, not the first line.
    const text = lines.slice(0, 200).join('\n');
    if (!START.test(text)) return 0;
    return /"ph"\s*:/.test(text) ? 1 : 0.3;
  },
  createParser(): LineParser {
    // depth counts braces/brackets; an event object starts at the depth where
    // trace events live (1 for a bare array, 2 inside {"traceEvents":[…]}).
    let depth = 0;
    let eventDepth = -1;
    let inString = false;
    let escaped = false;
    let objText = '';
    let capturing = false;
    let lastKey = '';
    let keyStart = -1;
    let startLine = 0;
    let startOffset = 0;
    let emittedLine = 0;
    let emittedOffset = 0;
    return (line, rec, pos) => {
      let emitted: string | undefined;
      let extra = 0;
      let segStart = capturing ? 0 : -1;
      for (let i = 0; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34) {
            inString = false;
            if (depth === 1 && keyStart >= 0) lastKey = line.slice(keyStart, i);
          }
          continue;
        }
        if (c === 34) {
          inString = true;
          keyStart = i + 1;
          continue;
        }
        if (c === 91 || c === 123) {
          if (depth === 0 && c === 91) eventDepth = 1;
          if (depth === 1 && c === 91 && eventDepth < 0 && lastKey === 'traceEvents') eventDepth = 2;
          if (c === 123 && depth === eventDepth && !capturing) {
            capturing = true;
            objText = '';
            segStart = i;
            startLine = pos.line;
            startOffset = pos.offset;
          }
          depth++;
        } else if (c === 93 || c === 125) {
          depth--;
          if (c === 125 && capturing && depth === eventDepth) {
            objText += line.slice(segStart, i + 1);
            capturing = false;
            segStart = -1;
            if (emitted === undefined) {
              emitted = objText;
              emittedLine = startLine;
              emittedOffset = startOffset;
            } else extra++;
          }
        }
      }
      if (capturing && segStart >= 0) objText += `${line.slice(segStart)}\n`;
      // Brackets, braces and the lines inside an object are the JSON around events, not lines that failed to fit.
      if (emitted === undefined) return 'none';
      if (extra > 0) return { error: 'more than one trace event on one line; only the first was read' };
      const parsed = parseJsonObject(emitted);
      if ('error' in parsed) return parsed;
      const ev = parsed.obj;
      if (ev.cat === 'vqscope' || ev.ph === 'M') return 'none';
      const name = scalarText(ev.name);
      if (!name) return { error: 'trace event without a "name"' };
      rec.name = name;
      rec.startLine = emittedLine;
      rec.startOffset = emittedOffset;
      if (typeof ev.ts === 'number' && Number.isFinite(ev.ts)) {
        rec.tsSec = Math.floor(ev.ts / 1e6);
        rec.tsNs = Math.round((ev.ts - rec.tsSec * 1e6) * 1000);
      }
      const tid = scalarText(ev.tid);
      if (tid !== undefined) rec.setField('tid', tid);
      if (isPlainObject(ev.args)) {
        for (const [k, v] of Object.entries(ev.args)) {
          const s = scalarText(v);
          if (s !== undefined) rec.setField(k, s);
        }
      }
      return 'event';
    };
  },
};
