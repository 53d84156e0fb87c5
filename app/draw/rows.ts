/**
 * Rows of the timeline: a header per lane group, then its lanes unless the group is collapsed.
 * While a violation is selected its lanes are pinned above the others (Perfetto-style): they
 * keep their place when the rest scrolls, so both ends of a red edge stay on screen however
 * far apart their groups are. A lane filter keeps only the lanes that match.
 */
import type { Lane } from '../../worker/protocol.ts';

export const ROW_H = 22;
export const AXIS_H = 26;
export const LABEL_W = 270;

export const PINNED_GROUP = 'PINNED · selected violation';

export type Row =
  | { kind: 'group'; group: string; lanes: number[]; collapsed: boolean; pinned?: boolean }
  | { kind: 'lane'; lane: number; label: string; group: string; pinned?: boolean };

export interface RowModel {
  rows: Row[];
  /** Row index that shows each lane (its group row when collapsed; -1 when filtered out). */
  rowOfLane: Int32Array;
  /** The first `pinned` rows stay at the top; scrolling moves the ones after them. */
  pinned: number;
}

export interface RowOptions {
  /** Lanes pinned at the top, in this order. */
  pinned?: readonly number[];
  /** Which unpinned lanes to show (all when absent). */
  keep?: (lane: number) => boolean;
  /** How a lane is named (its label when absent). */
  laneName?: (lane: number) => string;
}

export function buildRows(lanes: readonly Lane[], collapsed: ReadonlySet<string>, opts: RowOptions = {}): RowModel {
  const rows: Row[] = [];
  const rowOfLane = new Int32Array(lanes.length).fill(-1);
  const pins = (opts.pinned ?? []).filter((l) => l >= 0 && l < lanes.length);
  const isPinned = new Set(pins);
  const name = opts.laneName ?? ((l: number) => lanes[l].label);
  if (pins.length > 0) {
    rows.push({ kind: 'group', group: PINNED_GROUP, lanes: [...pins], collapsed: false, pinned: true });
    for (const l of pins) {
      rowOfLane[l] = rows.length;
      // Out of its group, a lane is named with its group ("vq 0x7f73dfe85140 · vdev 0x564849ec28a0").
      const own = name(l);
      const group = lanes[l].group;
      const label =
        opts.laneName || group === 'events' || own.startsWith(`${group} `) ? own : own === 'all events' ? group : `${group} · ${own}`;
      rows.push({ kind: 'lane', lane: l, label, group: PINNED_GROUP, pinned: true });
    }
  }
  const pinned = rows.length;
  let i = 0;
  while (i < lanes.length) {
    const group = lanes[i].group;
    const members: number[] = [];
    for (; i < lanes.length && lanes[i].group === group; i++) if (!isPinned.has(i) && (!opts.keep || opts.keep(i))) members.push(i);
    if (members.length === 0) continue;
    const isCollapsed = collapsed.has(group);
    const groupRow = rows.length;
    rows.push({ kind: 'group', group, lanes: members, collapsed: isCollapsed });
    for (const l of members) {
      if (isCollapsed) rowOfLane[l] = groupRow;
      else {
        rowOfLane[l] = rows.length;
        rows.push({ kind: 'lane', lane: l, label: name(l), group });
      }
    }
  }
  return { rows, rowOfLane, pinned };
}

/** Rows on screen, top to bottom: the pinned rows, then `slots` minus those from unpinned row `first` on. */
export function screenRows(model: RowModel, first: number, slots: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < Math.min(model.pinned, slots); r++) out.push(r);
  for (let r = model.pinned + Math.max(0, first); r < model.rows.length && out.length < slots; r++) out.push(r);
  return out;
}

/** Screen slot of a row (0 = just under the axis); negative when scrolled off above, past the last slot when below. */
export function slotOf(model: { pinned: number }, first: number, row: number): number {
  if (row < model.pinned) return row;
  if (row >= model.pinned + first) return row - first;
  return row - model.pinned - first;
}

/** The row shown in a screen slot, or -1. */
export function rowInSlot(model: RowModel, first: number, slot: number): number {
  if (slot < 0) return -1;
  const row = slot < model.pinned ? slot : slot + first;
  return row < model.rows.length ? row : -1;
}

/** Lanes drawn on screen (a collapsed group stands for all its lanes). */
export function lanesOnScreen(model: RowModel, first: number, slots: number): number[] {
  const out: number[] = [];
  for (const r of screenRows(model, first, slots)) {
    const row = model.rows[r];
    if (row.kind === 'lane') out.push(row.lane);
    else if (row.collapsed) out.push(...row.lanes);
  }
  return out;
}
