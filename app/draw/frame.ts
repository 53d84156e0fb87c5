/** The last frame the timeline drew, kept so that exports show exactly what is on screen. */
import type { RenderResult } from '../../worker/protocol.ts';
import type { RowModel } from './rows.ts';
import type { Geometry } from './timeline-draw.ts';

export interface Frame {
  data: RenderResult;
  rows: RowModel;
  geometry: Geometry;
  offending: ReadonlySet<number>;
  base: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
}

let last: Frame | undefined;

export function setLastFrame(f: Frame): void {
  last = f;
}

export function lastFrame(): Frame | undefined {
  return last;
}
