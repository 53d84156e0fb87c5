/**
 * What people call a QEMU device or queue: "virtio-balloon (vdev 0x564849ec28a0)",
 * "virtio-balloon (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)". The pointers always stay in the label,
 * since they are what the log says and what one searches for (the app's lane filter); the type and queue index come from the joined
 * `device` and `queue` fields (qemu-joins.ts) and are left out when the trace does not state them.
 * Labels are for display only: nothing may be keyed or identified by them (violation ids hash
 * the raw key text, which does not change when a trace shows more).
 */
import type { Trace } from './trace.ts';

/** The device-related fields of one event. */
export interface DeviceContext {
  vdev?: string;
  device?: string;
  queue?: string;
  vq?: string;
  /** The guest probe kit's device: N of virtioN. */
  dev?: string;
}

/** "0x…28a0": the last four hex digits, which tell a trace's devices apart in practice. */
export function shortPointer(p: string): string {
  return /^0x[0-9a-fA-F]{7,}$/.test(p) ? `0x…${p.slice(-4)}` : p;
}

/** "virtio-balloon (vdev 0x564849ec28a0)", or "vdev 0x564849ec28a0" while the type is unknown. */
export function vdevLabel(vdev: string, device?: string, short = false): string {
  const ptr = `vdev ${short ? shortPointer(vdev) : vdev}`;
  return device ? `${device} (${ptr})` : ptr;
}

/** "virtio-balloon (vdev 0x…28a0) · vq 2 (0x7f73dfe85140)"; "vq 0x7f73dfe85140" while the index is unknown. */
export function vqLabel(ctx: DeviceContext): string {
  const q = ctx.queue !== undefined ? `vq ${ctx.queue}${ctx.vq ? ` (${ctx.vq})` : ''}` : `vq ${ctx.vq ?? '?'}`;
  if (!ctx.vdev && ctx.dev !== undefined && /^\d+$/.test(ctx.dev)) return `virtio${ctx.dev} · ${q}`;
  return ctx.vdev ? `${vdevLabel(ctx.vdev, ctx.device, true)} · ${q}` : q;
}

/** The device fields of event i, as far as the trace has them. */
export function deviceContextAt(trace: Trace, i: number): DeviceContext {
  const ctx: DeviceContext = {};
  for (const k of ['vdev', 'device', 'queue', 'vq', 'dev'] as const) {
    const col = trace.fields.get(k);
    const id = col ? col.id(i) : 0;
    if (col && id !== 0) ctx[k] = col.values[id];
  }
  return ctx;
}

function plainPart(field: string, value: string): string {
  return /^\d+$/.test(value) ? `${field} #${value}` : `${field} ${value}`;
}

/**
 * A rule key ("vdev 0x5648…", "vq 0x7f…", "buffer #1") as people read it, given the offending
 * event's device context: vdev and vq values get their device names, other fields read as in
 * describeKey. With no device context it is exactly describeKey's text.
 */
export function keyLabel(fields: Readonly<Record<string, string>>, ctx: DeviceContext): string {
  return Object.entries(fields)
    .map(([k, v]) => {
      if (k === 'vdev' && ctx.vdev === v && ctx.device) return vdevLabel(v, ctx.device);
      if (k === 'vq' && ctx.vq === v && (ctx.queue !== undefined || ctx.vdev !== undefined))
        return fields.vdev !== undefined ? vqLabel({ ...ctx, vdev: undefined }) : vqLabel(ctx);
      return plainPart(k, v);
    })
    .join(' ');
}
