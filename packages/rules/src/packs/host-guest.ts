/**
 * Built-in pack: rules across the two sides of a queue, on a QEMU trace merged with the
 * guest's capture of the same run (`vqscope check HOST GUEST --merge`, or two files opened
 * together). The merge names each matched queue the same on both sides (`ring`); events
 * without a ring (a single file, a queue the merge could not match) are not checked, and
 * the pack is chosen by itself only for merged traces. Cross-side order is only as good
 * as the clock fit: the merge reports its residual, and puts each paired kick before its
 * notify.
 */
export const hostGuestPack = `
pack host-guest 1: driver and device of one queue on one timeline (QEMU trace merged with the guest's)

rule hg-pop-after-kick
  title: QEMU takes buffers from a queue only after the queue was kicked
  cite: VirtIO 1.3 §2.7.13, §2.7.10
  quote: "The driver ... sends an available buffer notification to the device if such notifications are not suppressed."
  reading: Since the device's last reset, the first buffer QEMU takes from a queue (virtqueue_pop) comes after a kick of that queue: the guest's vq_kick, or a virtio_queue_notify QEMU saw (firmware kicks before the guest's capture starts). Later pops need no kick of their own, since the device may poll while it suppresses notifications (§2.7.10), which neither trace shows.
  severity: MUST
  per ring
  reset on vdev_status[status=0] | virtio_set_status[val=0]
  initial idle
  state idle: vq_kick[ring?] | virtio_queue_notify[ring?] -> kicked
  state kicked: vq_kick[ring?] | virtio_queue_notify[ring?], virtqueue_pop[ring?]

rule hg-get-after-flush
  title: The guest gets a buffer back only after QEMU flushed that queue
  cite: VirtIO 1.3 §2.7.8, §2.7.14
  quote: "The device MUST set len prior to updating the used idx." "Once the device has used buffers referred to by a descriptor (...), it sends a used buffer notification to the driver."
  reading: Since the device's last reset, a buffer the guest gets back from a queue (vq_get_buf) comes after QEMU published used entries on that queue (virtqueue_flush moves the used idx the driver reads).
  severity: MUST
  per ring
  reset on vdev_status[status=0] | virtio_set_status[val=0]
  initial unpublished
  state unpublished: virtqueue_flush[ring?] -> published
  state published: virtqueue_flush[ring?], vq_get_buf[ring?, token!=0]

rule hg-get-after-fill
  title: The guest gets back no more buffers from a queue than QEMU used on it
  cite: VirtIO 1.3 §2.7.8, §2.7.14
  quote: "The used ring is where the device returns buffers once it is done with them"
  reading: The k-th buffer the guest gets back from a queue (vq_get_buf) comes after QEMU wrote the k-th used entry of that queue (virtqueue_fill), counted since the device's last reset; a buffer the guest gets back that QEMU never used was not the device's to return.
  severity: MUST
  per ring
  reset on vdev_status[status=0] | virtio_set_status[val=0]
  virtqueue_fill[ring?] precedes vq_get_buf[ring?, token!=0]
`;
