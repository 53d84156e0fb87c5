/** Helpers for this package's tests (not exported from the package). */
import { readFileSync } from 'node:fs';
import { type IngestOptions, IngestSession, ingestText } from './ingest.ts';
import { eventFields, type Trace } from './trace.ts';

export const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

export function ingestFixture(name: string) {
  return ingestText(fixture(name), { fileName: name });
}

/** The trace as plain rows, for readable assertions. */
export function rows(t: Trace): { name: string; line: number; ts: number; fields: Record<string, string> }[] {
  const out = [];
  for (let i = 0; i < t.count; i++) {
    out.push({ name: t.names[t.name[i]], line: t.line.get(i), ts: t.ts.get(i), fields: Object.fromEntries(eventFields(t, i)) });
  }
  return out;
}

/** Ingests `bytes` pushed in pieces cut at `cuts`: chunking must never change the result. */
export function ingestChunks(bytes: Uint8Array, cuts: number[], fileName = 'x.log', opts: Partial<IngestOptions> = {}) {
  const s = new IngestSession({ ...opts, fileName });
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    s.push(bytes.subarray(prev, c));
    prev = c;
  }
  s.push(bytes.subarray(prev));
  return s.end();
}

/**
 * A fixture read whole, read one byte per chunk (every chunk border falls inside some line),
 * and read with CRLF line ends one byte per chunk: the three must give the same events and
 * warnings. Returns the whole read.
 */
export function ingestFixtureEveryWay(name: string) {
  const text = fixture(name);
  const whole = ingestText(text, { fileName: name });
  const bytes = new TextEncoder().encode(text);
  const everyByte = (b: Uint8Array) => Array.from({ length: b.length }, (_, i) => i);
  const split = ingestChunks(bytes, everyByte(bytes), name);
  const crlfBytes = new TextEncoder().encode(text.replace(/\r?\n/g, '\r\n'));
  const crlf = ingestChunks(crlfBytes, everyByte(crlfBytes), name);
  const view = (r: typeof whole) => ({ format: r.format, rows: rows(r.trace), warnings: r.warnings });
  const want = view(whole);
  for (const [how, got] of [
    ['in one-byte chunks', split],
    ['with CRLF in one-byte chunks', crlf],
  ] as const) {
    const v = view(got);
    if (JSON.stringify(v) !== JSON.stringify(want))
      throw new Error(`${name} read ${how} differs from the whole read:\n${JSON.stringify(v)}\nvs\n${JSON.stringify(want)}`);
  }
  return whole;
}
