/**
 * Generic field extraction from free message text, used when no profile
 * names the fields: `key=value` pairs, `key value` pairs (QEMU's trace
 * format), and `word #N` ("buffer #1" → buffer=1), which is how drivers
 * print ids in prose.
 */
import type { LineRecord } from './record.ts';

const KEY_EQ_VALUE = /([A-Za-z_][\w.]*)=("(?:[^"\\]|\\.)*"|[^\s,;{}]+)/g;

export function unquote(v: string): string {
  if (v.length >= 2 && v.charCodeAt(0) === 34 && v.charCodeAt(v.length - 1) === 34) {
    return v.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return v;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Adds `word #N` fields: scans for '#' by hand, since most lines have at most a few. */
function extractHashNumbers(text: string, rec: LineRecord): void {
  for (let h = text.indexOf(' #'); h > 0; h = text.indexOf(' #', h + 2)) {
    let end = h + 2;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end === h + 2 || (end < text.length && isWordChar(text.charCodeAt(end)))) continue;
    let start = h;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    if (start === h) continue;
    const c0 = text.charCodeAt(start);
    if (c0 >= 48 && c0 <= 57) continue;
    if (start > 0 && text.charCodeAt(start - 1) === 46) continue;
    const key = text.slice(start, h);
    if (rec.field(key) === undefined) rec.setField(key, text.slice(h + 2, end));
  }
}

/** Adds `key=value` and `word #N` fields found in `text`. */
export function extractInlineFields(text: string, rec: LineRecord): void {
  if (text.indexOf('=') >= 0) {
    KEY_EQ_VALUE.lastIndex = 0;
    for (let m = KEY_EQ_VALUE.exec(text); m; m = KEY_EQ_VALUE.exec(text)) {
      rec.setField(m[1], unquote(m[2]));
    }
  }
  if (text.indexOf(' #') >= 0) extractHashNumbers(text, rec);
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
