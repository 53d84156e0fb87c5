/** The rows the timeline shows: a header per lane group, then its lanes unless the group is collapsed. */
import type { Lane } from '../../worker/protocol.ts';

export const ROW_H = 22;
export const AXIS_H = 26;
export const LABEL_W = 190;

export type Row =
  | { kind: 'group'; group: string; lanes: number[]; collapsed: boolean }
  | { kind: 'lane'; lane: number; label: string; group: string };

export interface RowModel {
  rows: Row[];
  /** Row index that shows each lane (its group row when collapsed). */
  rowOfLane: Int32Array;
}

export function buildRows(lanes: readonly Lane[], collapsed: ReadonlySet<string>): RowModel {
  const rows: Row[] = [];
  const rowOfLane = new Int32Array(lanes.length).fill(-1);
  let i = 0;
  while (i < lanes.length) {
    const group = lanes[i].group;
    const members: number[] = [];
    while (i < lanes.length && lanes[i].group === group) members.push(i++);
    const isCollapsed = collapsed.has(group);
    const groupRow = rows.length;
    rows.push({ kind: 'group', group, lanes: members, collapsed: isCollapsed });
    for (const l of members) {
      if (isCollapsed) rowOfLane[l] = groupRow;
      else {
        rowOfLane[l] = rows.length;
        rows.push({ kind: 'lane', lane: l, label: lanes[l].label, group });
      }
    }
  }
  return { rows, rowOfLane };
}

/** Lanes whose row lies in the visible row range [first, last]. */
export function lanesInRows(model: RowModel, first: number, last: number): number[] {
  const out: number[] = [];
  for (let r = Math.max(0, first); r <= Math.min(model.rows.length - 1, last); r++) {
    const row = model.rows[r];
    if (row.kind === 'lane') out.push(row.lane);
    else if (row.collapsed) out.push(...row.lanes);
  }
  return out;
}
