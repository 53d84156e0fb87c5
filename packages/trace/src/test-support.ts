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
    out.push({ name: t.names[t.name[i]], line: t.line[i], ts: t.ts[i], fields: Object.fromEntries(eventFields(t, i)) });
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
