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

const w = (req: number, flags = '0x1') => `vhost_user_write req:${req} flags:${flags}`;
const r = (req: number) => `vhost_user_read req:${req} flags:0x5`;
/** QEMU 7.2's vhost-user-blk front-end at start-up, as in packages/rules/fixtures/qemu/vhost-user-blk-frontend.log. */
const vuInit = [
  w(1),
  r(1),
  w(15),
  r(15),
  w(16),
  w(17),
  r(17),
  w(36),
  r(36),
  w(21, '0x9'),
  r(21),
  w(3),
  w(1),
  r(1),
  w(13),
  w(14),
  w(24),
  r(24),
];
const without = (lines: string[], k: number) => lines.filter((_, i) => i !== k);

/** virtio-rng over PCI, as in packages/rules/fixtures/qemu/virtio-rng-pci.log. */
const RNG = '0x563a47f4e5a0';
const RVQ = '0x7fda372d8010';
const rngStatus = (val: number) => `virtio_set_status vdev ${RNG} val ${val}`;
const rngRequest = (outNum: number, len: number) => [
  `virtio_queue_notify vdev ${RNG} n 0 vq ${RVQ}`,
  `virtio_rng_request rng ${RNG}: 64 bytes requested, 4294967295 bytes quota left`,
  `virtqueue_alloc_element elem 0x563a47141510 size 56 in_num 1 out_num ${outNum}`,
  `virtqueue_pop vq ${RVQ} elem 0x563a47141510 in_num 1 out_num ${outNum}`,
  `virtio_rng_popped rng ${RNG}: elem popped`,
  `virtqueue_fill vq ${RVQ} elem 0x563a47141510 len ${len} idx 0`,
  `virtqueue_flush vq ${RVQ} count 1`,
  `virtio_rng_pushed rng ${RNG}: ${len} bytes pushed`,
  `virtio_notify vdev ${RNG} vq ${RVQ}`,
];
const rngInit = [rngStatus(0), rngStatus(1), rngStatus(3), rngStatus(11), rngStatus(15)];

/** virtio-serial control messages, as in packages/rules/fixtures/qemu/virtio-serial-port-open-close.log. */
const send = (port: number, event: number, value = 1) => `virtio_serial_send_control_event port ${port}, event ${event}, value ${value}`;
const handled = (event: number, value: number, port?: number) =>
  port === undefined
    ? [`virtio_serial_handle_control_message event ${event}, value ${value}`]
    : [`virtio_serial_handle_control_message event ${event}, value ${value}`, `virtio_serial_handle_control_message_port port ${port}`];
const consoleSession = [send(1, 6), send(1, 1), ...handled(0, 1), send(1, 1), ...handled(3, 1, 1), send(1, 4), ...handled(6, 1, 1)];

/** virtio-mmio (version 2) register traffic of one device's set-up, queue reset and queue stop. */
const mw = (offset: number, value: number) =>
  `virtio_mmio_write_offset virtio_mmio_write offset 0x${offset.toString(16)} value 0x${value.toString(16)}`;
const mr = (offset: number) => `virtio_mmio_read virtio_mmio_read offset 0x${offset.toString(16)}`;
const mmioProbe = [mr(0x0), mr(0x4), mr(0x8), mr(0xc), mw(0x70, 0), mw(0x70, 1), mw(0x70, 3)];
const mmioFeatures = [
  mw(0x14, 0),
  mr(0x10),
  mw(0x14, 1),
  mr(0x10),
  mw(0x24, 0),
  mw(0x20, 0x30006e54),
  mw(0x24, 1),
  mw(0x20, 1),
  mw(0x70, 0xb),
];
const mmioQueue = [
  mw(0x30, 0),
  mr(0x44),
  mr(0x34),
  mw(0x38, 0x100),
  mw(0x80, 0x2530000),
  mw(0x84, 0),
  mw(0x90, 0x2531000),
  mw(0x94, 0),
  mw(0xa0, 0x2532000),
  mw(0xa4, 0),
  mw(0x44, 1),
];
const mmioLive = [mw(0x70, 0xf), mw(0x50, 0)];
const mmioQueueReset = [mw(0x30, 0), mw(0xc0, 1), mr(0xc0), mw(0x38, 0x100), mw(0x80, 0x2540000), mw(0x84, 0), mw(0x44, 1)];
const mmioQueueStop = [mw(0x30, 0), mw(0x44, 0), mr(0x44), mw(0x70, 0)];
const mmioRun = [...mmioProbe, ...mmioFeatures, ...mmioQueue, ...mmioLive, ...mmioQueueReset, ...mmioQueueStop];
const mmioAt = (lines: string[]) => mmioRun.indexOf(lines[0]);

/** virtio-snd: a get_config names the device, queue_notify names the queue of each vq. */
const SND = '0x55d0c8b00000';
const sndPop = (queue: number, inNum: number, outNum: number) => [
  `virtio_queue_notify vdev ${SND} n ${queue} vq 0x7f10000${queue}00`,
  `virtqueue_pop vq 0x7f10000${queue}00 elem 0x563a4714${queue}510 in_num ${inNum} out_num ${outNum}`,
];
const sndInit = [
  `virtio_snd_get_config snd ${SND}: get_config jacks=0 streams=2 chmaps=2`,
  ...[0, 1, 3, 11, 15].map((v) => `virtio_set_status vdev ${SND} val ${v}`),
];

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

  {
    statements: ['vu-replies-required', 'vu-reply-ack', 'vu-suspended-reply', 'vu-20-respond', 'vu-21-respond', 'vu-22-acknowledge'],
    title: 'SET_BACKEND_REQ_FD sent with NEED_REPLY gets no reply before SET_OWNER',
    valid: vuInit,
    invalid: without(vuInit, 10),
    findings: [{ rule: 'vu-fe-reply-before-next-request', line: 11, says: 'SET_OWNER' }],
  },
  {
    statements: ['vu-15-before-set-features'],
    title: 'GET_PROTOCOL_FEATURES, sent before SET_FEATURES, gets no reply',
    valid: vuInit,
    invalid: without(vuInit, 3),
    findings: [{ rule: 'vu-fe-reply-before-next-request', line: 4, says: 'SET_PROTOCOL_FEATURES' }],
  },
  {
    statements: ['vu-15-only-if-pf'],
    title: 'GET_PROTOCOL_FEATURES before any GET_FEATURES',
    valid: vuInit,
    invalid: [w(15), r(15), w(1), r(1), w(16)],
    findings: [{ rule: 'vu-fe-get-protocol-features-after-get-features', line: 1, says: 'GET_PROTOCOL_FEATURES' }],
  },
  {
    statements: ['vu-16-only-if-pf'],
    title: 'SET_PROTOCOL_FEATURES before GET_PROTOCOL_FEATURES',
    valid: vuInit,
    invalid: [w(1), r(1), w(16), w(15), r(15)],
    findings: [{ rule: 'vu-fe-set-protocol-features-after-get', line: 3, says: 'SET_PROTOCOL_FEATURES' }],
  },
  {
    statements: [
      'vu-17-only-if-mq',
      'vu-18-only-if-pf',
      'vu-19-only-if-rarp',
      'vu-20-only-if-mtu',
      'vu-21-only-if-backend-req',
      'vu-22-only-if-iommu',
      'vu-23-only-if-cross-endian',
      'vu-26-only-if-crypto',
      'vu-27-only-if-crypto',
      'vu-34-only-if-reset-device',
      'vu-42-only-if-device-state',
      'vu-43-only-if-device-state',
    ],
    title: 'GET_QUEUE_NUM, SET_BACKEND_REQ_FD and the rest with no SET_PROTOCOL_FEATURES sent (reported once)',
    valid: [...vuInit, w(2), w(18), w(19), w(20, '0x9'), r(20), w(22, '0x9'), r(22), w(23), w(34), w(42), r(42), w(43), r(43)],
    invalid: without(vuInit, 4),
    findings: [{ rule: 'vu-fe-protocol-feature-gates', line: 5, says: 'GET_QUEUE_NUM' }],
  },
  {
    statements: ['vu-29-after-advise'],
    title: 'POSTCOPY_LISTEN without POSTCOPY_ADVISE',
    valid: [...vuInit, w(28), r(28), w(29), w(30, '0x9'), r(30)],
    invalid: [...vuInit, w(29)],
    findings: [{ rule: 'vu-fe-postcopy-listen-after-advise', line: 19, says: 'POSTCOPY_LISTEN' }],
  },
  {
    statements: ['vu-30-after-listen'],
    title: 'POSTCOPY_END without POSTCOPY_LISTEN',
    valid: [...vuInit, w(28), r(28), w(29), w(30, '0x9'), r(30)],
    invalid: [...vuInit, w(28), r(28), w(30, '0x9'), r(30)],
    findings: [{ rule: 'vu-fe-postcopy-end-after-listen', line: 21, says: 'POSTCOPY_END' }],
  },
  {
    statements: ['vu-43-after-42'],
    title: 'CHECK_DEVICE_STATE without SET_DEVICE_STATE_FD',
    valid: [...vuInit, w(42), r(42), w(43), r(43)],
    invalid: [...vuInit, w(43), r(43)],
    findings: [{ rule: 'vu-fe-check-device-state-after-transfer', line: 19, says: 'CHECK_DEVICE_STATE' }],
  },

  {
    statements: ['5.4.6.1-no-readable'],
    title: 'a device-readable buffer in the entropy queue',
    valid: [...rngInit, ...rngRequest(0, 64), ...rngRequest(0, 64)],
    invalid: [...rngInit, ...rngRequest(0, 64), ...rngRequest(1, 64)],
    findings: [{ rule: 'rng-no-device-readable-buffer', line: 18 }],
  },
  {
    statements: ['5.4.6.2-at-least-one-byte'],
    title: 'an entropy buffer returned with no byte in it',
    valid: [...rngInit, ...rngRequest(0, 64)],
    invalid: [...rngInit, ...without(rngRequest(0, 0), 7)],
    findings: [{ rule: 'rng-at-least-one-byte', line: 11 }],
  },
  {
    statements: ['5.3.6.2.1-add-new-port'],
    title: 'DEVICE_ADD for a port the driver already has (the ADD before DEVICE_READY is lawful)',
    valid: consoleSession,
    invalid: [...consoleSession, send(1, 1)],
    findings: [{ rule: 'console-port-add-remove', line: 10, says: 'DEVICE_ADD' }],
  },
  {
    statements: ['5.3.6.2.1-remove-added-port'],
    title: 'DEVICE_REMOVE for a port never added',
    valid: [...consoleSession, send(1, 2)],
    invalid: [...consoleSession, send(2, 2)],
    findings: [{ rule: 'console-port-add-remove', line: 10, says: 'DEVICE_REMOVE' }],
  },
  {
    statements: ['5.3.6.2.2-port-open-reply'],
    title: 'CONSOLE_PORT answered with PORT_OPEN value 0',
    valid: consoleSession,
    invalid: [...without(without(consoleSession, 7), 7), ...handled(6, 0, 1)],
    findings: [{ rule: 'console-port-open-after-console-port', line: 8, severity: 'warning', says: 'PORT_OPEN' }],
  },
  {
    statements: ['4.1.5.2.1-notify-16-bit'],
    title: 'a one-byte write to the notify BAR',
    valid: [...init, 'virtio_pci_notify_write 0x8 = 0x2 (2)', `virtio_queue_notify ${V} n 2 vq 0x55d0c8a1b2c0`],
    invalid: [...init, 'virtio_pci_notify_write 0x8 = 0x2 (1)', `virtio_queue_notify ${V} n 2 vq 0x55d0c8a1b2c0`],
    findings: [{ rule: 'pci-notify-width', line: 6 }],
  },
  {
    statements: ['4.1.5.2.1-notify-value'],
    title: 'a notification of queue 2 that writes 3',
    valid: [...init, 'virtio_pci_notify_write 0x8 = 0x2 (2)', `virtio_queue_notify ${V} n 2 vq 0x55d0c8a1b2c0`],
    invalid: [...init, 'virtio_pci_notify_write 0x8 = 0x3 (2)', `virtio_queue_notify ${V} n 2 vq 0x55d0c8a1b2c0`],
    findings: [{ rule: 'pci-notify-value', line: 6 }],
  },
  {
    statements: ['4.2.2.2-no-read-only-writes'],
    title: 'a write to QueueSizeMax',
    valid: mmioRun,
    invalid: [...mmioProbe, ...mmioFeatures, mw(0x30, 0), mw(0x34, 0x100)],
    findings: [{ rule: 'mmio-register-direction', line: 18, says: 'QueueSizeMax' }],
  },
  {
    statements: ['4.2.2.2-select-before-device-features'],
    title: 'DeviceFeatures read before any DeviceFeaturesSel write',
    valid: mmioRun,
    invalid: without(mmioRun, mmioAt(mmioFeatures)),
    findings: [{ rule: 'mmio-device-features-select-first', line: 8, says: 'DeviceFeatures' }],
  },
  {
    statements: ['4.2.2.2-select-before-driver-features'],
    title: 'DriverFeatures written before any DriverFeaturesSel write',
    valid: mmioRun,
    invalid: without(mmioRun, mmioAt(mmioFeatures) + 4),
    findings: [{ rule: 'mmio-driver-features-select-first', line: 12, says: 'DriverFeatures' }],
  },
  {
    statements: ['4.2.2.2-no-queue-setup-when-ready'],
    title: 'QueueSize written while the queue is ready',
    valid: mmioRun,
    invalid: [...mmioProbe, ...mmioFeatures, ...mmioQueue, mw(0x38, 0x80)],
    findings: [{ rule: 'mmio-no-queue-setup-when-ready', line: 28, says: 'QueueSize' }],
  },
  {
    statements: ['4.2.2.2-stop-queue-read-back'],
    title: 'QueueReady written 0 and not read back before the next write',
    valid: mmioRun,
    invalid: without(mmioRun, mmioRun.length - 2),
    findings: [{ rule: 'mmio-stop-queue-read-back', line: 39, says: 'Status' }],
  },
  {
    statements: ['2.6.1.2.2-configure-before-reenable'],
    title: 'a reset queue enabled again without being configured',
    valid: mmioRun,
    invalid: [...mmioProbe, ...mmioFeatures, ...mmioQueue, ...mmioLive, mw(0x30, 0), mw(0xc0, 1), mr(0xc0), mw(0x44, 1)],
    findings: [{ rule: 'mmio-configure-before-reenable', line: 33, says: 'QueueReady' }],
  },
  {
    statements: ['5.14.5.1-no-readable-in-event-queue'],
    title: 'a device-readable buffer in the virtio-snd event queue',
    valid: [...sndInit, ...sndPop(1, 1, 0)],
    invalid: [...sndInit, ...sndPop(1, 1, 1)],
    findings: [{ rule: 'snd-event-queue-writable-only', line: 8 }],
  },
  {
    statements: ['5.14.6.8.1.2-no-writable-in-tx'],
    title: 'a device-writable data buffer in the virtio-snd tx queue',
    valid: [...sndInit, ...sndPop(2, 1, 2)],
    invalid: [...sndInit, ...sndPop(2, 2, 2)],
    findings: [{ rule: 'snd-tx-no-device-writable-data', line: 8 }],
  },
  {
    statements: ['5.14.6.8.2.2-no-readable-in-rx'],
    title: 'a device-readable data buffer in the virtio-snd rx queue',
    valid: [...sndInit, ...sndPop(3, 2, 1)],
    invalid: [...sndInit, ...sndPop(3, 2, 2)],
    findings: [{ rule: 'snd-rx-no-device-readable-data', line: 8 }],
  },

  {
    statements: ['2.4.1-quiet-after-reset'],
    title: 'the entropy device pops, fills, flushes and notifies after the driver reset it (one breach, one report)',
    valid: [
      ...rngInit,
      ...rngRequest(0, 64),
      rngStatus(0),
      rngStatus(0),
      rngStatus(1),
      rngStatus(3),
      rngStatus(11),
      rngStatus(15),
      ...rngRequest(0, 64),
    ],
    invalid: [...rngInit, ...rngRequest(0, 64), rngStatus(0), ...without(rngRequest(0, 64), 0)],
    findings: [{ rule: 'status-quiet-after-reset', line: 18 }],
  },
  {
    statements: ['2.1.2-no-consume-before-driver-ok'],
    title: 'the entropy device pops a buffer after FEATURES_OK, before DRIVER_OK, with no kick',
    valid: [...rngInit, ...rngRequest(0, 64)],
    invalid: [
      rngStatus(0),
      rngStatus(1),
      rngStatus(3),
      rngStatus(11),
      ...without(rngRequest(0, 64), 0),
      rngStatus(15),
      ...rngRequest(0, 64),
    ],
    findings: [{ rule: 'status-no-used-before-driver-ok', line: 7 }],
  },

  {
    statements: ['3.1.1-no-features-after-features-ok'],
    title: 'DriverFeatures written on virtio-mmio after FEATURES_OK',
    valid: mmioRun,
    invalid: [...mmioProbe, ...mmioFeatures, mw(0x24, 0), mw(0x20, 0x30006e54)],
    findings: [{ rule: 'mmio-no-features-after-features-ok', line: 18, says: 'DriverFeatures' }],
  },
  {
    statements: ['3.1.1-no-config-write-before-features-ok'],
    title: 'device configuration written on virtio-mmio before FEATURES_OK',
    valid: [...mmioProbe, ...mmioFeatures, mw(0x100, 1), ...mmioQueue, ...mmioLive],
    invalid: [...mmioProbe, mw(0x100, 1), ...mmioFeatures],
    findings: [{ rule: 'mmio-no-config-write-before-features-ok', line: 8, severity: 'warning' }],
  },

  {
    statements: ['3.1.1-no-kick-before-driver-ok'],
    title:
      'the driver kicks the entropy queue after resetting the device: the kick is the breach, the device serving it is not reported again',
    valid: [...rngInit, ...rngRequest(0, 64)],
    invalid: [...rngInit, ...rngRequest(0, 64), rngStatus(0), ...rngRequest(0, 64)],
    findings: [{ rule: 'status-no-kick-before-driver-ok', line: 16 }],
  },
];
