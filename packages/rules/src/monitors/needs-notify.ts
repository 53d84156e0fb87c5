/**
 * Used buffer notification suppression with VIRTIO_F_EVENT_IDX (§2.7.7.2):
 * after a used-ring update that moved idx from old to new, the device MUST
 * notify if vring_need_event(used_event, new, old) and SHOULD NOT otherwise.
 * A missing notification is reported (as an error) at the next update; an
 * extra one is reported at once, as a warning.
 */
import type { MonitorKind } from './monitor.ts';

const A = 1;
const B = 2;

/** The spec's virtq_need_event: notify iff event_idx lies in [old, new) modulo 2^16. */
export function vringNeedEvent(eventIdx: number, newIdx: number, oldIdx: number): boolean {
  return ((newIdx - eventIdx - 1) & 0xffff) < ((newIdx - oldIdx) & 0xffff);
}

export interface NeedsNotifyState {
  /** Index of the last update whose notification is still due, or -1. */
  due: number;
  /** Index of the last update (notified or not), or -1. */
  last: number;
}

export function needsNotifyMonitor(indices: (i: number) => [number, number, number]): MonitorKind<NeedsNotifyState> {
  return {
    clocks: 2,
    fresh: () => ({ due: -1, last: -1 }),
    step(s, i, ticks, out) {
      if (ticks & B) {
        if (s.due >= 0) {
          out.edgeFrom = s.due;
          s.due = -1;
        } else if (s.last >= 0) {
          // Only after an update that carried the indices can a notification be called extra;
          // before any (or in traces without them) nothing is known.
          out.violated = true;
          out.kind = 'extra';
          out.advisory = true;
          out.detail = 'vring_need_event said no notification was due';
        }
      }
      if (ticks & A) {
        if (s.due >= 0) {
          out.violated = true;
          out.expectedMask = B;
          out.detail = 'the previous used-ring update needed a notification';
          s.due = -1;
          // This update itself is fine: go on and work out whether it needs a notification.
        }
        const [ev, nw, old] = indices(i);
        s.last = i;
        if (!Number.isNaN(ev) && !Number.isNaN(nw) && !Number.isNaN(old) && vringNeedEvent(ev, nw, old)) s.due = i;
      }
    },
    idle: (s) => s.due < 0 && s.last < 0,
    pending: (s) => (s.due >= 0 ? { event: s.due, expectedMask: B, detail: 'a notification was due' } : undefined),
    describe: (s) => (s.due >= 0 ? 'notification due' : 'no notification due'),
  };
}
