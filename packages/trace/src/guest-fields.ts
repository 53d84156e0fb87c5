/**
 * Derived fields on a guest capture made with the probe kit (`vq_add`, `vq_kick`,
 * `vq_get_buf`, … on guest `vq` pointers), filled once after ingest so that rules
 * can key and filter on them:
 * - `vdev` on every event of a `vq` whose device some event of the same `vq` shows
 *   (a probe that fetched both); never guessed from timing.
 * - `add_in` on `vq_get_buf`: the `in` count of the `vq_add` that handed the same
 *   token on the same queue (the latest one not yet returned).
 * A trace without these events is returned as it is.
 */
import type { FieldColumn, Trace } from './trace.ts';

function copyIds(col: FieldColumn, n: number): Uint32Array {
  const ids = new Uint32Array(n);
  ids.set(col.ids);
  return ids;
}

/** vdev on the events of each vq whose device is shown by an event carrying both. */
function joinVdev(trace: Trace): FieldColumn | undefined {
  const vq = trace.fields.get('vq');
  const vdev = trace.fields.get('vdev');
  if (!vq || !vdev) return undefined;
  const n = trace.count;
  const vdevOfVq = new Map<number, number>();
  for (let i = 0; i < n; i++) if (vq.ids[i] !== 0 && vdev.ids[i] !== 0) vdevOfVq.set(vq.ids[i], vdev.ids[i]);
  if (vdevOfVq.size === 0) return undefined;
  let ids: Uint32Array | undefined;
  for (let i = 0; i < n; i++) {
    if (vdev.ids[i] !== 0 || vq.ids[i] === 0) continue;
    const d = vdevOfVq.get(vq.ids[i]);
    if (d === undefined) continue;
    ids ??= copyIds(vdev, n);
    ids[i] = d;
  }
  return ids ? { ids, values: vdev.values } : undefined;
}

/** add_in on each vq_get_buf: the in count of the vq_add that handed its token. */
function joinAddIn(trace: Trace): FieldColumn | undefined {
  const addId = trace.names.indexOf('vq_add');
  const getId = trace.names.indexOf('vq_get_buf');
  const vq = trace.fields.get('vq');
  const token = trace.fields.get('token');
  const inCol = trace.fields.get('in');
  if (addId < 0 || getId < 0 || !vq || !token || !inCol) return undefined;
  const n = trace.count;
  const ids = new Uint32Array(n);
  const open = new Map<string, number>();
  let any = false;
  for (let i = 0; i < n; i++) {
    const name = trace.name[i];
    if (name !== addId && name !== getId) continue;
    const key = `${vq.ids[i]},${token.ids[i]}`;
    if (name === addId) open.set(key, inCol.ids[i]);
    else {
      const given = open.get(key);
      if (given === undefined) continue;
      open.delete(key);
      if (given !== 0) {
        ids[i] = given;
        any = true;
      }
    }
  }
  return any ? { ids, values: inCol.values } : undefined;
}

export function withGuestFields(trace: Trace): Trace {
  if (!trace.fields.has('vq')) return trace;
  const vdev = joinVdev(trace);
  const addIn = joinAddIn(trace);
  if (!vdev && !addIn) return trace;
  const fields = new Map(trace.fields);
  if (vdev) fields.set('vdev', vdev);
  if (addIn) fields.set('add_in', addIn);
  return { ...trace, fields };
}
