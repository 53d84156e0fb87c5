/**
 * Generic field extraction from free message text, used when no profile
 * names the fields: `key=value` pairs, `key value` pairs (QEMU's trace
 * format), and `word #N` ("buffer #1" → buffer=1), which is how drivers
 * print ids in prose.
 */
import type { LineRecord } from './record.ts';

const KEY_EQ_VALUE = /([A-Za-z_][\w.]*)=("(?:[^"\\]|\\.)*"|[^\s,;{}]+)/g;
const WORD_HASH_NUMBER = /\b([A-Za-z_]\w*) #(\d+)\b/g;

export function unquote(v: string): string {
  if (v.length >= 2 && v.charCodeAt(0) === 34 && v.charCodeAt(v.length - 1) === 34) {
    return v.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return v;
}

/** Adds `key=value` and `word #N` fields found in `text`. */
export function extractInlineFields(text: string, rec: LineRecord): void {
  if (text.indexOf('=') >= 0) {
    KEY_EQ_VALUE.lastIndex = 0;
    for (let m = KEY_EQ_VALUE.exec(text); m; m = KEY_EQ_VALUE.exec(text)) {
      rec.setField(m[1], unquote(m[2]));
    }
  }
  if (text.indexOf('#') >= 0) {
    WORD_HASH_NUMBER.lastIndex = 0;
    for (let m = WORD_HASH_NUMBER.exec(text); m; m = WORD_HASH_NUMBER.exec(text)) {
      if (rec.field(m[1]) === undefined) rec.setField(m[1], m[2]);
    }
  }
}

/**
 * QEMU-style `key value key value` arguments ("vq 0x55 elem 0x7f in_num 1").
 * A key is an identifier; a value is the next token. Tokens that do not fit
 * (prose such as "guest not ready") are left alone.
 */
export function extractSpacedPairs(text: string, rec: LineRecord): void {
  const tokens = text.split(' ');
  for (let i = 0; i + 1 < tokens.length; i++) {
    const key = tokens[i];
    if (!/^[A-Za-z_]\w*$/.test(key)) continue;
    let value = tokens[i + 1];
    if (value.endsWith(':') || value.endsWith(',')) value = value.slice(0, -1);
    if (/^(?:0x[0-9a-fA-F]+|-?\d+(?:\.\d+)?)$/.test(value)) {
      if (rec.field(key) === undefined) rec.setField(key, value);
      i++;
    }
  }
  if (text.indexOf('=') >= 0 || text.indexOf('#') >= 0) extractInlineFields(text, rec);
}

/** Event name of a free-text message: its first word, up to ':' or a space. */
export function firstWord(text: string): string {
  let end = 0;
  const n = text.length;
  while (end < n) {
    const c = text.charCodeAt(end);
    if (c === 58 || c === 32 || c === 9) break;
    end++;
  }
  return text.slice(0, end);
}
