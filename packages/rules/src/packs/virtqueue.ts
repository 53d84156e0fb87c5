/** Built-in pack: split virtqueue element life, on QEMU's virtqueue_* trace events. */
export const virtqueuePack = `
pack virtqueue 1: virtqueue element life on QEMU trace events

rule vq-pop-then-fill
  title: A popped element is used (filled) once before it is popped again
  cite: VirtIO 1.3 §2.7.8, §2.7.13.3
  quote: "Once the device has used buffers referred to by a descriptor (read from or written to them, or parts of them), it sends a used buffer notification to the driver."
  reading: The device takes an available descriptor chain (virtqueue_pop) and returns it exactly once in the used ring (virtqueue_fill) before the same element can be taken again.
  severity: MUST
  per elem: virtqueue_pop alternates virtqueue_fill

rule vq-fill-before-flush
  title: Used elements are written before the used index is published
  cite: VirtIO 1.3 §2.7.8.2
  quote: "The device MUST set len prior to updating the used idx."
  reading: A used-ring flush (virtqueue_flush) of a queue is preceded by at least one fill of that queue.
  severity: MUST
  checks: 2.7.8.2-len-before-used-idx
  per vq
  initial clean
  state clean: virtqueue_fill -> filled
  state filled: virtqueue_fill, virtqueue_flush -> clean

rule vq-used-notification-suppression
  title: The device notifies exactly when used_event asks for it
  cite: VirtIO 1.3 §2.7.7.2
  quote: "If the idx field in the used ring (which determined where that descriptor index was placed) was equal to used_event, the device MUST send a notification. Otherwise the device SHOULD NOT send a notification."
  reading: With VIRTIO_F_EVENT_IDX, after moving the used idx from old to new the device notifies iff (u16)(new - used_event - 1) < (u16)(new - old); a missing notification is an error, an extra one a warning. Checked only where the trace carries used_event, new_idx and old_idx: stock QEMU prints none of them (virtqueue_flush has vq and count only, and virtio_notify is traced only after virtio_should_notify() said yes), so on stock QEMU traces this rule never fires; it needs a QEMU patched to print the three values on virtqueue_flush.
  severity: MUST
  checks: 2.7.7.2-notify-at-used-event, 2.7.7.2-no-notify-otherwise
  per vq: virtqueue_flush[used_event?] needs virtio_notify | virtio_notify_irqfd if vring_need_event(used_event, new_idx, old_idx)
`;
