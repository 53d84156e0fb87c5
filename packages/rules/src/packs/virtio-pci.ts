/**
 * Built-in pack: driver notifications on the virtio-pci notify BAR (VirtIO 1.3
 * §4.1.5.2), on QEMU's `virtio_pci_notify_write ADDR = VAL (SIZE)` event. QEMU
 * traces it only when the kick takes the BAR handler (no ioeventfd), and picks
 * the queue from the address alone (addr / notify_off_multiplier, with
 * queue_notify_off = queue index): the written value is otherwise unused.
 */

/** `addr = index × 4` (QEMU's default multiplier) or `index × 0x1000` (page-per-vq), with another value. */
function wrongValue(): string {
  const alts: string[] = [];
  for (let q = 0; q < 64; q++) alts.push(`virtio_pci_notify_write[addr=0x${(q * 4).toString(16)}, val!=${q}]`);
  for (let q = 1; q < 64; q++) alts.push(`virtio_pci_notify_write[addr=0x${(q * 0x1000).toString(16)}, val!=${q}]`);
  return alts.join(' | ');
}

export const virtioPciPack = `
pack virtio-pci 1: virtio-pci available buffer notifications

rule pci-notify-width
  title: A driver notification is a 16-bit write (32-bit only with NOTIFICATION_DATA)
  cite: VirtIO 1.3 §4.1.5.2.1
  quote: "If VIRTIO_F_NOTIFICATION_DATA is not negotiated, the driver notification MUST be a 16-bit notification."
  reading: Every virtio_pci_notify_write has size 2 or 4. A 4-byte write is lawful only with VIRTIO_F_NOTIFICATION_DATA, which the trace does not show, so 4 is not reported; 1 or 8 bytes is.
  severity: MUST
  checks: 4.1.5.2.1-notify-16-bit
  virtio_pci_notify_write excludes virtio_pci_notify_write[size!=2, size!=4]

rule pci-notify-value
  title: A 16-bit driver notification carries the index of the queue it notifies
  cite: VirtIO 1.3 §4.1.5.2.1
  quote: "If VIRTIO_F_NOTIFICATION_DATA is not negotiated, the driver MUST set the notification value to the virtqueue index."
  reading: A 2-byte virtio_pci_notify_write to address index × 4 (QEMU's notify_off_multiplier; index × 0x1000 with page-per-vq) writes that index, for queues 0 to 63. Wider writes carry NOTIFICATION_DATA and are not checked.
  severity: MUST
  checks: 4.1.5.2.1-notify-value
  virtio_pci_notify_write[size=2] excludes ${wrongValue()}
`;
