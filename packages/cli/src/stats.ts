/** `vqscope stats`: counts per event name and per field, to see what a log holds before writing rules. */
import type { IngestResult } from '@vqscope/trace';

export interface TraceStats {
  format: string;
  events: number;
  lines: number;
  byName: [string, number][];
  fields: { field: string; distinct: number; events: number; top: string[] }[];
}

export function statsReport(ingest: IngestResult): TraceStats {
  const t = ingest.trace;
  const counts = new Uint32Array(t.names.length);
  for (let i = 0; i < t.count; i++) counts[t.name[i]]++;
  const byName = t.names.map((n, id) => [n, counts[id]] as [string, number]).sort((a, b) => b[1] - a[1]);
  const fields = [...t.fields].map(([field, col]) => {
    const per = new Uint32Array(col.values.length);
    for (let i = 0; i < t.count; i++) per[col.id(i)]++;
    const top = [...per.keys()]
      .filter((id) => id !== 0)
      .sort((a, b) => per[b] - per[a])
      .slice(0, 3)
      .map((id) => col.values[id]);
    return { field, distinct: col.values.length - 1, events: t.count - per[0], top };
  });
  return { format: ingest.format, events: t.count, lines: ingest.lines, byName, fields };
}
