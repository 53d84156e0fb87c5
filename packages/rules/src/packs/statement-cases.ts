/**
 * One valid and one invalid trace per spec statement a built-in rule checks,
 * written as the tools print them (QEMU `log` backend with `-msg
 * timestamp=on`). statement-cases.test.ts runs every case through the packs
 * the CLI would pick and demands that the valid trace gives no finding and the
 * invalid one exactly the findings listed; it also fails when a statement some
 * rule cites has no case here.
 */

export interface Finding {
  rule: string;
  line: number;
  severity?: 'error' | 'warning';
  /** A piece of the message, when the message itself is the point (names of requests or bits). */
  says?: string;
}

export interface StatementCase {
  statements: string[];
  title: string;
  /** Lines as they are (a guest-kernel or back-end log), not QEMU events to stamp. */
  raw?: boolean;
  valid: string[];
  invalid: string[];
  findings: Finding[];
}

const TID = 4242;
/** QEMU log lines with increasing timestamps; `# …` lines are dropped. */
export function qemuLog(lines: string[]): string {
  return `${lines
    .filter((l) => !l.startsWith('#'))
    .map((l, i) => `${TID}@1700000000.${String(100 * (i + 1)).padStart(6, '0')}:${l}`)
    .join('\n')}\n`;
}

const V = 'vdev 0x55d0c8a1a000';
const status = (val: number) => `virtio_set_status ${V} val ${val}`;
const init = [status(0), status(1), status(3), status(11), status(15)];

const vu = (i: number, event: string, rest = '') =>
  `2023-08-30T10:00:00.${String(100 * i).padStart(6, '0')}Z  INFO vhost_user_backend::handler: event="${event}" vring=0${rest}`;
const kernel = (t: string, msg: string) => `[   ${t}] ${msg}`;

export const STATEMENT_CASES: StatementCase[] = [
  {
    statements: ['2.1.1-no-clear'],
    title: 'FEATURES_OK cleared without a reset',
    valid: [...init, status(0), status(1)],
    invalid: [...init, status(7)],
    findings: [{ rule: 'status-no-clear', line: 6 }],
  },
  {
    statements: ['2.1.1-set-steps', '3.1.1-init-sequence'],
    title: 'FEATURES_OK set before DRIVER',
    valid: init,
    invalid: [status(0), status(1), status(9)],
    findings: [{ rule: 'status-features-ok-after-driver', line: 3 }],
  },
  {
    statements: ['2.1.1-failed-then-reset', '3.1.1-stop-after-failed'],
    title: 're-initialization after FAILED without a reset',
    valid: [status(0), status(1), status(3), status(131), status(0), status(1), status(3), status(11), status(15)],
    invalid: [status(0), status(1), status(3), status(131), status(1)],
    // Dropping FAILED without a reset also clears a bit, which §2.1.1 forbids on its own.
    findings: [
      { rule: 'status-no-clear', line: 5 },
      { rule: 'status-failed-then-reset', line: 5 },
    ],
  },
  {
    statements: ['3.1.1-no-kick-before-driver-ok'],
    title: 'kick after FEATURES_OK, before DRIVER_OK',
    valid: [...init, `virtio_queue_notify ${V} n 0 vq 0x55d0c8a1b2c0`],
    invalid: [status(0), status(1), status(3), status(11), `virtio_queue_notify ${V} n 0 vq 0x55d0c8a1b2c0`, status(15)],
    findings: [{ rule: 'status-no-kick-before-driver-ok', line: 5 }],
  },
  {
    statements: ['2.1.2-no-consume-before-driver-ok'],
    title: 'used buffer notification after FEATURES_OK, before DRIVER_OK, with no kick',
    valid: [...init, `virtio_notify ${V} vq 0x55d0c8a1b2c0`],
    invalid: [status(0), status(1), status(3), status(11), `virtio_notify ${V} vq 0x55d0c8a1b2c0`, status(15)],
    findings: [{ rule: 'status-no-used-before-driver-ok', line: 5 }],
  },
  {
    statements: ['2.4.1-quiet-after-reset'],
    title: 'used buffer notification between a reset and the next status write',
    valid: [...init, `virtio_notify ${V} vq 0x55d0c8a1b2c0`, status(0), status(0), status(1)],
    invalid: [...init, status(0), `virtio_notify ${V} vq 0x55d0c8a1b2c0`, status(1)],
    findings: [{ rule: 'status-quiet-after-reset', line: 7 }],
  },

  {
    statements: ['2.7.8.2-len-before-used-idx'],
    title: 'a used-ring flush with no fill since the last one',
    valid: [
      ...init,
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 len 8 idx 0',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1',
    ],
    invalid: [
      ...init,
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 len 8 idx 0',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1',
    ],
    findings: [{ rule: 'vq-fill-before-flush', line: 9 }],
  },
  {
    statements: ['2.7.7.2-notify-at-used-event'],
    title: 'no notification after the flush that reaches used_event (QEMU patched to print the indices)',
    valid: [
      status(15),
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 len 8 idx 0',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1 old_idx 0 new_idx 1 used_event 0',
      `virtio_notify ${V} vq 0x55d0c8a1b2c0`,
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003b20 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003b20 len 8 idx 1',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1 old_idx 1 new_idx 2 used_event 5',
    ],
    invalid: [
      status(15),
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 len 8 idx 0',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1 old_idx 0 new_idx 1 used_event 0',
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003b20 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003b20 len 8 idx 1',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1 old_idx 1 new_idx 2 used_event 5',
    ],
    findings: [{ rule: 'vq-used-notification-suppression', line: 7 }],
  },
  {
    statements: ['2.7.7.2-no-notify-otherwise'],
    title: 'a notification after a flush that does not reach used_event (QEMU patched to print the indices)',
    valid: [
      status(15),
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 len 8 idx 0',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1 old_idx 0 new_idx 1 used_event 0',
      `virtio_notify ${V} vq 0x55d0c8a1b2c0`,
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003b20 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003b20 len 8 idx 1',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1 old_idx 1 new_idx 2 used_event 5',
    ],
    invalid: [
      status(15),
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003a10 len 8 idx 0',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1 old_idx 0 new_idx 1 used_event 0',
      `virtio_notify ${V} vq 0x55d0c8a1b2c0`,
      'virtqueue_pop vq 0x55d0c8a1b2c0 elem 0x7f1e2c003b20 in_num 1 out_num 1',
      'virtqueue_fill vq 0x55d0c8a1b2c0 elem 0x7f1e2c003b20 len 8 idx 1',
      'virtqueue_flush vq 0x55d0c8a1b2c0 count 1 old_idx 1 new_idx 2 used_event 5',
      `virtio_notify ${V} vq 0x55d0c8a1b2c0`,
    ],
    findings: [{ rule: 'vq-used-notification-suppression', line: 9, severity: 'warning' }],
  },
  {
    statements: ['3.3.1-no-alter-exposed'],
    title: 'the driver reports a buffer position before the device returned it (guest kernel)',
    raw: true,
    valid: [
      kernel('15.611647', 'virtsnd_pcm_msg_send: adding buffer #1 to avail'),
      kernel('15.713371', 'virtsnd_pcm_msg_complete: interruption, buffer #1 at consume'),
      kernel('15.713400', 'virtsnd_pcm_pointer: return pointer to buffer #1'),
    ],
    invalid: [
      kernel('15.611647', 'virtsnd_pcm_msg_send: adding buffer #1 to avail'),
      kernel('15.612758', 'virtsnd_pcm_pointer: return pointer to buffer #1'),
      kernel('15.713371', 'virtsnd_pcm_msg_complete: interruption, buffer #1 at consume'),
    ],
    findings: [{ rule: 'snd-buffer-ownership', line: 2 }],
  },
  {
    statements: ['5.14.6.6.5.1-release-after-io', '5.14.6.6.5.1-complete-pending-io'],
    title: 'RELEASE completes while an I/O message of the stream is pending (guest kernel)',
    raw: true,
    valid: [
      kernel('12.101000', 'virtsnd_pcm_msg_send: stream #1 adding buffer #1 to avail'),
      kernel('12.201000', 'virtsnd_pcm_msg_complete: interruption, stream #1 buffer #1 at consume'),
      kernel('12.250000', 'virtio_snd virtio2: VIRTIO_SND_R_PCM_STOP stream 1'),
      kernel('12.250300', 'virtio_snd virtio2: VIRTIO_SND_R_PCM_RELEASE stream 1'),
    ],
    invalid: [
      kernel('12.101000', 'virtsnd_pcm_msg_send: stream #1 adding buffer #1 to avail'),
      kernel('12.250000', 'virtio_snd virtio2: VIRTIO_SND_R_PCM_STOP stream 1'),
      kernel('12.250300', 'virtio_snd virtio2: VIRTIO_SND_R_PCM_RELEASE stream 1'),
      kernel('12.301000', 'virtsnd_pcm_msg_complete: interruption, stream #1 buffer #1 at consume'),
    ],
    findings: [{ rule: 'snd-release-after-io', line: 3 }],
  },
  {
    statements: ['vu-ring-old-disabled-init', 'vu-ring-initial-state', 'vu-ring-enable-tracked', 'vu-ring-started-disabled'],
    title: 'a started ring handled before SET_VRING_ENABLE 1 (back-end log)',
    raw: true,
    valid: [vu(1, 'set_vring_enable', ' enable=1'), vu(2, 'set_vring_kick'), vu(3, 'handle_event')],
    invalid: [vu(1, 'set_vring_kick'), vu(2, 'handle_event'), vu(3, 'set_vring_enable', ' enable=1')],
    findings: [{ rule: 'vu-enable-before-processing', line: 2 }],
  },
  {
    statements: ['vu-ring-stopped-no-processing', 'vu-ring-start-stop'],
    title: 'a ring handled after GET_VRING_BASE stopped it (back-end log)',
    raw: true,
    valid: [
      vu(1, 'set_vring_enable', ' enable=1'),
      vu(2, 'handle_event'),
      vu(3, 'get_vring_base'),
      vu(4, 'set_vring_kick'),
      vu(5, 'handle_event'),
    ],
    invalid: [vu(1, 'set_vring_enable', ' enable=1'), vu(2, 'handle_event'), vu(3, 'get_vring_base'), vu(4, 'handle_event')],
    findings: [{ rule: 'vu-no-processing-when-stopped', line: 4 }],
  },
];
