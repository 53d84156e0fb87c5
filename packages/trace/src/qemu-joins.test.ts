import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestText } from './ingest.ts';
import { qemuJoinEvidence } from './qemu-joins.ts';
import { rows } from './test-support.ts';
import { columnValues } from './trace.ts';

const examples = new URL('../../../../shared/examples/', import.meta.url).pathname;

function qemu(lines: string[]) {
  return rows(ingestText(`${lines.join('\n')}\n`, { fileName: 'q.log', format: 'qemu-log' }).trace);
}

describe('vdev and queue of queue events', () => {
  it('gives a vq-only event the vdev and queue index of virtio_queue_notify, also when the notify comes later', () => {
    const ev = qemu([
      '1@1.000001:virtqueue_pop vq 0x7f10 elem 0x5a1 in_num 1 out_num 0',
      '1@1.000002:virtio_queue_notify vdev 0x5500 n 1 vq 0x7f10',
      '1@1.000003:virtqueue_fill vq 0x7f10 elem 0x5a1 len 8 idx 0',
      '1@1.000004:virtqueue_flush vq 0x7f10 count 1',
      '1@1.000005:virtio_notify_irqfd vdev 0x5500 vq 0x7f10',
    ]);
    for (const e of ev) expect(e.fields, e.name).toMatchObject({ vdev: '0x5500', queue: '1' });
  });

  it('uses the pairing in force at each event when a vq pointer changes hands', () => {
    const ev = qemu([
      'virtio_notify vdev 0x5500 vq 0x7f10',
      'virtqueue_flush vq 0x7f10 count 1',
      'virtio_queue_notify vdev 0x6600 n 3 vq 0x7f10',
      'virtqueue_flush vq 0x7f10 count 1',
    ]);
    expect(ev.map((e) => e.fields.vdev)).toEqual(['0x5500', '0x5500', '0x6600', '0x6600']);
    expect(ev.map((e) => e.fields.queue)).toEqual(['3', '3', '3', '3']);
  });

  it('leaves an event whose vq is never paired without vdev', () => {
    const ev = qemu(['virtqueue_pop vq 0x7f10 elem 0x5a1 in_num 1 out_num 0', 'virtio_set_status vdev 0x5500 val 0']);
    expect(ev[0].fields.vdev).toBeUndefined();
    expect(ev[0].fields.queue).toBeUndefined();
  });

  it('gives device events the vdev their own pointer is (virtio_rng_* rng, virtio_snd_* snd)', () => {
    const ev = qemu(['virtio_rng_pushed rng 0x5500: 64 bytes pushed', 'virtio_snd_realize snd 0x6600: realize']);
    expect(ev[0].fields).toMatchObject({ rng: '0x5500', vdev: '0x5500', device: 'virtio-rng' });
    expect(ev[1].fields).toMatchObject({ snd: '0x6600', vdev: '0x6600', device: 'virtio-snd' });
  });
});

describe('device type of a vdev', () => {
  it('names vdevs from device events carrying their pointer, on every event of that vdev', () => {
    const ev = qemu([
      'virtio_set_status vdev 0x5500 val 15',
      'virtio_queue_notify vdev 0x5500 n 0 vq 0x7f10',
      'virtqueue_pop vq 0x7f10 elem 0x5a1 in_num 1 out_num 0',
      'virtio_blk_handle_read vdev 0x5500 req 0x5a1 sector 0 nsectors 8',
      'virtio_set_status vdev 0x6600 val 15',
      'virtio_rng_request rng 0x6600: 64 bytes requested, 4096 bytes quota left',
      'virtio_set_status vdev 0x7700 val 15',
    ]);
    expect(ev.map((e) => e.fields.device)).toEqual([
      'virtio-blk',
      'virtio-blk',
      'virtio-blk',
      'virtio-blk',
      'virtio-rng',
      'virtio-rng',
      undefined,
    ]);
  });

  it('names no device whose pointer is claimed by two device types', () => {
    const ev = qemu([
      'virtio_set_status vdev 0x5500 val 15',
      'virtio_blk_req_complete vdev 0x5500 req 0x1 status 0',
      'virtio_rng_popped rng 0x5500: elem popped',
    ]);
    expect(ev[0].fields.device).toBeUndefined();
  });

  it('names the balloon of the example trace from its config read right after DRIVER_OK on the same vCPU thread', () => {
    const r = ingestText(readFileSync(`${examples}qemu-balloon-kick-before-driver-ok.log`, 'utf8'), { fileName: 'balloon.log' });
    const ev = rows(r.trace);
    const at = (line: number) => ev.find((e) => e.line === line)?.fields;
    expect(at(360)).toMatchObject({ vdev: '0x564849ec28a0', queue: '2', device: 'virtio-balloon' });
    expect(at(362)).toMatchObject({ vdev: '0x564849ec28a0', queue: '2', device: 'virtio-balloon' });
    const deviceOf = new Map(ev.filter((e) => e.fields.vdev).map((e) => [e.fields.vdev, e.fields.device]));
    expect(Object.fromEntries(deviceOf)).toEqual({
      '0x564849ec28a0': 'virtio-balloon',
      '0x564849af6750': 'virtio-rng',
      '0x5648499d2620': 'virtio-blk',
      // Kicked queue 3, popped it, then virtio_serial_handle_control_message on that thread (lines 326-329).
      '0x564849d38760': 'virtio-serial',
      // virtio-net: no event of its code carries a pointer or runs in its handlers here, so no name.
      '0x564849c11310': undefined,
    });
  });

  const status = (tid: number, us: number, vdev: string, val: number) =>
    `${tid}@1.${String(us).padStart(6, '0')}:virtio_set_status vdev ${vdev} val ${val}`;
  const getConfig = (tid: number, us: number) => `${tid}@1.${String(us).padStart(6, '0')}:virtio_balloon_get_config num_pages: 0 actual: 0`;
  const balloonOf = (lines: string[]) => {
    const ev = qemu(lines);
    return [...new Set(ev.filter((e) => e.fields.device === 'virtio-balloon' && e.fields.vdev).map((e) => e.fields.vdev))];
  };

  it('names a balloon from a config read right after a status write on the same thread', () => {
    expect(balloonOf([status(7, 100, '0x5500', 15), status(8, 120, '0x6600', 15), getConfig(7, 150)])).toEqual(['0x5500']);
  });

  it('names no balloon when the config read follows another event on that thread, another thread, or more than 1 ms later', () => {
    expect(balloonOf([status(7, 100, '0x5500', 15), '7@1.000120:virtio_notify vdev 0x5500 vq 0x7f10', getConfig(7, 150)])).toEqual([]);
    expect(balloonOf([status(7, 100, '0x5500', 15), getConfig(8, 150)])).toEqual([]);
    expect(balloonOf([status(7, 100, '0x5500', 15), getConfig(7, 1200)])).toEqual([]);
    expect(balloonOf(['virtio_set_status vdev 0x5500 val 15', 'virtio_balloon_get_config num_pages: 0 actual: 0'])).toEqual([]);
  });

  it('names no balloon when two config reads point at different vdevs, or the vdev is already another device', () => {
    expect(balloonOf([status(7, 100, '0x5500', 15), getConfig(7, 150), status(7, 300, '0x6600', 15), getConfig(7, 350)])).toEqual([]);
    expect(balloonOf([status(7, 100, '0x5500', 15), getConfig(7, 150), '7@1.000400:virtio_rng_popped rng 0x5500: elem popped'])).toEqual(
      [],
    );
  });

  const serialOf = (lines: string[]) => {
    const ev = qemu(lines);
    return [...new Set(ev.filter((e) => e.fields.device === 'virtio-serial' && e.fields.vdev).map((e) => e.fields.vdev))];
  };
  const at = (tid: number, us: number, rest: string) => `${tid}@1.${String(us).padStart(6, '0')}:${rest}`;
  const kick = (tid: number, us: number) => at(tid, us, 'virtio_queue_notify vdev 0x5500 n 3 vq 0x7f10');
  const pop = (tid: number, us: number, vq = '0x7f10') => at(tid, us, `virtqueue_pop vq ${vq} elem 0x5a1 in_num 0 out_num 1`);
  const control = (tid: number, us: number) => at(tid, us, 'virtio_serial_handle_control_message event 0, value 1');

  it('names a virtio-serial from its control message handled inside the kick of its queue on that thread', () => {
    expect(
      serialOf([kick(7, 100), at(7, 101, 'virtqueue_alloc_element elem 0x5a1 size 56 in_num 0 out_num 1'), pop(7, 102), control(7, 110)]),
    ).toEqual(['0x5500']);
  });

  it('names no virtio-serial when something else ran on that thread between, on another thread, or more than 1 ms later', () => {
    const other = at(9, 50, 'virtio_queue_notify vdev 0x6600 n 0 vq 0x7f20');
    expect(serialOf([other, kick(7, 100), pop(7, 102, '0x7f20'), control(7, 110)])).toEqual([]);
    expect(serialOf([kick(7, 100), at(7, 105, 'virtio_set_status vdev 0x6600 val 0'), control(7, 110)])).toEqual([]);
    expect(serialOf([kick(7, 100), pop(7, 102), control(8, 110)])).toEqual([]);
    expect(serialOf([kick(7, 100), pop(7, 102), control(7, 1200)])).toEqual([]);
    expect(serialOf(['virtio_queue_notify vdev 0x5500 n 3 vq 0x7f10', 'virtio_serial_handle_control_message event 0, value 1'])).toEqual(
      [],
    );
  });

  it('names no device whose handlers trace events of two device types', () => {
    expect(
      serialOf([kick(7, 100), control(7, 110), kick(7, 200), at(7, 210, 'virtio_balloon_handle_output section name: ram gpa: 0x1000')]),
    ).toEqual([]);
  });

  it('keeps the device type on pointerless events of a device’s own code', () => {
    const ev = qemu(['virtio_serial_send_control_event port 1, event 6, value 1', 'virtio_balloon_get_config num_pages: 0 actual: 0']);
    expect(ev.map((e) => e.fields.device)).toEqual(['virtio-serial', 'virtio-balloon']);
  });
});

describe('evidence for an excerpt', () => {
  it('keeps the lines a queue event took its vdev, queue and device from, so an excerpt joins the same', () => {
    const text = readFileSync(`${examples}qemu-balloon-kick-before-driver-ok.log`, 'utf8');
    const trace = ingestText(text, { fileName: 'balloon.log' }).trace;
    const pop = columnValues(trace.line).indexOf(362);
    const kept = qemuJoinEvidence(trace, [pop]).map((i) => trace.line.get(i));
    expect(kept).toEqual([360, 363, 364]);
    const lines = text.split('\n');
    const excerpt = rows(
      ingestText(
        `${[...kept, 362]
          .sort((a, b) => a - b)
          .map((l) => lines[l - 1])
          .join('\n')}\n`,
        { fileName: 'x.log' },
      ).trace,
    );
    expect(excerpt.find((e) => e.name === 'virtqueue_pop')?.fields).toMatchObject({
      vdev: '0x564849ec28a0',
      queue: '2',
      device: 'virtio-balloon',
    });
  });
});

describe('wide tables', () => {
  it('keeps 300 queue indices apart (ids past one byte), also when one vq pointer takes them in turn', () => {
    const lines: string[] = [];
    for (let q = 0; q < 300; q++) lines.push(`virtio_queue_notify vdev 0x5500 n ${q} vq 0x7f10`, 'virtqueue_flush vq 0x7f10 count 1');
    const ev = qemu(lines);
    expect(ev.filter((e) => e.name === 'virtqueue_flush').map((e) => e.fields.queue)).toEqual(
      Array.from({ length: 300 }, (_, q) => String(q)),
    );
  });
});

describe('evidence for a serial excerpt', () => {
  it('keeps the kick and the control message that name the virtio-serial', () => {
    const text = readFileSync(`${examples}qemu-balloon-kick-before-driver-ok.log`, 'utf8');
    const trace = ingestText(text, { fileName: 'balloon.log' }).trace;
    const fill = columnValues(trace.line).indexOf(333);
    const kept = qemuJoinEvidence(trace, [fill]).map((i) => trace.line.get(i));
    const lines = text.split('\n');
    const excerpt = rows(
      ingestText(
        `${[...new Set([...kept, 333])]
          .sort((a, b) => a - b)
          .map((l) => lines[l - 1])
          .join('\n')}\n`,
        { fileName: 'x.log' },
      ).trace,
    );
    expect(excerpt.find((e) => e.name === 'virtqueue_fill')?.fields).toMatchObject({
      vdev: '0x564849d38760',
      queue: '2',
      device: 'virtio-serial',
    });
  });
});
