/**
 * The kernel-log readers other than plain dmesg: journalctl text and JSON, and the kernel's own
 * message prefixes (dynamic debug, dev_printk) that every kernel-log reader splits into fields.
 */
import { describe, expect, it } from 'vitest';
import { LineRecord } from '../record.ts';
import { ingestFixtureEveryWay, rows } from '../test-support.ts';
import { detectFormat } from './index.ts';
import { readKernelMessage } from './kernel-message.ts';

function kernel(message: string) {
  const rec = new LineRecord();
  readKernelMessage(message, rec);
  return { message: rec.message, fields: Object.fromEntries(rec.keys.map((k, i) => [k, rec.values[i]])) };
}

describe('kernel message prefixes', () => {
  it('turns dynamic debug +tmfl into pid, module, function and lineno, and dev_printk into driver and dev', () => {
    expect(kernel('[2291] virtio_snd:virtsnd_pcm_msg_send:142: virtio_snd virtio0: adding buffer #1 to avail')).toEqual({
      message: 'virtsnd_pcm_msg_send: adding buffer #1 to avail',
      fields: { pid: '2291', module: 'virtio_snd', function: 'virtsnd_pcm_msg_send', lineno: '142', driver: 'virtio_snd', dev: '0' },
    });
  });

  it('keeps a function prefix in front of a dev_printk prefix as the message’s function', () => {
    expect(kernel('virtsnd_pcm_msg_send: virtio_snd virtio0: adding buffer #1 to avail')).toEqual({
      message: 'virtsnd_pcm_msg_send: adding buffer #1 to avail',
      fields: { driver: 'virtio_snd', dev: '0' },
    });
  });

  it('reads <intr>, +mf, +fl, +mfsl and netdev_printk prefixes', () => {
    expect(kernel('<intr> virtio_snd:virtsnd_pcm_msg_complete: buffer #1').fields).toEqual({
      context: 'intr',
      module: 'virtio_snd',
      function: 'virtsnd_pcm_msg_complete',
    });
    expect(kernel('vring_interrupt:2563: vq_interrupt vq=0x1')).toEqual({
      message: 'vring_interrupt: vq_interrupt vq=0x1',
      fields: { function: 'vring_interrupt', lineno: '2563' },
    });
    expect(kernel('virtio_snd:virtsnd_pcm_pointer:sound/virtio/virtio_pcm_ops.c:298: x').fields).toEqual({
      module: 'virtio_snd',
      function: 'virtsnd_pcm_pointer',
      file: 'sound/virtio/virtio_pcm_ops.c',
      lineno: '298',
    });
    expect(kernel('virtio_net virtio2 enp0s2: renamed from eth0')).toEqual({
      message: 'renamed from eth0',
      fields: { driver: 'virtio_net', dev: '2', netdev: 'enp0s2' },
    });
  });

  it('keys a virtio device by its index, like the probe kit’s dev field, and keeps other device names', () => {
    expect(kernel('virtio_blk virtio12: vq_kick queue=0').fields).toEqual({ driver: 'virtio_blk', dev: '12' });
    expect(kernel('virtio-pci 0000:00:02.0: enabling device (0000 -> 0003)')).toEqual({
      message: 'enabling device (0000 -> 0003)',
      fields: { driver: 'virtio-pci', dev: '0000:00:02.0' },
    });
  });

  it('leaves ordinary kernel messages as they are', () => {
    for (const m of [
      'virtsnd_pcm_msg_send: adding buffer #1 to avail',
      'Linux version 6.1.0-13-amd64 (debian-kernel@lists.debian.org)',
      'smpboot: CPU0: Intel Xeon',
      'ata1.00: ATA-8: QEMU HARDDISK, 2.5+, max UDMA/100',
      'x86/fpu: Supporting XSAVE feature 0x001',
      'Freeing unused kernel memory: 2048K',
      '[vda] 536870912 512-byte logical blocks',
      '10:00:01: not a prefix',
      '',
    ])
      expect(kernel(m)).toEqual({ message: m, fields: {} });
  });
});

describe('journalctl -k text', () => {
  it('reads the talk’s virtsnd trace written as -o short-monotonic with dyndbg and device prefixes', () => {
    const r = ingestFixtureEveryWay('journal/virtsnd-invalid.short-monotonic.log');
    expect(r.format).toBe('journal-text');
    const ev = rows(r.trace);
    expect(ev.map((e) => `${e.name}#${e.fields.buffer}@${e.line}`)).toEqual([
      'virtsnd_pcm_msg_send#1@1',
      'virtsnd_pcm_msg_send#2@2',
      'virtsnd_pcm_msg_send#3@3',
      'virtsnd_pcm_msg_send#4@4',
      'virtsnd_pcm_pointer#1@5',
      'virtsnd_pcm_msg_complete#1@6',
    ]);
    expect(ev[0].fields).toEqual({
      pid: '2291',
      module: 'virtio_snd',
      function: 'virtsnd_pcm_msg_send',
      lineno: '142',
      driver: 'virtio_snd',
      dev: '0',
      buffer: '1',
    });
    expect(ev[5].fields.context).toBe('intr');
    expect(ev[5].ts - ev[4].ts).toBe(100_613_000);
    expect(r.warnings).toEqual([]);
  });

  it('reads journald’s short-monotonic output with a boot separator, kernel and /dev/kmsg lines (reference sample)', () => {
    const r = ingestFixtureEveryWay('journal/short-monotonic.log');
    expect(r.format).toBe('journal-text');
    const ev = rows(r.trace);
    expect(ev.map((e) => [e.line, e.name])).toEqual([
      [2, '1/0/0'],
      [3, '[vda]'],
      [4, 'vqscope'],
      [5, 'vqscope'],
    ]);
    expect(ev[0].fields).toEqual({ driver: 'virtio_blk', dev: '1' });
    expect(ev[2].fields).toEqual({ ident: 'unknown', driver: 'virtio_snd', dev: '9' });
    expect(ev[3].ts - ev[0].ts).toBe(1_601_184_760_000);
    expect(r.warnings).toEqual([]);
  });

  it('reads -o short-precise, whose stamps have no year, across a new year (reference sample + one constructed line)', () => {
    const r = ingestFixtureEveryWay('journal/short-precise.log');
    expect(r.format).toBe('journal-text');
    const ev = rows(r.trace);
    expect(ev.length).toBe(4);
    expect(ev[1].ts - ev[0].ts).toBe(91_000);
    expect(ev[3].ts - ev[2].ts).toBe(31 * 86_400e9 - (22 * 3600 + 60 + 52) * 1e9 - 184_294_000 + 1000);
    expect(r.warnings).toEqual([]);
  });

  it('reads -o short-iso-precise (reference sample)', () => {
    const r = ingestFixtureEveryWay('journal/short-iso-precise.log');
    expect(r.format).toBe('journal-text');
    expect(rows(r.trace)[1].ts - rows(r.trace)[0].ts).toBe(91_000);
  });

  it('leaves a dmesg log whose lines start `driver device:` to the dmesg reader', () => {
    const d = detectFormat(['[    1.204311] virtio_snd virtio2: probe', '[    1.204400] virtio_snd virtio2: probed 1 stream']);
    expect(d.format?.id).toBe('dmesg');
  });
});

describe('journalctl -o json', () => {
  it('reads the talk’s virtsnd trace as JSON records with unstable key order', () => {
    const r = ingestFixtureEveryWay('journal/virtsnd-invalid.json');
    expect(r.format).toBe('journal-json');
    const ev = rows(r.trace);
    expect(ev.map((e) => `${e.name}#${e.fields.buffer}@${e.line}`)).toEqual([
      'virtsnd_pcm_msg_send#1@1',
      'virtsnd_pcm_msg_send#2@2',
      'virtsnd_pcm_msg_send#3@3',
      'virtsnd_pcm_msg_send#4@4',
      'virtsnd_pcm_pointer#1@5',
      'virtsnd_pcm_msg_complete#1@6',
    ]);
    expect(ev[5].ts - ev[4].ts).toBe(100_613_000);
    expect(ev[0].fields).toMatchObject({ module: 'virtio_snd', driver: 'virtio_snd', dev: '0', pid: '2291' });
  });

  it('times kernel records by _SOURCE_MONOTONIC_TIMESTAMP (reference sample)', () => {
    const r = ingestFixtureEveryWay('journal/kernel.json');
    expect(r.format).toBe('journal-json');
    const ev = rows(r.trace);
    expect(ev[1].ts - ev[0].ts).toBe((1_601_624_838 - 440_103) * 1000);
    expect(ev[1].fields).toEqual({ driver: 'virtio_snd', dev: '9' });
  });

  it('reads a binary MESSAGE given as bytes, and says which line has no MESSAGE', () => {
    const bytes = [...new TextEncoder().encode('vq_kick vq=0x1')];
    const r = detectFormat([`{"MESSAGE":${JSON.stringify(bytes)},"_TRANSPORT":"kernel","__CURSOR":"x"}`]);
    expect(r.format?.id).toBe('journal-json');
  });
});

describe('dmesg -x and --time-format=iso', () => {
  it('reads facility and level of -x as fields, and the prefixes of the message (reference line + constructed)', () => {
    const r = ingestFixtureEveryWay('dmesg/dmesg-x.log');
    expect(r.format).toBe('dmesg-decorated');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual(['1/0/0', 'virtsnd_pcm_msg_send', 'vqscope']);
    expect(ev[0].fields).toEqual({ facility: 'kern', level: 'info', driver: 'virtio_blk', dev: '1' });
    expect(ev[1].fields).toMatchObject({ level: 'debug', buffer: '1', module: 'virtio_snd', pid: '2291' });
    expect(ev[1].ts - ev[0].ts).toBe(15_171_544_000);
  });

  it('reads --time-format=iso with its comma, and a kit event after the device prefix (reference line + constructed)', () => {
    const r = ingestFixtureEveryWay('dmesg/iso.log');
    expect(r.format).toBe('dmesg-decorated');
    const ev = rows(r.trace);
    expect(ev[1]).toMatchObject({
      name: 'vq_add',
      fields: { driver: 'virtio_snd', dev: '0', vq: '0xffff888003a5c000', token: '0xffff888004e21000', out: '1', in: '0' },
    });
    expect(ev[1].ts - ev[0].ts).toBe(15_171_544_000);
  });
});

describe('/dev/kmsg records', () => {
  it('reads the record header and attaches the dictionary lines to their record (reference record + constructed)', () => {
    const r = ingestFixtureEveryWay('dmesg/kmsg.txt');
    expect(r.format).toBe('kmsg');
    const ev = rows(r.trace);
    expect(ev.map((e) => [e.name, e.line])).toEqual([
      ['1/0/0', 1],
      ['virtsnd_pcm_msg_send', 4],
      ['vqscope', 7],
    ]);
    expect(ev[0].fields).toEqual({ level: 'info', driver: 'virtio_blk', dev: '1', SUBSYSTEM: 'virtio', DEVICE: '+virtio:virtio1' });
    expect(ev[1].fields).toMatchObject({ level: 'debug', buffer: '1', DEVICE: '+virtio:virtio0' });
    expect(ev[2].fields).toEqual({ level: 'warn' });
    expect(ev[1].ts - ev[0].ts).toBe(15_171_544_000);
    expect(r.warnings).toEqual([]);
  });
});
