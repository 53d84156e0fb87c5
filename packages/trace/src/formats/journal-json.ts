/**
 * `journalctl -o json`: one object per line, key order not stable, every value a string
 * (a binary MESSAGE is an array of byte numbers). The timestamp is the kernel's own
 * `_SOURCE_MONOTONIC_TIMESTAMP` (µs) where the record has it, the reception time
 * `__MONOTONIC_TIMESTAMP` otherwise: both count from boot, so kernel and user lines interleave.
 * Kernel-transport messages go through the kernel-prefix reader.
 */
import type { LineRecord } from '../record.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';
import { parseJsonObject } from './json-value.ts';
import { readKernelMessage } from './kernel-message.ts';

/** A journal export has MESSAGE and at least one of the journal's own bookkeeping keys. */
const LOOKS_LIKE = /^\s*\{.*"MESSAGE"\s*:/;
const JOURNAL_KEY = /"(?:__CURSOR|__REALTIME_TIMESTAMP|__MONOTONIC_TIMESTAMP|_SOURCE_MONOTONIC_TIMESTAMP|_BOOT_ID|_TRANSPORT)"\s*:/;

function setMicroseconds(v: unknown, rec: LineRecord): boolean {
  if (typeof v !== 'string' || !/^\d{1,18}$/.test(v)) return false;
  const sec = v.length > 6 ? Number(v.slice(0, -6)) : 0;
  rec.tsSec = sec;
  rec.tsNs = Number(v.slice(-6)) * 1000;
  return true;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((b) => typeof b === 'number')) return new TextDecoder().decode(new Uint8Array(v as number[]));
  // A field that occurs twice is an array of its values; the first is what a reader means.
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

export const journalJsonFormat: LogFormat = {
  id: 'journal-json',
  label: 'journalctl -o json',
  sample:
    '{"_TRANSPORT":"kernel","MESSAGE":"virtio_snd virtio0: virtsnd_pcm_msg_send: adding buffer #1","_SOURCE_MONOTONIC_TIMESTAMP":"15611647"}',
  extensions: ['.json', '.jsonl'],
  detect: (lines) => fitRatio(lines, (l) => LOOKS_LIKE.test(l) && JOURNAL_KEY.test(l)),
  createParser(): LineParser {
    return (line, rec) => {
      if (line.trim() === '') return 'skip';
      const parsed = parseJsonObject(line);
      if ('error' in parsed) return parsed;
      const o = parsed.obj;
      const message = text(o.MESSAGE);
      if (message === undefined) return { error: 'journal record without a MESSAGE' };
      if (!setMicroseconds(o._SOURCE_MONOTONIC_TIMESTAMP, rec)) setMicroseconds(o.__MONOTONIC_TIMESTAMP, rec);
      const ident = text(o.SYSLOG_IDENTIFIER);
      if (ident && ident !== 'kernel') rec.setField('ident', ident);
      const pid = text(o._PID);
      if (pid) rec.setField('pid', pid);
      if (o._TRANSPORT === 'kernel') readKernelMessage(message, rec);
      else rec.message = message;
      return 'event';
    };
  },
};
