import { describe, expect, it } from 'vitest';
import { ingestFixture, rows } from '../test-support.ts';
import { detectFormat } from './index.ts';

describe('kernel log (dmesg)', () => {
  const r = ingestFixture('dmesg.log');
  const ev = rows(r.trace);

  it('is detected by content despite firmware lines before the kernel', () => {
    expect(r.format).toBe('dmesg');
  });

  it('reads padded, unpadded and <N>-prefixed lines with CRLF, skipping firmware output with a note', () => {
    expect(ev.map((e) => e.name)).toEqual([
      'Linux',
      'probe',
      'virtsnd_pcm_msg_send',
      'virtsnd_pcm_msg_send',
      'virtsnd_pcm_pointer',
      'virtsnd_pcm_msg_complete',
    ]);
    expect(ev.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(r.warnings.some((w) => w.line === 1 && /2 line\(s\) did not fit/.test(w.message))).toBe(true);
  });

  it('takes the dev_printk prefix `virtio_snd virtio2:` as driver and dev fields', () => {
    expect(ev[1].fields).toEqual({ driver: 'virtio_snd', dev: '2' });
  });

  it('maps virtsnd messages to events with buffer numbers', () => {
    expect(ev[2].fields).toEqual({ buffer: '1' });
    expect(ev[4]).toMatchObject({ name: 'virtsnd_pcm_pointer', fields: { buffer: '1' } });
    expect(ev[5]).toMatchObject({ name: 'virtsnd_pcm_msg_complete', fields: { buffer: '1' } });
  });

  it('keeps timestamps exact to the nanosecond relative to the first', () => {
    expect(ev[0].ts).toBe(0);
    expect(ev[2].ts).toBe(15_611_647_000);
    expect(ev[5].ts - ev[2].ts).toBe(101_724_000);
  });
});

describe('ftrace text', () => {
  const r = ingestFixture('ftrace.txt');
  const ev = rows(r.trace);
  it('skips the # header and reads trace_printk and function-tracer lines', () => {
    expect(r.format).toBe('ftrace');
    expect(ev.map((e) => [e.name, e.line])).toEqual([
      ['virtsnd_pcm_msg_send', 13],
      ['virtsnd_pcm_pointer', 14],
      ['virtsnd_pcm_msg_complete', 15],
      ['virtqueue_add_sgs', 16],
    ]);
    expect(ev[0].fields).toMatchObject({ pid: '2291', cpu: '1', buffer: '1' });
    expect(ev[3].fields).toMatchObject({ caller: 'virtsnd_pcm_msg_send', cpu: '0' });
    expect(r.warnings).toEqual([]);
  });
});

describe('QEMU log trace backend', () => {
  const r = ingestFixture('qemu.log');
  const ev = rows(r.trace);
  it('reads prefixed and bare lines; key value pairs become fields', () => {
    expect(r.format).toBe('qemu-log');
    expect(ev.map((e) => e.name)).toEqual([
      'virtio_set_status',
      'virtio_queue_notify',
      'virtqueue_pop',
      'virtqueue_fill',
      'virtqueue_flush',
      'virtio_rng_vm_state_change',
    ]);
    expect(ev[2].fields).toMatchObject({ vq: '0x7f2fcf43d010', elem: '0x564f28cf06c0', in_num: '2', out_num: '1', tid: '23842' });
    expect(ev[4].fields).toMatchObject({ vq: '0x7f2fcf43d010', count: '1' });
    expect(Number.isNaN(ev[4].ts)).toBe(true);
    expect(ev[5].fields).toMatchObject({ rng: '0x564f28d556a0', running: '1', state: '9' });
  });
  it('keys vq-only events by the vdev learnt from virtio_queue_notify', () => {
    expect(ev[2].fields.vdev).toBe('0x564f28f96c60');
    expect(ev[4].fields.vdev).toBe('0x564f28f96c60');
  });
  it('warns once that timestamps go backwards', () => {
    expect(r.warnings.filter((w) => /backwards/.test(w.message))).toEqual([
      { line: 6, message: 'timestamps go backwards, first at line 6; log order is used as the order' },
    ]);
  });
});

describe('Rust tracing fmt text', () => {
  const r = ingestFixture('tracing-fmt.log');
  const ev = rows(r.trace);
  it('strips ANSI colours and takes event="…" as the event name', () => {
    expect(r.format).toBe('tracing-fmt');
    expect(ev[0]).toMatchObject({ name: 'set_vring_enable', fields: { vring: '0', enable: 'true', level: 'INFO' } });
    expect(ev[1]).toMatchObject({ name: 'handle_event', fields: { vring: '0', target: 'vhost_user_backend::handler' } });
    expect(ev[1].ts - ev[0].ts).toBe(104_000);
  });
  it('maps a plain message through profiles and keeps span fields', () => {
    expect(ev[2]).toMatchObject({ name: 'handle_event', fields: { index: '1', level: 'WARN', target: 'vhost_device_sound::device' } });
  });
});

describe('Rust tracing JSON lines', () => {
  const r = ingestFixture('tracing.jsonl');
  const ev = rows(r.trace);
  it('uses fields.event as the event name and other fields as fields', () => {
    expect(r.format).toBe('tracing-json');
    expect(ev[0]).toMatchObject({ name: 'set_vring_enable', fields: { vring: '0', enable: 'true', level: 'INFO' } });
    expect(ev[1]).toMatchObject({ name: 'handle_event', fields: { thread: '2' } });
    expect(ev[2].name).toBe('no');
  });
});

describe('env_logger', () => {
  const r = ingestFixture('env-logger.log');
  const ev = rows(r.trace);
  it('reads lines with and without timestamp and skips continuation lines', () => {
    expect(r.format).toBe('env-logger');
    expect(ev.map((e) => [e.name, e.line])).toEqual([
      ['set_vring_enable', 1],
      ['handle_event', 2],
      ['stream', 4],
    ]);
    expect(ev[0].fields).toMatchObject({ vring: '0', enable: '1', target: 'vhost_device_sound::device' });
    expect(ev[2].fields).toMatchObject({ stream: '0', level: 'WARN' });
    expect(Number.isNaN(ev[2].ts)).toBe(true);
  });
});

describe('Chrome trace-event JSON', () => {
  const r = ingestFixture('chrome.json');
  const ev = rows(r.trace);
  it('reads one-per-line and pretty-printed events; skips vqscope annotations', () => {
    expect(r.format).toBe('chrome-json');
    expect(ev.map((e) => [e.name, e.line])).toEqual([
      ['virtqueue_pop', 2],
      ['virtqueue_fill', 3],
    ]);
    expect(ev[1].fields).toMatchObject({ note: 'brace } in a string {', tid: '7' });
    expect(ev[1].ts - ev[0].ts).toBe(53_500);
  });
  it('counts no JSON punctuation or metadata line as a line that did not fit', () => {
    expect(r.warnings).toEqual([]);
    expect(ingestFixture('chrome-pretty.json').warnings).toEqual([]);
  });
  it('reads a pretty-printed file whose first line is a lone brace', () => {
    const p = ingestFixture('chrome-pretty.json');
    expect(p.format).toBe('chrome-json');
    expect(rows(p.trace).map((e) => [e.name, e.line])).toEqual([
      ['virtqueue_pop', 3],
      ['virtqueue_fill', 4],
    ]);
  });

  it('reads a bare array on one line', () => {
    const d = detectFormat(['[{"name":"a","ph":"i","ts":1}]']);
    expect(d.format?.id).toBe('chrome-json');
  });
});

describe('plain lines', () => {
  const r = ingestFixture('plain.log');
  const ev = rows(r.trace);
  it('takes an optional leading timestamp of several forms and key=value fields', () => {
    expect(ev.map((e) => e.name)).toEqual(['set_vring_enable', 'set_vring_kick', 'handle_event', 'get_vring_base', 'just']);
    expect(ev[0].fields).toEqual({ vring: '0', enable: '1' });
    expect(Number.isNaN(ev[4].ts)).toBe(true);
    expect(Number.isNaN(ev[3].ts)).toBe(false);
  });
});

describe('profile literal prefilter', () => {
  it('finds the literal a pattern requires, and only when it is safe to rely on', async () => {
    const { requiredLiteral } = await import('../profiles.ts');
    expect(requiredLiteral('^virtsnd_pcm_msg_send:.*?\\bbuffer #(?<buffer>\\d+)')).toEqual({
      literal: 'virtsnd_pcm_msg_send:',
      anchored: true,
    });
    expect(requiredLiteral('\\bVIRTIO_SND_R_PCM_START\\b.*?stream')).toEqual({ literal: 'VIRTIO_SND_R_PCM_START', anchored: false });
    expect(requiredLiteral('^handled event\\b')).toEqual({ literal: 'handled event', anchored: true });
    expect(requiredLiteral('a|bcdef')).toEqual({ anchored: false });
    expect(requiredLiteral('^abcd?x')).toEqual({ literal: 'abc', anchored: true });
    expect(requiredLiteral('^ab+cdef', '')).toEqual({ literal: 'cdef', anchored: false });
    expect(requiredLiteral('^Hello', 'i')).toEqual({ anchored: false });
  });
});

describe('dmesg prefix reader', () => {
  it('agrees with the dmesg pattern on any line', async () => {
    const fc = (await import('fast-check')).default;
    const { readDmesgLine } = await import('./dmesg.ts');
    const { LineRecord } = await import('../record.ts');
    const { parseSecondsFraction } = await import('../timestamps.ts');
    const RE = /^(?:<\d+>)?\[\s*(\d+\.\d+)\]\s?(.*)$/s;
    const line = fc.oneof(
      fc.string({ maxLength: 30, unit: 'binary' }),
      fc
        .tuple(
          fc.constantFrom('', '<6>', '<12>', '<>'),
          fc.constantFrom('', '   ', '\t', '\u00a0', '\u2003 '),
          fc.nat(99999),
          fc.nat(999999),
          fc.constantFrom(']', '] ', ']\t', ']x', ']\u3000', ']\r'),
          fc.string({ maxLength: 20, unit: 'binary' }),
        )
        .map(([p, sp, s, f, close, msg]) => `${p}[${sp}${s}.${f}${close}${msg}`),
    );
    fc.assert(
      fc.property(line, (l) => {
        const a = new LineRecord();
        const b = new LineRecord();
        const m = RE.exec(l);
        const ok = readDmesgLine(l, a);
        expect(ok).toBe(m !== null);
        if (m) {
          parseSecondsFraction(m[1], b);
          expect([a.tsSec, a.tsNs, a.message]).toEqual([b.tsSec, b.tsNs, m[2]]);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
