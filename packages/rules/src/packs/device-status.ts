/**
 * Built-in pack: device status and initialization, on QEMU's
 * `virtio_set_status vdev V val N` trace events (val carries the bits).
 */
export const deviceStatusPack = `
pack device-status 1: device status field and initialization order

values virtio_set_status.val bits: ACKNOWLEDGE=0x1, DRIVER=0x2, DRIVER_OK=0x4, FEATURES_OK=0x8
  DEVICE_NEEDS_RESET=0x40, FAILED=0x80

rule status-no-clear
  title: The driver never clears a device status bit except by reset
  cite: VirtIO 1.3 §2.1.1
  quote: "The driver MUST NOT clear a device status bit."
  reading: Status only gains bits (ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK, FAILED) until the driver writes 0 to reset the device.
  severity: MUST
  per vdev
  reset on virtio_set_status[val=0]
  virtio_set_status keeps bits of val

rule status-driver-after-acknowledge
  title: DRIVER is set only with or after ACKNOWLEDGE
  cite: VirtIO 1.3 §3.1.1
  quote: "Set the ACKNOWLEDGE status bit: the guest OS has noticed the device. Set the DRIVER status bit: the guest OS knows how to drive the device."
  reading: Every status value with DRIVER also has ACKNOWLEDGE; firmware may set both in one write (ACKNOWLEDGE causes DRIVER).
  severity: MUST
  per vdev: virtio_set_status[val&DRIVER] subclock virtio_set_status[val&ACKNOWLEDGE]

rule status-features-ok-after-driver
  title: FEATURES_OK is set only with or after DRIVER
  cite: VirtIO 1.3 §3.1.1
  quote: "Set the FEATURES_OK status bit. The driver MUST NOT accept new feature bits after this step."
  reading: Every status value with FEATURES_OK also has DRIVER.
  severity: MUST
  per vdev: virtio_set_status[val&FEATURES_OK] subclock virtio_set_status[val&DRIVER]

rule status-driver-ok-after-driver
  title: DRIVER_OK is set only with or after DRIVER
  cite: VirtIO 1.3 §3.1.1, §3.1.2
  quote: "Set the DRIVER_OK status bit. At this point the device is live."
  reading: Every status value with DRIVER_OK also has DRIVER; FEATURES_OK may be missing, since legacy drivers (§3.1.2) never set it.
  severity: MUST
  per vdev: virtio_set_status[val&DRIVER_OK] subclock virtio_set_status[val&DRIVER]

rule status-no-kick-before-driver-ok
  title: No available buffer notification before DRIVER_OK
  cite: VirtIO 1.3 §3.1.1
  quote: "The driver MUST NOT send any buffer available notifications to the device before setting DRIVER_OK."
  reading: The driver kicks a queue (virtio_queue_notify) only while the device's status has DRIVER_OK.
  severity: MUST
  per vdev
  initial not_live
  state not_live: virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status
  state live: virtio_set_status[val&DRIVER_OK], virtio_set_status -> not_live, virtio_queue_notify

rule status-no-used-before-driver-ok
  title: No used buffer notification before DRIVER_OK
  cite: VirtIO 1.3 §2.1.2
  quote: "The device MUST NOT consume buffers or send any used buffer notifications to the driver before DRIVER_OK."
  reading: The device notifies the driver of used buffers (virtio_notify) only while the status has DRIVER_OK.
  severity: MUST
  per vdev
  initial not_live
  state not_live: virtio_set_status[val&DRIVER_OK] -> live, virtio_set_status
  state live: virtio_set_status[val&DRIVER_OK], virtio_set_status -> not_live, virtio_notify | virtio_notify_irqfd
`;
