/**
 * Built-in pack: driver register access on virtio-mmio (VirtIO 1.3 §4.2, and
 * the queue reset order of §2.6.1 as mmio shows it), on QEMU's
 * `virtio_mmio_write_offset offset O value V` and `virtio_mmio_read offset O`
 * events. They name no device: the rules read the accesses in log order, which
 * holds while the guest sets up one device at a time (Linux probes virtio-mmio
 * devices one after the other); an interrupt handler's InterruptStatus and
 * InterruptACK accesses may come in between and are let through.
 */
export const virtioMmioPack = `
pack virtio-mmio 1: virtio-mmio register access order

values virtio_mmio_write_offset.offset, virtio_mmio_read.offset: MagicValue=0x0, Version=0x4, DeviceID=0x8, VendorID=0xc
  DeviceFeatures=0x10, DeviceFeaturesSel=0x14, DriverFeatures=0x20, DriverFeaturesSel=0x24, GuestPageSize=0x28
  QueueSel=0x30, QueueSizeMax=0x34, QueueSize=0x38, QueueAlign=0x3c, QueuePFN=0x40, QueueReady=0x44
  QueueNotify=0x50, InterruptStatus=0x60, InterruptACK=0x64, Status=0x70, QueueDescLow=0x80
  QueueDescHigh=0x84, QueueDriverLow=0x90, QueueDriverHigh=0x94, QueueDeviceLow=0xa0, QueueDeviceHigh=0xa4
  SHMSel=0xac, SHMLenLow=0xb0, SHMLenHigh=0xb4, SHMBaseLow=0xb8, SHMBaseHigh=0xbc, QueueReset=0xc0
  ConfigGeneration=0xfc

rule mmio-register-direction
  title: The driver writes no read-only register and reads no write-only one
  cite: VirtIO 1.3 §4.2.2.2
  quote: "The driver MUST NOT access memory locations not described in the table … MUST NOT write to the read-only registers (direction R) and MUST NOT read from the write-only registers (direction W)."
  reading: No write to MagicValue, Version, DeviceID, VendorID, DeviceFeatures, QueueSizeMax, InterruptStatus, SHMLen/SHMBase or ConfigGeneration; no read of DeviceFeaturesSel, DriverFeatures, DriverFeaturesSel, GuestPageSize, QueueSel, QueueSize, QueueAlign, QueueNotify, InterruptACK or the queue address registers. The same registers have the same direction in the legacy layout.
  severity: MUST
  checks: 4.2.2.2-no-read-only-writes
  virtio_mmio_write_offset | virtio_mmio_read excludes virtio_mmio_write_offset[offset=MagicValue] | virtio_mmio_write_offset[offset=Version] | virtio_mmio_write_offset[offset=DeviceID] | virtio_mmio_write_offset[offset=VendorID] | virtio_mmio_write_offset[offset=DeviceFeatures] | virtio_mmio_write_offset[offset=QueueSizeMax] | virtio_mmio_write_offset[offset=InterruptStatus] | virtio_mmio_write_offset[offset=SHMLenLow] | virtio_mmio_write_offset[offset=SHMLenHigh] | virtio_mmio_write_offset[offset=SHMBaseLow] | virtio_mmio_write_offset[offset=SHMBaseHigh] | virtio_mmio_write_offset[offset=ConfigGeneration] | virtio_mmio_read[offset=DeviceFeaturesSel] | virtio_mmio_read[offset=DriverFeatures] | virtio_mmio_read[offset=DriverFeaturesSel] | virtio_mmio_read[offset=GuestPageSize] | virtio_mmio_read[offset=QueueSel] | virtio_mmio_read[offset=QueueSize] | virtio_mmio_read[offset=QueueAlign] | virtio_mmio_read[offset=QueueNotify] | virtio_mmio_read[offset=InterruptACK] | virtio_mmio_read[offset=QueueDescLow] | virtio_mmio_read[offset=QueueDescHigh] | virtio_mmio_read[offset=QueueDriverLow] | virtio_mmio_read[offset=QueueDriverHigh] | virtio_mmio_read[offset=QueueDeviceLow] | virtio_mmio_read[offset=QueueDeviceHigh]

rule mmio-device-features-select-first
  title: DeviceFeaturesSel is written before DeviceFeatures is read
  cite: VirtIO 1.3 §4.2.2.2
  quote: "Before reading from DeviceFeatures, the driver MUST write a value to DeviceFeaturesSel."
  reading: A read of DeviceFeatures (0x010) comes only after some write of DeviceFeaturesSel (0x014) in the trace; the first read without is reported. With several devices the first one's select counts for the next (the events name no device).
  severity: MUST
  checks: 4.2.2.2-select-before-device-features
  initial unselected
  state unselected: virtio_mmio_write_offset[offset=DeviceFeaturesSel] -> selected, virtio_mmio_read[offset=DeviceFeatures] -> !selected
  state selected: virtio_mmio_write_offset[offset=DeviceFeaturesSel], virtio_mmio_read[offset=DeviceFeatures]

rule mmio-driver-features-select-first
  title: DriverFeaturesSel is written before DriverFeatures
  cite: VirtIO 1.3 §4.2.2.2
  quote: "Before writing to the DriverFeatures register, the driver MUST write a value to the DriverFeaturesSel register."
  reading: A write of DriverFeatures (0x020) comes only after some write of DriverFeaturesSel (0x024) in the trace; the first write without is reported.
  severity: MUST
  checks: 4.2.2.2-select-before-driver-features
  initial unselected
  state unselected: virtio_mmio_write_offset[offset=DriverFeaturesSel] -> selected, virtio_mmio_write_offset[offset=DriverFeatures] -> !selected
  state selected: virtio_mmio_write_offset[offset=DriverFeaturesSel], virtio_mmio_write_offset[offset=DriverFeatures]

rule mmio-no-queue-setup-when-ready
  title: A ready queue's size and addresses are left alone
  cite: VirtIO 1.3 §4.2.2.2, §2.6.1.2.2
  quote: "When QueueReady is not zero, the driver MUST NOT access QueueSize, QueueDescLow, QueueDescHigh, QueueDriverLow, QueueDriverHigh, QueueDeviceLow, QueueDeviceHigh."
  reading: After QueueReady is written 1 and before another QueueSel write or QueueReady 0, no write or read of QueueSize or the queue address registers comes. Selecting another queue makes its state unknown (it may be ready already), so accesses after a QueueSel are not reported until QueueReady 1 is written again.
  severity: MUST
  checks: 4.2.2.2-no-queue-setup-when-ready
  initial not_ready
  state not_ready: virtio_mmio_write_offset[offset=QueueReady, value!=0] -> ready, virtio_mmio_write_offset[offset=QueueSel], virtio_mmio_write_offset[offset=QueueReady], virtio_mmio_write_offset[offset=QueueSize] | virtio_mmio_write_offset[offset=QueueDescLow] | virtio_mmio_write_offset[offset=QueueDescHigh] | virtio_mmio_write_offset[offset=QueueDriverLow] | virtio_mmio_write_offset[offset=QueueDriverHigh] | virtio_mmio_write_offset[offset=QueueDeviceLow] | virtio_mmio_write_offset[offset=QueueDeviceHigh]
  state ready: virtio_mmio_write_offset[offset=QueueSel] -> not_ready, virtio_mmio_write_offset[offset=QueueReady, value=0] -> not_ready, virtio_mmio_write_offset[offset=QueueReady], virtio_mmio_write_offset[offset=QueueSize] | virtio_mmio_write_offset[offset=QueueDescLow] | virtio_mmio_write_offset[offset=QueueDescHigh] | virtio_mmio_write_offset[offset=QueueDriverLow] | virtio_mmio_write_offset[offset=QueueDriverHigh] | virtio_mmio_write_offset[offset=QueueDeviceLow] | virtio_mmio_write_offset[offset=QueueDeviceHigh] -> !not_ready

rule mmio-stop-queue-read-back
  title: After writing QueueReady 0 the driver reads it back
  cite: VirtIO 1.3 §4.2.2.2
  quote: "To stop using the queue the driver MUST write zero (0x0) to this QueueReady and MUST read the value back to ensure synchronization."
  reading: A QueueReady 0 write is followed by a QueueReady read before the driver writes any other register (InterruptStatus reads and InterruptACK writes of an interrupt handler may come in between). Whether the value read was 0 is not traced.
  severity: MUST
  checks: 4.2.2.2-stop-queue-read-back
  initial running
  final running
  state running: virtio_mmio_write_offset[offset=QueueReady, value=0] -> stopping, virtio_mmio_write_offset, virtio_mmio_read[offset=QueueReady]
  state stopping: virtio_mmio_read[offset=QueueReady] -> running, virtio_mmio_write_offset[offset=InterruptACK], virtio_mmio_write_offset -> !running

rule mmio-configure-before-reenable
  title: A reset queue is configured again before it is enabled
  cite: VirtIO 1.3 §2.6.1.2.2
  quote: "When re-enabling a queue, the driver MUST configure the queue resources as during initial virtqueue discovery, but optionally with different parameters."
  reading: After QueueReset is written 1, QueueReady 1 comes only after QueueSize or a queue address register was written again. Which queue each write is for follows QueueSel, which this rule does not track; a driver resetting one queue and enabling another that needs no setup would be misread, which Linux does not do.
  severity: MUST
  checks: 2.6.1.2.2-configure-before-reenable
  initial idle
  state idle: virtio_mmio_write_offset[offset=QueueReset, value=1] -> reset, virtio_mmio_write_offset[offset=QueueReady], virtio_mmio_write_offset[offset=QueueSize] | virtio_mmio_write_offset[offset=QueueDescLow] | virtio_mmio_write_offset[offset=QueueDescHigh] | virtio_mmio_write_offset[offset=QueueDriverLow] | virtio_mmio_write_offset[offset=QueueDriverHigh] | virtio_mmio_write_offset[offset=QueueDeviceLow] | virtio_mmio_write_offset[offset=QueueDeviceHigh]
  state reset: virtio_mmio_write_offset[offset=QueueSize] | virtio_mmio_write_offset[offset=QueueDescLow] | virtio_mmio_write_offset[offset=QueueDescHigh] | virtio_mmio_write_offset[offset=QueueDriverLow] | virtio_mmio_write_offset[offset=QueueDriverHigh] | virtio_mmio_write_offset[offset=QueueDeviceLow] | virtio_mmio_write_offset[offset=QueueDeviceHigh] -> configured, virtio_mmio_write_offset[offset=QueueReset, value=1], virtio_mmio_write_offset[offset=QueueReady, value!=0] -> !idle, virtio_mmio_write_offset[offset=QueueReady]
  state configured: virtio_mmio_write_offset[offset=QueueReady, value!=0] -> idle, virtio_mmio_write_offset[offset=QueueReset, value=1] -> reset, virtio_mmio_write_offset[offset=QueueReady], virtio_mmio_write_offset[offset=QueueSize] | virtio_mmio_write_offset[offset=QueueDescLow] | virtio_mmio_write_offset[offset=QueueDescHigh] | virtio_mmio_write_offset[offset=QueueDriverLow] | virtio_mmio_write_offset[offset=QueueDriverHigh] | virtio_mmio_write_offset[offset=QueueDeviceLow] | virtio_mmio_write_offset[offset=QueueDeviceHigh]

rule mmio-no-features-after-features-ok
  title: No feature bits are written after FEATURES_OK
  cite: VirtIO 1.3 §3.1.1
  quote: "Set the FEATURES_OK status bit. The driver MUST NOT accept new feature bits after this step."
  reading: Between a Status write with FEATURES_OK (0x8) and the next Status write without it (a reset, or the next device's ACKNOWLEDGE: the register events name no device, and Linux probes one device after the other), no DriverFeatures (0x020) write comes. Only a driver that negotiated VERSION_1 sets FEATURES_OK, so legacy drivers are not concerned.
  severity: MUST
  checks: 3.1.1-no-features-after-features-ok
  initial negotiating
  state negotiating: virtio_mmio_write_offset[offset=Status, value&0x8] -> accepted, virtio_mmio_write_offset[offset=Status], virtio_mmio_write_offset[offset=DriverFeatures]
  state accepted: virtio_mmio_write_offset[offset=Status, value&0x8], virtio_mmio_write_offset[offset=Status] -> negotiating, virtio_mmio_write_offset[offset=DriverFeatures] -> !negotiating

rule mmio-no-config-write-before-features-ok
  title: The device-specific configuration is not written before FEATURES_OK
  cite: VirtIO 1.3 §3.1.1, §3.1.2
  quote: "During this step the driver MAY read (but MUST NOT write) the device-specific configuration fields to check that it can support the device before accepting it."
  reading: After a reset (Status 0) and before a Status write with FEATURES_OK, no write at 0x100 or above (the device-specific configuration) comes. A legacy driver never sets FEATURES_OK and may write the configuration early (§3.1.2: the device MUST support it), and the trace does not say which kind of driver it is (the Version read has no value), so this is a warning.
  severity: SHOULD
  checks: 3.1.1-no-config-write-before-features-ok
  initial live
  state live: virtio_mmio_write_offset[offset=Status, value=0] -> reset, virtio_mmio_write_offset[offset=Status], virtio_mmio_write_offset[offset>=0x100]
  state reset: virtio_mmio_write_offset[offset=Status, value&0x8] -> live, virtio_mmio_write_offset[offset=Status], virtio_mmio_write_offset[offset>=0x100] -> !live
`;
