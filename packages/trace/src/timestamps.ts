/**
 * Hand-written timestamp parsers. They fill seconds and nanoseconds separately
 * so that epoch times keep microsecond precision (a double holding epoch
 * nanoseconds would round to 256 ns).
 */
import type { LineRecord } from './record.ts';

/**
 * Reads `sec` or `sec.frac` starting at s[from] into rec.tsSec/tsNs without making a substring.
 * `fraction: 'required'` insists on the dot and digits after it. Returns the index after the
 * number, or -1 (rec untouched) when there is none.
 */
export function readSecondsFraction(s: string, from: number, rec: LineRecord, fraction: 'optional' | 'required' = 'optional'): number {
  const n = s.length;
  let i = from;
  let sec = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    sec = sec * 10 + (c - 48);
    i++;
  }
  if (i === from) return -1;
  let ns = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    let scale = 100_000_000;
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      ns += (c - 48) * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return -1;
  } else if (fraction === 'required') return -1;
  rec.tsSec = sec;
  rec.tsNs = Math.round(ns);
  return i;
}

/** "15.611647" (seconds with an optional fraction) → rec.tsSec/tsNs. Returns false if not a number. */
export function parseSecondsFraction(s: string, rec: LineRecord): boolean {
  const sec = rec.tsSec;
  const ns = rec.tsNs;
  if (readSecondsFraction(s, 0, rec) === s.length) return true;
  rec.tsSec = sec;
  rec.tsNs = ns;
  return false;
}

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/**
 * RFC 3339 / ISO 8601 date-time: "2023-08-30T10:00:00.000001Z", "+02:00"
 * offsets, a space instead of T. Returns the number of characters consumed
 * (0 when `s` does not start with one).
 */
export function parseRfc3339(s: string, rec: LineRecord, from = 0): number {
  const y = digits(s, from, 4);
  if (y < 0 || s[from + 4] !== '-') return 0;
  const mo = digits(s, from + 5, 2);
  const d = digits(s, from + 8, 2);
  const sep = s[from + 10];
  if (mo < 0 || s[from + 7] !== '-' || d < 0 || (sep !== 'T' && sep !== ' ')) return 0;
  const h = digits(s, from + 11, 2);
  const mi = digits(s, from + 14, 2);
  const se = digits(s, from + 17, 2);
  if (h < 0 || mi < 0 || se < 0 || s[from + 13] !== ':' || s[from + 16] !== ':') return 0;
  let i = from + 19;
  let ns = 0;
  if (s[i] === '.' || s[i] === ',') {
    i++;
    let scale = 100_000_000;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      ns += (c - 48) * scale;
      scale /= 10;
      i++;
    }
    ns = Math.round(ns);
  }
  let offsetSec = 0;
  if (s[i] === 'Z' || s[i] === 'z') i++;
  else if (s[i] === '+' || s[i] === '-') {
    const oh = digits(s, i + 1, 2);
    const om = s[i + 3] === ':' ? digits(s, i + 4, 2) : digits(s, i + 3, 2);
    if (oh >= 0 && om >= 0) {
      offsetSec = (oh * 3600 + om * 60) * (s[i] === '+' ? 1 : -1);
      i += s[i + 3] === ':' ? 6 : 5;
    }
  }
  rec.tsSec = Date.UTC(y, mo - 1, d, h, mi, se) / 1000 - offsetSec;
  rec.tsNs = ns;
  return i - from;
}

/** A timestamp in any of the forms above, or a fallback through Date.parse. */
export function parseAnyTimestamp(s: string, rec: LineRecord): boolean {
  if (parseSecondsFraction(s, rec)) return true;
  if (parseRfc3339(s, rec) === s.length) return true;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return false;
  rec.tsSec = Math.floor(ms / 1000);
  rec.tsNs = (ms - rec.tsSec * 1000) * 1e6;
  return true;
}
