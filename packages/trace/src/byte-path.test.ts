/**
 * The byte path (prefix read from bytes, message meaning from the cache) must give exactly the
 * trace and warnings the string path gives, whatever the lines and however they are chunked.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IngestResult } from './ingest.ts';
import { ingestChunks, rows } from './test-support.ts';
import { columnValues } from './trace.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const enc = new TextEncoder();

/** A few messages repeat (cache hits); the rest vary, with fields, non-ASCII and odd spacing. */
const message = fc.oneof(
  fc.constantFrom(
    'virtsnd_pcm_msg_send: stream #0 adding buffer #1 to avail',
    'virtsnd_pcm_msg_complete: interruption, stream #0 buffer #1 at consume',
    'virtsnd_pcm_pointer: return pointer to stream #0 buffer #1',
    'vhost_user: set_vring_enable vring=3 enable=1',
    'vhost_user: handle_event vring=3',
    'handled event',
    '',
    ' ',
    '\t leading space',
    'key="quoted value" other=1',
    'prix: 3 €',
    'ünïcode: x=1',
    // Kernel prefixes the string path splits into fields: the cache must keep them per message.
    '[2291] virtio_snd:virtsnd_pcm_msg_send:142: virtio_snd virtio0: adding buffer #1 to avail',
    '<intr> virtio_snd:virtsnd_pcm_msg_complete:361: virtio_snd virtio0: interruption, buffer #1 at consume',
    'virtsnd_pcm_pointer: virtio_snd virtio0: return pointer to buffer #1',
    'virtio_net virtio2 eth0: renamed from enp0s2',
  ),
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.tuple(fc.constantFrom('a', 'vq', 'buffer', 'virtio_net'), fc.nat(300)).map(([k, n]) => `${k}: ${k} #${n} ${k}=${n}`),
);

const prefix = fc.oneof(
  fc.tuple(fc.nat(99999), fc.stringMatching(/^[0-9]{1,12}$/)).map(([s, f]) => `[${String(s).padStart(5)}.${f}]`),
  fc.tuple(fc.nat(7), fc.nat(999), fc.nat(999999)).map(([p, s, f]) => `<${p}>[ ${s}.${String(f).padStart(6, '0')}]`),
  fc.constantFrom('[0.5]', '[ 1.]', '[1]', '[\u00a01.000001]', '[ 2.000001]\u00a0', '', 'firmware line', '[  3.000001]\t'),
);

const line = fc.tuple(prefix, fc.constantFrom(' ', '', '  '), message).map(([p, sp, m]) => `${p}${sp}${m}`);
const log = fc.tuple(fc.array(line, { minLength: 1, maxLength: 60 }), fc.constantFrom('\n', '\r\n')).map(([ls, eol]) => ls.join(eol));

function ingest(bytes: Uint8Array, cuts: number[], stringPathOnly: boolean): IngestResult | string {
  try {
    return ingestChunks(bytes, cuts, 'k.dmesg', { format: 'dmesg', stringPathOnly });
  } catch (e) {
    return (e as Error).message;
  }
}

function view(r: IngestResult | string) {
  if (typeof r === 'string') return r;
  return { rows: rows(r.trace), offsets: columnValues(r.trace.offset), warnings: r.warnings, lines: r.lines };
}

describe(`the byte path (${RUNS} runs)`, () => {
  it('gives the string path’s trace, offsets and warnings for any kernel-log-like text and chunking', () => {
    fc.assert(
      fc.property(log, fc.array(fc.nat(), { maxLength: 4 }), fc.nat(3), (text, raw, repeat) => {
        // Repeat the text past the sample (64 KiB), after which the byte path takes over.
        const bytes = enc.encode(`${text}\n`.repeat(Math.ceil(70_000 / (text.length + 1)) + repeat * 50));
        const cuts = raw.map((c) => c % (bytes.length + 1));
        expect(view(ingest(bytes, cuts, false))).toEqual(view(ingest(bytes, cuts, true)));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads a repeated message from the cache with its own timestamp, line and offset', () => {
    const lines = Array.from(
      { length: 3000 },
      (_, i) => `[${(i / 1000).toFixed(6)}] virtsnd_pcm_pointer: return pointer to stream #2 buffer #5`,
    );
    const bytes = enc.encode(`${lines.join('\n')}\n`);
    const r = ingest(bytes, [], false) as IngestResult;
    expect(r.trace.count).toBe(3000);
    expect(r.trace.line.get(2999)).toBe(3000);
    expect(r.trace.offset.get(2999)).toBe(bytes.length - lines[2999].length - 1);
    expect(r.trace.ts.get(2999) - r.trace.ts.get(0)).toBe(2_999_000_000);
    expect(rows(r.trace)[2999].fields).toEqual({ buffer: '5', stream: '2' });
  });

  it('reads a message longer than a call can take as arguments (600 KB) once decoded, then from the cache', () => {
    const long = `virtsnd_pcm_pointer: stream #1 buffer #2 ${'x'.repeat(600_000)}`;
    const text = `${'[    0.000001] warmup line\n'.repeat(3000)}[    1.000000] ${long}\n[    2.000000] ${long}\n`;
    const bytes = enc.encode(text);
    const r = ingestChunks(bytes, [], 'k.dmesg', { format: 'dmesg' });
    expect(r.trace.count).toBe(3002);
    expect(
      rows(r.trace)
        .slice(-2)
        .map((e) => [e.name, e.fields]),
    ).toEqual([
      ['virtsnd_pcm_pointer', { buffer: '2', stream: '1' }],
      ['virtsnd_pcm_pointer', { buffer: '2', stream: '1' }],
    ]);
  });
});
