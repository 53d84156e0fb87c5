import { describe, expect, it } from 'vitest';
import { deviceContextAt, keyLabel, shortPointer, vdevLabel, vqLabel } from './device-label.ts';
import { ingestText } from './ingest.ts';

describe('device labels', () => {
  it('names a vdev by its type and keeps the pointer', () => {
    expect(vdevLabel('0x564849ec28a0', 'virtio-balloon')).toBe('virtio-balloon (vdev 0x564849ec28a0)');
    expect(vdevLabel('0x564849ec28a0')).toBe('vdev 0x564849ec28a0');
    expect(vdevLabel('0x564849ec28a0', 'virtio-balloon', true)).toBe('virtio-balloon (vdev 0x…28a0)');
    expect(shortPointer('0x55')).toBe('0x55');
  });

  it('names a queue by its device and index, or by its pointer while the index is unknown', () => {
    expect(vqLabel({ vdev: '0x564849ec28a0', device: 'virtio-balloon', queue: '2', vq: '0x7f73dfe85140' })).toBe(
      'virtio-balloon (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)',
    );
    expect(vqLabel({ vdev: '0x564849ec28a0', vq: '0x7f73dfe85140' })).toBe('vdev 0x…28a0 · vq 0x7f73dfe85140');
    expect(vqLabel({ vq: '0x7f73dfe85140' })).toBe('vq 0x7f73dfe85140');
  });

  it('labels rule keys from the event the trace joined them on, and leaves other keys as describeKey does', () => {
    const t = ingestText(
      [
        'virtio_set_status vdev 0x564849ec28a0 val 15',
        'virtio_rng_popped rng 0x564849ec28a0: elem popped',
        'virtio_queue_notify vdev 0x564849ec28a0 n 2 vq 0x7f73dfe85140',
        'virtqueue_pop vq 0x7f73dfe85140 elem 0x7f00 in_num 1 out_num 0',
        '',
      ].join('\n'),
      { fileName: 'q.log' },
    ).trace;
    expect(keyLabel({ vdev: '0x564849ec28a0' }, deviceContextAt(t, 0))).toBe('virtio-rng (vdev 0x564849ec28a0)');
    expect(keyLabel({ vq: '0x7f73dfe85140' }, deviceContextAt(t, 3))).toBe('virtio-rng (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)');
    expect(keyLabel({ vdev: '0x564849ec28a0', vq: '0x7f73dfe85140' }, deviceContextAt(t, 3))).toBe(
      'virtio-rng (vdev 0x564849ec28a0) vq 2 (0x7f73dfe85140)',
    );
    expect(keyLabel({ elem: '0x7f00' }, deviceContextAt(t, 3))).toBe('elem 0x7f00');
    expect(keyLabel({ stream: '0', buffer: '1' }, {})).toBe('stream #0 buffer #1');
    expect(keyLabel({ vdev: '0x5500' }, { vdev: '0x6600', device: 'virtio-blk' })).toBe('vdev 0x5500');
  });
});
