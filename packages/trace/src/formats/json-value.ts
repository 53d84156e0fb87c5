/** Helpers shared by the JSON-based formats. */
import type { LineRecord } from '../record.ts';
import { parseAnyTimestamp } from '../timestamps.ts';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Scalar JSON values become field strings; objects and arrays are skipped. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Timestamps as RFC 3339 strings, or numbers of seconds / ms / µs / ns since an epoch. */
export function setJsonTimestamp(v: unknown, rec: LineRecord): void {
  if (typeof v === 'string') parseAnyTimestamp(v, rec);
  else if (typeof v === 'number' && Number.isFinite(v)) {
    // Guess the unit from the magnitude of an epoch time.
    const sec = v > 1e17 ? v / 1e9 : v > 1e14 ? v / 1e6 : v > 1e11 ? v / 1e3 : v;
    rec.tsSec = Math.floor(sec);
    rec.tsNs = Math.round((sec - rec.tsSec) * 1e9);
  }
}

export type JsonObjectOrError = { obj: Record<string, unknown> } | { error: string };

export function parseJsonObject(text: string): JsonObjectOrError {
  try {
    const v: unknown = JSON.parse(text);
    return isPlainObject(v) ? { obj: v } : { error: 'expected a JSON object' };
  } catch (e) {
    return { error: `malformed JSON (${(e as Error).message})` };
  }
}
