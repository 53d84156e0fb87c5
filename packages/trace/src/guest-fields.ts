/**
 * Derived fields on a guest capture made with the probe kit (`vq_add`, `vq_kick`,
 * `vq_get_buf`, … on guest `vq` pointers), filled once after ingest so that rules
 * can key and filter on them:
 * - `vq`, `dev` and `queue` on the kit's `vq_get_buf` (a return probe that sees only the
 *   token) from the `vq_get_buf_entry` just before it on the same CPU.
 * - `dev` (the kit's virtioN index) or `vdev` on every event of a `vq` whose device some
 *   event of the same `vq` shows (a probe that fetched both); never guessed from timing.
 * - `add_in` on `vq_get_buf`: the `in` count of the `vq_add` that handed the same
 *   token on the same queue (the latest one not yet returned).
 * A trace without these events is returned as it is.
 */
import { DenseFieldColumn, type FieldColumn, type Trace } from './trace.ts';

function copyIds(col: FieldColumn, n: number): Uint32Array {
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) ids[i] = col.id(i);
  return ids;
}

/** A field on the events of each vq whose value some event of the same vq shows (the device of a queue). */
function joinByVq(trace: Trace, field: string, fields: ReadonlyMap<string, FieldColumn>): FieldColumn | undefined {
  const vq = fields.get('vq');
  const col = fields.get(field);
  if (!vq || !col) return undefined;
  const n = trace.count;
  const valueOfVq = new Map<number, number>();
  for (let i = 0; i < n; i++) if (vq.id(i) !== 0 && col.id(i) !== 0) valueOfVq.set(vq.id(i), col.id(i));
  if (valueOfVq.size === 0) return undefined;
  let ids: Uint32Array | undefined;
  for (let i = 0; i < n; i++) {
    if (col.id(i) !== 0 || vq.id(i) === 0) continue;
    const d = valueOfVq.get(vq.id(i));
    if (d === undefined) continue;
    ids ??= copyIds(col, n);
    ids[i] = d;
  }
  return ids ? new DenseFieldColumn(ids, col.values) : undefined;
}

/**
 * The kit's vq_get_buf is a return probe that sees only the token; its queue is on the
 * vq_get_buf_entry event just before it on the same CPU. Copies vq, dev and queue over.
 */
function joinGetBufEntry(trace: Trace, fields: Map<string, FieldColumn>): void {
  const entryId = trace.names.indexOf('vq_get_buf_entry');
  const getId = trace.names.indexOf('vq_get_buf');
  if (entryId < 0 || getId < 0) return;
  const cpu = fields.get('cpu');
  const n = trace.count;
  const lastEntry = new Map<number, number>();
  for (const key of ['vq', 'dev', 'queue']) {
    const col = fields.get(key);
    if (!col) continue;
    let ids: Uint32Array | undefined;
    lastEntry.clear();
    for (let i = 0; i < n; i++) {
      const c = cpu ? cpu.id(i) : 0;
      if (trace.name[i] === entryId) lastEntry.set(c, i);
      else if (trace.name[i] === getId && col.id(i) === 0) {
        const e = lastEntry.get(c);
        if (e === undefined || col.id(e) === 0) continue;
        ids ??= copyIds(col, n);
        ids[i] = col.id(e);
      }
    }
    if (ids) fields.set(key, new DenseFieldColumn(ids, col.values));
  }
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
    const key = `${vq.id(i)},${token.id(i)}`;
    if (name === addId) open.set(key, inCol.id(i));
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
  return any ? new DenseFieldColumn(ids, inCol.values) : undefined;
}

const GUEST_EVENTS = ['vq_add', 'vq_kick', 'vq_get_buf', 'vdev_status'];

export function withGuestFields(trace: Trace): Trace {
  if (!GUEST_EVENTS.some((e) => trace.names.includes(e))) return trace;
  const fields = new Map(trace.fields);
  // The kit names a device by its virtioN index (dev); a capture that shows pointers (vdev) keys by those.
  const vdev = fields.get('vdev');
  if (!fields.has('dev') && vdev) fields.set('dev', vdev);
  joinGetBufEntry(trace, fields);
  const dev = joinByVq(trace, 'dev', fields);
  if (dev) fields.set('dev', dev);
  const joined = { ...trace, fields };
  const addIn = joinAddIn(joined);
  if (addIn) fields.set('add_in', addIn);
  return joined;
}
