/**
 * QEMU lines read by their trace-events formats. Every format in the table is checked the same
 * way: print it as QEMU would (a small printf over sample values), read the line back, and expect
 * each C argument as a field holding the printed value.
 */
import { describe, expect, it } from 'vitest';
import { ingestText } from '../ingest.ts';
import { LineRecord } from '../record.ts';
import { QEMU_EVENT_FORMATS } from './qemu-events.ts';
import { qemuLogFormat } from './qemu-log.ts';

const CONVERSION = /%([-+ #0]*)(\d+)?(?:\.(\d+))?(?:hh|h|ll|l|z|j|t|L)?([diouxXpscfeEgG%])/g;

/** QEMU's printf for the sample: argument k gets a value of its own, so swapped groups show. */
function printSample(format: string): { text: string; expected: string[] } {
  const expected: string[] = [];
  let k = 0;
  const text = format.replace(CONVERSION, (_all, flags: string, width: string | undefined, _p, c: string) => {
    if (c === '%') return '%';
    const n = k++;
    let printed: string;
    let value: string;
    if (c === 'x' || c === 'X') {
      printed = (0xa0 + n).toString(16);
      if (width && flags.includes('0')) printed = printed.padStart(Number(width), '0');
      value = `0x${printed}`;
    } else if (c === 'p') printed = value = `0x55d0c8a1b${(0x2c0 + n).toString(16)}`;
    else if (c === 's') printed = value = `str-${n} with words`;
    else if (c === 'c') printed = value = 'c';
    else if (c === 'o') printed = value = '17';
    else printed = value = String(n % 2 ? 10 + n : -(10 + n));
    expected.push(value);
    return printed;
  });
  return { text, expected };
}

function read(line: string): { name: string; fields: Record<string, string> } {
  const rec = new LineRecord();
  const outcome = qemuLogFormat.createParser()(line, rec, { line: 1, offset: 0 });
  expect(outcome).toBe('event');
  return { name: rec.name, fields: Object.fromEntries(rec.keys.map((key, i) => [key, rec.values[i]])) };
}

describe('QEMU trace events read by their own formats', () => {
  const forms = [...QEMU_EVENT_FORMATS].flatMap(([name, fs]) => fs.map((f, i) => ({ name, f, i })));

  it('holds the virtio and vhost families of QEMU 7.2 and the newer events', () => {
    expect(forms.length).toBeGreaterThan(150);
    for (const name of [
      'vhost_user_write',
      'virtio_balloon_get_config',
      'virtio_pci_notify_write',
      'virtio_snd_handle_ctrl',
      'virtio_notify_irqfd_deferred_fn',
    ])
      expect(QEMU_EVENT_FORMATS.has(name), name).toBe(true);
  });

  it.each(forms.map((x) => [`${x.name} #${x.i}`, x] as const))('reads every argument of %s from a printed line', (_label, { name, f }) => {
    const { text, expected } = printSample(f.format);
    const { fields } = read(`4242@1700000000.000100:${name} ${text}`);
    const want = Object.fromEntries(f.args.map((a, k) => [a, expected[k]]));
    expect(fields).toEqual({ tid: '4242', ...want });
  });
});

describe('real QEMU lines', () => {
  it.each([
    ['vhost_user_write req:1 flags:0x1', { req: '1', flags: '0x1' }],
    ['vhost_user_read req:1 flags:0x5', { req: '1', flags: '0x5' }],
    ['23999@1795631350.961506:virtio_balloon_get_config num_pages: 0 actual: 0', { tid: '23999', num_pages: '0', actual: '0' }],
    [
      '23994@1795631341.078796:virtio_serial_send_control_event port 1, event 6, value 1',
      { tid: '23994', port: '1', event: '6', value: '1' },
    ],
    ['23994@1795631350.936415:virtio_serial_handle_control_message_port port 1', { tid: '23994', port: '1' }],
    ['23994@1795631341.078723:virtio_console_chr_event port 1, event 1', { tid: '23994', port: '1', event: '1' }],
    [
      '23994@1795631350.892120:virtio_rng_request rng 0x564849af6750: 64 bytes requested, 4294967295 bytes quota left',
      { tid: '23994', rng: '0x564849af6750', size: '64', quota: '4294967295' },
    ],
    ['virtio_rng_pushed rng 0x564849af6750: 64 bytes pushed', { rng: '0x564849af6750', len: '64' }],
    ['23999@1795631350.957975:virtio_pci_notify_write 0x8 = 0x2 (2)', { tid: '23999', addr: '0x8', val: '0x2', size: '2' }],
    [
      'virtio_snd_handle_ctrl snd 0x5581c7f0a3b0: handle ctrl event for queue 0x7f3a10b2c150',
      { vdev: '0x5581c7f0a3b0', vq: '0x7f3a10b2c150' },
    ],
    ['virtio_snd_handle_pcm_set_params VIRTIO_SND_PCM_SET_PARAMS called for stream 3', { stream: '3' }],
    ['virtio_snd_handle_pcm_start_stop VIRTIO_SND_R_PCM_START called for stream 0', { code: 'VIRTIO_SND_R_PCM_START', stream: '0' }],
    ['vhost_dev_start 0x55e1d2c3b4a0:vhost-user-blk vrings:1', { dev: '0x55e1d2c3b4a0', name: 'vhost-user-blk', vrings: '1' }],
    ['23998@1795631341.215091:virtio_blk_data_plane_start dataplane 0x5648499e4b20', { tid: '23998', s: '0x5648499e4b20' }],
    [
      'virtio_net_rss_enable nic=0x55e1d2c3b4a0 hashes 0x1ff, table of 128, key of 40',
      { nic: '0x55e1d2c3b4a0', p1: '0x1ff', p2: '128', p3: '40' },
    ],
    ['virtio_net_rss_enable hashes 0x1ff, table of 128, key of 40', { p1: '0x1ff', p2: '128', p3: '40' }],
    ['virtio_notify_irqfd_deferred_fn vdev 0x55e1d2c3b4a0 vq 0x7f00aa000010', { vdev: '0x55e1d2c3b4a0', vq: '0x7f00aa000010' }],
    ['virtio_notify vdev (nil) vq 0x7f00aa000010', { vdev: '(nil)', vq: '0x7f00aa000010' }],
  ])('reads %s', (line, fields) => {
    expect(read(line).fields).toEqual(fields);
  });

  it('falls back to key-value reading when a known event does not fit its format (another QEMU version)', () => {
    expect(read('virtio_set_status vdev 0x55e1 val 3 extra 9').fields).toEqual({ vdev: '0x55e1', val: '3', extra: '9' });
    expect(read('vhost_user_write req 1 flags 0x1').fields).toEqual({ req: '1', flags: '0x1' });
  });

  it('keeps the key-value reading for events it does not know', () => {
    expect(read('7@1.000001:virtio_future_event dev 0x55 count 4: done').fields).toEqual({ tid: '7', dev: '0x55', count: '4' });
  });
});

describe('a QEMU trace copied while it was written', () => {
  const whole = [
    '9@1.000001:virtio_set_status vdev 0x564849ec28a0 val 3',
    '9@1.000002:virtio_queue_notify vdev 0x564849ec28a0 n 2 vq 0x7f73dfe85140',
  ];
  it('skips a last line cut short, with a note naming it, instead of reading half a pointer as a device', () => {
    const cut = `${whole[0]}\n${whole[1].slice(0, 44)}`;
    const r = ingestText(cut, { fileName: 'cut.log' });
    expect(r.trace.count).toBe(1);
    expect(r.warnings).toEqual([
      { line: 2, message: 'skipped: the last line is cut short: virtio_queue_notify is printed as "vdev %p n %d vq %p"' },
    ]);
  });
  it('reads a complete last line without a newline as usual', () => {
    const r = ingestText(whole.join('\n'), { fileName: 'whole.log' });
    expect(r.trace.count).toBe(2);
    expect(r.warnings).toEqual([]);
  });
});
