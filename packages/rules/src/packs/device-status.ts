/**
 * Built-in pack: device status, initialization and reset, on QEMU's
 * `virtio_set_status vdev V val N` trace events (val carries the bits) and the
 * queue events of the same device (`vdev` joined onto virtqueue_pop/fill/flush
 * on QEMU traces).
 *
 * QEMU traces virtio_set_status on entry, and writes status itself twice:
 * virtio_reset() writes 0 after the guest's 0, and a PCI COMMAND write that
 * clears bus mastering writes `status & ~DRIVER_OK`. A legacy driver never sets
 * FEATURES_OK and may use the device before DRIVER_OK (§3.1.2). The rules below
 * report only what none of these lawful cases can produce.
 */
export const deviceStatusPack = `
pack device-status 2: device status field, initialization and reset

values virtio_set_status.val bits: ACKNOWLEDGE=0x1, DRIVER=0x2, DRIVER_OK=0x4, FEATURES_OK=0x8
  DEVICE_NEEDS_RESET=0x40, FAILED=0x80

rule status-no-clear
  title: The driver never clears a device status bit except by reset
  cite: VirtIO 1.3 §2.1.1
  quote: "The driver MUST NOT clear a device status bit."
  reading: Status only gains bits until the driver writes 0 to reset the device. Clearing only DRIVER_OK is a warning, not an error: QEMU itself writes status & ~DRIVER_OK when the guest turns off PCI bus mastering, and the trace does not say who wrote it.
  severity: MUST
  checks: 2.1.1-no-clear
  per vdev
  reset on virtio_set_status[val=0]
  virtio_set_status keeps bits of val except DRIVER_OK

rule status-driver-after-acknowledge
  title: DRIVER is set only with or after ACKNOWLEDGE
  cite: VirtIO 1.3 §3.1.1
  quote: "Set the ACKNOWLEDGE status bit: the guest OS has noticed the device. Set the DRIVER status bit: the guest OS knows how to drive the device."
  reading: Every status value with DRIVER also has ACKNOWLEDGE; firmware may set both in one write (ACKNOWLEDGE causes DRIVER).
  severity: MUST
  checks: 2.1.1-set-steps, 3.1.1-init-sequence
  per vdev: virtio_set_status[val&DRIVER] subclock virtio_set_status[val&ACKNOWLEDGE]

rule status-features-ok-after-driver
  title: FEATURES_OK is set only with or after DRIVER
  cite: VirtIO 1.3 §3.1.1
  quote: "Set the FEATURES_OK status bit. The driver MUST NOT accept new feature bits after this step."
  reading: Every status value with FEATURES_OK also has DRIVER.
  severity: MUST
  checks: 2.1.1-set-steps, 3.1.1-init-sequence
  per vdev: virtio_set_status[val&FEATURES_OK] subclock virtio_set_status[val&DRIVER]

rule status-driver-ok-after-driver
  title: DRIVER_OK is set only with or after DRIVER
  cite: VirtIO 1.3 §3.1.1, §3.1.2
  quote: "Set the DRIVER_OK status bit. At this point the device is live."
  reading: Every status value with DRIVER_OK also has DRIVER; FEATURES_OK may be missing, since legacy drivers (§3.1.2) never set it.
  severity: MUST
  checks: 2.1.1-set-steps, 3.1.1-init-sequence
  per vdev: virtio_set_status[val&DRIVER_OK] subclock virtio_set_status[val&DRIVER]

rule status-failed-then-reset
  title: After FAILED the driver resets the device before initializing it again
  cite: VirtIO 1.3 §2.1.1, §3.1.1
  quote: "If the driver sets the FAILED bit, the driver MUST later reset the device before attempting to re-initialize." "The driver MUST NOT continue initialization in that case."
  reading: Once a status write has FAILED, the next status write of that device that drops FAILED is 0 (reset). Writes that keep FAILED are allowed, since QEMU's own status & ~DRIVER_OK write keeps it; bits added while FAILED stays set are not told apart from that write.
  severity: MUST
  checks: 2.1.1-failed-then-reset, 3.1.1-stop-after-failed
  per vdev
  initial working
  state working: virtio_set_status[val&FAILED] -> failed, virtio_set_status
  state failed: virtio_set_status[val=0] -> working, virtio_set_status[val&FAILED], virtio_set_status -> !working

rule status-no-kick-before-driver-ok
  title: No available buffer notification before DRIVER_OK
  cite: VirtIO 1.3 §3.1.1
  quote: "The driver MUST NOT send any buffer available notifications to the device before setting DRIVER_OK."
  reading: A kick (virtio_queue_notify) is reported after FEATURES_OK is set without DRIVER_OK (only a driver that negotiated VERSION_1 sets FEATURES_OK), and between a reset (status 0) and the next status write. Before FEATURES_OK a legacy driver may use the device (§3.1.2), and after a status write that drops DRIVER_OK, IOThread polling (fact 3) and QEMU's own status & ~DRIVER_OK write make kicks undecidable; neither is reported.
  severity: MUST
  checks: 3.1.1-no-kick-before-driver-ok
  per vdev
  initial unknown
  state unknown: virtio_set_status[val=0] -> reset, virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status[val&FEATURES_OK] -> features_ok, virtio_set_status -> early, virtio_queue_notify
  state reset: virtio_set_status[val=0], virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status[val&FEATURES_OK] -> features_ok, virtio_set_status -> early
  state early: virtio_set_status[val=0] -> reset, virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status[val&FEATURES_OK] -> features_ok, virtio_set_status, virtio_queue_notify
  state features_ok: virtio_set_status[val=0] -> reset, virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status
  state live: virtio_set_status[val=0] -> reset, virtio_set_status[val&DRIVER_OK], virtio_set_status -> unknown, virtio_queue_notify

rule status-no-used-before-driver-ok
  title: The device neither consumes buffers nor notifies before DRIVER_OK
  cite: VirtIO 1.3 §2.1.2
  quote: "The device MUST NOT consume buffers or send any used buffer notifications to the driver before DRIVER_OK."
  reading: After FEATURES_OK and before DRIVER_OK, the device pops, fills or flushes no queue element and sends no used buffer notification, unless the driver kicked first (that kick is the driver's breach, reported by status-no-kick-before-driver-ok, and QEMU serving it is not reported again). The first offending queue event is reported, the rest of that breach is not. Before FEATURES_OK a legacy driver may use the device (§3.1.2); after a reset, device activity is status-quiet-after-reset's.
  severity: MUST
  checks: 2.1.2-no-consume-before-driver-ok
  per vdev
  initial unknown
  state unknown: virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status[val&FEATURES_OK] -> features_ok, virtio_set_status -> other, virtqueue_pop | virtqueue_fill | virtqueue_flush | virtio_notify | virtio_notify_irqfd, virtio_queue_notify
  state other: virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status[val&FEATURES_OK] -> features_ok, virtio_set_status, virtqueue_pop | virtqueue_fill | virtqueue_flush | virtio_notify | virtio_notify_irqfd, virtio_queue_notify
  state features_ok: virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status[val&FEATURES_OK], virtio_set_status -> other, virtio_queue_notify -> kicked, virtqueue_pop | virtqueue_fill | virtqueue_flush | virtio_notify | virtio_notify_irqfd -> !kicked
  state kicked: virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status[val&FEATURES_OK], virtio_set_status -> other, virtio_queue_notify, virtqueue_pop | virtqueue_fill | virtqueue_flush | virtio_notify | virtio_notify_irqfd
  state live: virtio_set_status[val&DRIVER_OK], virtio_set_status -> other, virtio_queue_notify, virtqueue_pop | virtqueue_fill | virtqueue_flush | virtio_notify | virtio_notify_irqfd

rule status-quiet-after-reset
  title: After a reset the device leaves its queues alone until the driver initializes it again
  cite: VirtIO 1.3 §2.4.1
  quote: "A device MUST NOT send notifications or interact with the queues after indicating completion of the reset by reinitializing device status to 0, until the driver re-initializes the device."
  reading: Between a status write of 0 and the next nonzero status write of the same device, no virtqueue_pop, virtqueue_fill, virtqueue_flush or used buffer notification of that device comes. The first offending event is reported; the others of the same breach are not. A driver kick in that window is status-no-kick-before-driver-ok's breach, and the device serving it is not reported again.
  severity: MUST
  checks: 2.4.1-quiet-after-reset
  per vdev
  initial running
  state running: virtio_set_status[val=0] -> reset, virtio_set_status, virtio_queue_notify, virtqueue_pop | virtqueue_fill | virtqueue_flush | virtio_notify | virtio_notify_irqfd
  state reset: virtio_set_status[val=0], virtio_set_status -> running, virtio_queue_notify -> noisy, virtqueue_pop | virtqueue_fill | virtqueue_flush | virtio_notify | virtio_notify_irqfd -> !noisy
  state noisy: virtio_set_status[val=0] -> reset, virtio_set_status -> running, virtio_queue_notify, virtqueue_pop | virtqueue_fill | virtqueue_flush | virtio_notify | virtio_notify_irqfd
`;
