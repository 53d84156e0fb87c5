/**
 * Built-in pack: the driver's side of a split virtqueue, on the guest probe kit's
 * kprobe events (`vqscope probes`): `vq_add vq dev queue token out in`, `vq_kick vq dev
 * queue`, `vq_interrupt`, `vq_get_buf token` (its queue joined from `vq_get_buf_entry`),
 * `vdev_status dev status`; `dev` is the N of virtioN (a capture with `vdev` pointers
 * instead keys by those). The queue pointers are
 * guest kernel addresses: every rule is per guest `vq`, never matched to QEMU's
 * pointers here (the host-guest pack does that on merged traces).
 */
export const virtioRingGuestPack = `
pack virtio-ring-guest 1: the driver's side of a virtqueue on the guest probe kit's events

values vdev_status.status bits: ACKNOWLEDGE=0x1, DRIVER=0x2, DRIVER_OK=0x4, FEATURES_OK=0x8
  DEVICE_NEEDS_RESET=0x40, FAILED=0x80

rule guest-token-once
  title: A buffer is handed to the device once and returned once
  cite: VirtIO 1.3 §2.7.13, §2.7.14
  quote: "The driver places the buffer into free descriptor(s) in the descriptor table, chaining as necessary, and places the index of the head of the descriptor chain into the next ring entry of the available ring." "Once the device has used buffers referred to by a descriptor (read from or written to them, or parts of them), it sends a used buffer notification to the driver."
  reading: Each token (the driver's cookie for a buffer) added to a queue comes back from virtqueue_get_buf once before it is added again; a token returned that was never added, or added twice without coming back, breaks the ownership hand-over. A device reset (status 0) clears every queue, since the driver then detaches unused buffers without getting them back. The trace shows the add and the return the driver saw, not the ring itself: an add that failed (-ENOSPC) still shows as vq_add when the probe sits at the function's entry.
  severity: MUST
  per vq, token
  reset on vdev_status[status=0]
  vq_add alternates vq_get_buf[token!=0]

rule guest-no-kick-before-driver-ok
  title: No queue of a device is kicked before the device has DRIVER_OK
  cite: VirtIO 1.3 §3.1.1
  quote: "The driver MUST NOT send any buffer available notifications to the device before setting DRIVER_OK."
  reading: A kick (available buffer notification) of a queue comes only while its device's status has DRIVER_OK. Checked once the trace has shown a vdev_status of the kick's device (a capture that starts later says nothing of the status before), and where the kick shows its device (dev on vq_kick, or on any event of the same vq); a kick whose device the trace does not show is not checked.
  severity: MUST
  per dev
  initial unseen
  state unseen: vdev_status[status&DRIVER_OK] -> live, vdev_status -> not_live, vq_kick[dev?]
  state not_live: vdev_status[status&DRIVER_OK] -> live, vdev_status
  state live: vdev_status[status&DRIVER_OK], vdev_status -> not_live, vq_kick[dev?]

rule guest-used-len-within-writable
  title: A returned length never exceeds the part of the buffer the device may write
  cite: VirtIO 1.3 §2.7.8, §2.7.8.2, §2.7.5.1
  quote: "len: the total of bytes written into the buffer." "The device MUST write at least len bytes to descriptor, beginning at the first device-writable buffer, prior to updating the used idx." "A device MUST NOT write to a device-readable buffer"
  reading: The used length counts bytes the device wrote into the buffer's device-writable part, so a buffer the driver gave with no writable part (in=0 scatterlists) comes back with length 0. The kit captures counts of scatterlists, not bytes: a length larger than a non-empty writable part is beyond what the trace shows. add_in is the in count of the vq_add that handed the returned token.
  severity: MUST
  per vq: vq_get_buf[add_in=0] excludes vq_get_buf[len>0]
`;
