/**
 * Lanes named by what they are. QEMU keys devices and queues by host pointers; once the trace's
 * joins (packages/trace qemu-joins) have given an event its `vdev`, `device` and `queue`, its lane
 * sits in the device's group, "virtio-balloon (vdev 0x564849ec28a0)", and is named by the queue
 * index, "vq 2". Out of its group (pinned) it reads "virtio-balloon (vdev 0x…28a0) · vq 2". The
 * pointers stay visible and searchable; a type or index the trace does not state is never shown.
 */

/** "0x…28a0": the last four hex digits, which tell a trace's devices apart in practice. */
export function shortPointer(p: string): string {
  return /^0x[0-9a-fA-F]{7,}$/.test(p) ? `0x…${p.slice(-4)}` : p;
}

/** "virtio-balloon (vdev 0x564849ec28a0)", or "vdev 0x564849ec28a0" while the type is unknown. */
export function deviceGroup(vdev: string, device: string | undefined, short = false): string {
  const ptr = `vdev ${short ? shortPointer(vdev) : vdev}`;
  return device ? `${device} (${ptr})` : ptr;
}

/** "vq 2 (0x…5140)", or "vq 0x7f73dfe85140" when the trace gives no index; '' for no queue. */
export function queuePart(queue: string | undefined, vq: string | undefined): string {
  if (queue !== undefined) return vq ? `vq ${queue} (${shortPointer(vq)})` : `vq ${queue}`;
  return vq ? `vq ${vq}` : '';
}

/** The names of a lane of a device: in its group, out of it, and the text the lane filter searches. */
export function deviceLaneNames(
  ctx: { vdev: string; device?: string; queue?: string; vq?: string },
  rest: string,
): { group: string; label: string; name: string; search: string } {
  const q = queuePart(ctx.queue, ctx.vq);
  const label = [q, rest].filter(Boolean).join(' ') || 'device events';
  const shortQ = ctx.queue !== undefined ? `vq ${ctx.queue}` : q;
  const name = `${deviceGroup(ctx.vdev, ctx.device, true)} · ${[shortQ, rest].filter(Boolean).join(' ') || 'device events'}`;
  return {
    group: deviceGroup(ctx.vdev, ctx.device),
    label,
    name,
    search: [ctx.device ?? '', `vdev ${ctx.vdev}`, q, ctx.vq ?? '', rest].join(' '),
  };
}
