import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IngestAborted, IngestError, IngestSession, ingestStream, ingestText } from './ingest.ts';
import { fixture, ingestChunks, rows } from './test-support.ts';
import { columnValues } from './trace.ts';

const enc = new TextEncoder();

function streamOf(bytes: Uint8Array, chunk = 7): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) c.close();
      else {
        c.enqueue(bytes.slice(at, at + chunk));
        at += chunk;
      }
    },
  });
}

describe('streaming ingest', () => {
  it('builds the same trace for any chunking of the same bytes', () => {
    const texts = ['dmesg.log', 'qemu.log', 'tracing.jsonl', 'chrome.json', 'ftrace.txt'].map((f) => enc.encode(fixture(f)));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(fc.nat(), { maxLength: 12 }), (which, rawCuts) => {
        const bytes = texts[which];
        const cuts = rawCuts.map((c) => c % (bytes.length + 1));
        const whole = ingestChunks(bytes, []);
        const split = ingestChunks(bytes, cuts);
        expect(rows(split.trace)).toEqual(rows(whole.trace));
        expect(columnValues(split.trace.offset)).toEqual(columnValues(whole.trace.offset));
        expect(split.warnings).toEqual(whole.warnings);
      }),
      { numRuns: 300 },
    );
  });

  it('records the byte offset of each line, multi-byte characters included', () => {
    const text = 'a x=1\r\nb ü=2 é\nc y=3';
    const r = ingestText(text, { fileName: 'p.log' });
    const bytes = enc.encode(text);
    const starts = columnValues(r.trace.offset);
    expect(starts).toEqual([0, 7, bytes.indexOf(10, 7) + 1]);
  });

  it('reads a ReadableStream and reports progress in bytes and events', async () => {
    const bytes = enc.encode(fixture('dmesg.log'));
    const seen: number[] = [];
    const r = await ingestStream(streamOf(bytes, 50), {
      fileName: 'd.log',
      totalBytes: bytes.length,
      onProgress: (p) => seen.push(p.bytes),
    });
    expect(r.trace.count).toBe(6);
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen.length).toBeGreaterThan(3);
  });

  it('decompresses .gz by its magic bytes', async () => {
    const gz = gzipSync(Buffer.from(fixture('qemu.log')));
    const r = await ingestStream(streamOf(new Uint8Array(gz), 16), { fileName: 'qemu.log.gz' });
    expect(r.gzip).toBe(true);
    expect(r.format).toBe('qemu-log');
    expect(r.trace.count).toBe(6);
  });

  it('fails a truncated .gz with a clear message', async () => {
    const gz = gzipSync(Buffer.from(fixture('qemu.log').repeat(50)));
    const cut = new Uint8Array(gz.subarray(0, Math.floor(gz.length / 2)));
    await expect(ingestStream(streamOf(cut, 64), { fileName: 'cut.log.gz' })).rejects.toThrow(/gzip data is corrupt or truncated/);
  });

  it('stops when its AbortSignal fires', async () => {
    const ctl = new AbortController();
    const bytes = enc.encode('[1.0] a\n'.repeat(10_000));
    const p = ingestStream(streamOf(bytes, 100), {
      fileName: 'a.log',
      signal: ctl.signal,
      onProgress: (pr) => {
        if (pr.bytes > 1000) ctl.abort();
      },
    });
    await expect(p).rejects.toBeInstanceOf(IngestAborted);
  });
});

describe('bad input', () => {
  it('refuses binary content, naming the file and the offset of the NUL byte', () => {
    const bytes = new Uint8Array([...enc.encode('[1.0] ok\n'), 0x7f, 0x45, 0x00, 0x01]);
    const s = new IngestSession({ fileName: 'core.bin' });
    expect(() => s.push(bytes)).toThrow(IngestError);
    try {
      new IngestSession({ fileName: 'core.bin' }).push(bytes);
    } catch (e) {
      expect((e as IngestError).file).toBe('core.bin');
      expect((e as IngestError).offset).toBe(11);
      expect((e as Error).message).toMatch(/binary content: NUL byte at offset 11/);
    }
  });

  it('says an empty file is empty', () => {
    expect(() => ingestText('', { fileName: 'empty.log' })).toThrow(/the file is empty/);
  });

  it('names the formats it tried for an unknown format and says how to add a profile', () => {
    expect(() => ingestText('%%%% ####\n@@@ !!!\n', { fileName: 'odd.txt' })).toThrow(
      /unknown log format.*Tried: chrome-json.*plain.*Add a profile/s,
    );
  });

  it('skips a line over the limit with a warning and keeps later line numbers', () => {
    const long = 'x'.repeat(5000);
    const text = `[1.0] first a=1\n${long}\n[2.0] third b=2\n`;
    for (const chunk of [3, 64, 100_000]) {
      const s = new IngestSession({ fileName: 'l.log', maxLineBytes: 1000 });
      const bytes = enc.encode(text);
      for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk));
      const r = s.end();
      expect(rows(r.trace).map((e) => [e.name, e.line])).toEqual([
        ['first', 1],
        ['third', 3],
      ]);
      expect(r.trace.offset.get(1)).toBe(text.indexOf('[2.0]'));
      expect(r.warnings).toContainEqual({ line: 2, message: '1 line(s) longer than 1000 bytes skipped, first at line 2' });
    }
  });

  it('keeps a line with invalid UTF-8, replaced, and counts it', () => {
    const bytes = new Uint8Array([...enc.encode('[1.0] good\n[2.0] bad '), 0xff, 0xfe, ...enc.encode(' x=1\n')]);
    const s = new IngestSession({ fileName: 'u.log' });
    s.push(bytes);
    const r = s.end();
    expect(r.trace.count).toBe(2);
    expect(rows(r.trace)[1].fields).toEqual({ x: '1' });
    expect(r.warnings).toContainEqual({ line: 2, message: '1 line(s) with invalid UTF-8, kept with U+FFFD replacements, first at line 2' });
  });

  it('skips a malformed JSON line with its line number and keeps the others', () => {
    const text = `${fixture('tracing.jsonl').split('\n').slice(0, 2).join('\n')}\n{"timestamp": "x", "fields": {"event": broken\n${fixture('tracing.jsonl').split('\n')[0]}\n`;
    const r = ingestText(text, { fileName: 't.jsonl' });
    expect(r.trace.count).toBe(3);
    expect(r.warnings[0].line).toBe(3);
    expect(r.warnings[0].message).toMatch(/^skipped: malformed JSON/);
  });
});
