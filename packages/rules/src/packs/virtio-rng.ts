/** Built-in pack: the entropy device (VirtIO 1.3 §5.4) on QEMU's virtqueue and virtio_rng_* events. */
export const virtioRngPack = `
pack virtio-rng 1: entropy device buffers

rule rng-no-device-readable-buffer
  title: The entropy queue gets only device-writable buffers
  cite: VirtIO 1.3 §5.4.6.1
  quote: "The driver MUST NOT place device-readable buffers into the queue."
  reading: Every element QEMU pops from a virtio-rng queue has out_num 0 (no device-readable descriptor). The device type comes from the virtio_rng_* events that carry the device's pointer; a pop whose device the trace does not name is not checked.
  severity: MUST
  checks: 5.4.6.1-no-readable
  virtqueue_pop[device=virtio-rng] excludes virtqueue_pop[out_num!=0]

rule rng-at-least-one-byte
  title: The entropy device returns at least one random byte per buffer
  cite: VirtIO 1.3 §5.4.6.2
  quote: "The device MUST place one or more random bytes into the buffer, but it MAY use less than the entire buffer length."
  reading: Every used element of a virtio-rng queue has len ≥ 1 (virtqueue_fill len), and virtio_rng_pushed never reports 0 bytes.
  severity: MUST
  checks: 5.4.6.2-at-least-one-byte
  virtqueue_fill[device=virtio-rng] | virtio_rng_pushed excludes virtqueue_fill[len=0] | virtio_rng_pushed[len=0]
`;
