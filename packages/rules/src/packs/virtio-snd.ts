/** Built-in pack: virtio-snd driver and device (VirtIO 1.2/1.3 §5.14). */
export const virtioSndPack = `
pack virtio-snd 1: virtio-snd buffer ownership and PCM stream lifecycle

rule snd-buffer-ownership
  title: A buffer's position is reported only after the device returned it
  cite: VirtIO 1.3 §3.3.1, §2.7.13.3
  quote: "A driver MUST NOT alter virtqueue entries for exposed buffers, i.e., buffers which have been made available to the device (and not been used by the device) of a live virtqueue." "The device MAY access the descriptor chains the driver created and the memory they refer to immediately."
  reading: A buffer added to the available ring belongs to the device until it comes back used; reporting its position to ALSA earlier hands it back to the application for rewriting while the device may still read it.
  severity: MUST
  checks: 3.3.1-no-alter-exposed
  per stream, buffer
  initial free
  final free, driver
  state free: virtsnd_pcm_msg_send -> device, virtsnd_pcm_pointer
  state device: virtsnd_pcm_msg_complete -> driver
  state driver: virtsnd_pcm_msg_send -> device, virtsnd_pcm_pointer

rule snd-pcm-lifecycle
  title: PCM commands follow the stream command lifecycle
  cite: VirtIO 1.3 §5.14.6.6.1
  quote: "START — The device starts the stream (unmute, putting into running state, etc). Possible valid transitions: stop."
  reading: After SET_PARAMS come SET_PARAMS or PREPARE; after PREPARE any of SET_PARAMS, PREPARE, START, RELEASE; after START only STOP; after STOP START or RELEASE; after RELEASE SET_PARAMS or PREPARE. Read from the driver's messages (pcm_*) or QEMU's device trace (virtio_snd_handle_pcm_*). A stream's state is unknown until its first command, since a trace may start mid-session, and QEMU prints PREPARE without its stream (virtio_snd_handle_code … == VIRTIO_SND_R_PCM_PREPARE), so such a PREPARE makes every stream's state unknown again. The lifecycle has no MUST sentence: the rule cites no statement.
  severity: MUST
  per stream
  reset on virtio_snd_handle_code[code=VIRTIO_SND_R_PCM_PREPARE]
  initial unknown
  state unknown: pcm_set_params | virtio_snd_handle_pcm_set_params -> set_params, pcm_prepare -> prepared, pcm_start | virtio_snd_handle_pcm_start_stop[code=VIRTIO_SND_R_PCM_START] -> started, pcm_stop | virtio_snd_handle_pcm_start_stop[code=VIRTIO_SND_R_PCM_STOP] -> stopped, pcm_release | virtio_snd_handle_pcm_release -> released
  state released: pcm_set_params | virtio_snd_handle_pcm_set_params -> set_params, pcm_prepare -> prepared
  state set_params: pcm_set_params | virtio_snd_handle_pcm_set_params -> set_params, pcm_prepare -> prepared
  state prepared: pcm_set_params | virtio_snd_handle_pcm_set_params -> set_params, pcm_prepare -> prepared, pcm_start | virtio_snd_handle_pcm_start_stop[code=VIRTIO_SND_R_PCM_START] -> started, pcm_release | virtio_snd_handle_pcm_release -> released
  state started: pcm_stop | virtio_snd_handle_pcm_start_stop[code=VIRTIO_SND_R_PCM_STOP] -> stopped
  state stopped: pcm_start | virtio_snd_handle_pcm_start_stop[code=VIRTIO_SND_R_PCM_START] -> started, pcm_release | virtio_snd_handle_pcm_release -> released

rule snd-release-after-io
  title: A stream is released only after all its pending I/O messages completed
  cite: VirtIO 1.3 §5.14.6.6.5.1
  quote: "The device MUST NOT complete the control request while there are pending I/O messages for the specified stream ID."
  reading: Every I/O message the driver queued on a stream has come back used before the RELEASE request of that stream completes.
  severity: MUST
  checks: 5.14.6.6.5.1-release-after-io, 5.14.6.6.5.1-complete-pending-io
  per stream: virtsnd_pcm_msg_send matched by virtsnd_pcm_msg_complete before pcm_release
`;

/** Buffer directions per virtio-snd queue (0 control, 1 event, 2 tx, 3 rx), on QEMU's joined virtqueue_pop events. */
export const virtioSndQueuesPack = `
pack virtio-snd-queues 1: virtio-snd buffer directions per queue

rule snd-event-queue-writable-only
  title: The event queue gets only device-writable buffers
  cite: VirtIO 1.3 §5.14.5.1
  quote: "The driver MUST NOT put a device-readable buffers in the event queue."
  reading: Every element popped from queue 1 of a virtio-snd device has out_num 0. The queue index comes from virtio_queue_notify n and the device type from QEMU's virtio_snd_* events; pops whose device or queue the trace does not name are not checked.
  severity: MUST
  checks: 5.14.5.1-no-readable-in-event-queue
  virtqueue_pop[device=virtio-snd, queue=1] excludes virtqueue_pop[out_num!=0]

rule snd-tx-no-device-writable-data
  title: A tx I/O message has no device-writable part but its status
  cite: VirtIO 1.3 §5.14.6.8.1.2
  quote: "The driver MUST NOT place device-writable buffers into the tx queue."
  reading: Every element popped from queue 2 (tx) of a virtio-snd device has at most one device-writable descriptor (in_num ≤ 1): the virtio_snd_pcm_status the device writes back. A status split over several descriptors would be misread; Linux uses one.
  severity: MUST
  checks: 5.14.6.8.1.2-no-writable-in-tx
  virtqueue_pop[device=virtio-snd, queue=2] excludes virtqueue_pop[in_num>1]

rule snd-rx-no-device-readable-data
  title: An rx I/O message has no device-readable part but its header
  cite: VirtIO 1.3 §5.14.6.8.2.2
  quote: "The driver MUST NOT place device-readable buffers into the rx queue."
  reading: Every element popped from queue 3 (rx) of a virtio-snd device has at most one device-readable descriptor (out_num ≤ 1): the virtio_snd_pcm_xfer header. A header split over several descriptors would be misread; Linux uses one.
  severity: MUST
  checks: 5.14.6.8.2.2-no-readable-in-rx
  virtqueue_pop[device=virtio-snd, queue=3] excludes virtqueue_pop[out_num>1]
`;
