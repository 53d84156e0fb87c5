/**
 * Fields a QEMU trace states only across lines, joined once the whole trace is read (CONTRACTS §4):
 *
 * - `vdev` on events that name a queue but not its device (`virtqueue_pop vq Q`), from the events
 *   that name both (`virtio_queue_notify vdev V n N vq Q`, `virtio_notify vdev V vq Q`,
 *   `virtio_notify_irqfd`, `virtio_snd_handle_ctrl`); and on device events whose pointer is the
 *   device itself (`virtio_rng_* rng P`, `virtio_snd_* snd P`, `virtio_net_* nic P`: VirtIORNG,
 *   VirtIOSound and VirtIONet begin with their VirtIODevice, so the pointers are the vdev's).
 * - `queue`, the index of the event's `vq`, from `virtio_queue_notify ... n N vq Q`.
 * - `device`, the device type of the event's vdev, only where the trace shows it: a device event
 *   carrying that vdev's pointer (`virtio_blk_* vdev P` → virtio-blk, `virtio_rng_* rng P`, ...),
 *   or, for devices whose events carry no pointer (balloon, serial), a config access right after
 *   the vdev's status write (CONFIG_ACCESS) or an event of the device's code traced by the handler
 *   of the vdev's kick (HANDLER_WINDOW_NS), both on one thread. Events of a device's own code carry its type even without a pointer
 *   (`virtio_balloon_get_config` → virtio-balloon). Any disagreement leaves the device unnamed.
 *
 * A vq is paired with the vdev (and index) in force at the event, or, for an event before any
 * pairing of its vq, with the first pairing after it: the whole trace is in memory, and QEMU
 * allocates a device's VirtQueues at realize, so the first pairing seen holds from the start.
 *
 * Pure: returns a new Trace whose new columns reuse interned ids; the string tables grow only by
 * the few distinct pointers and names involved. A field the lines already carry under the name
 * `queue` or `device` is left as read.
 */
import type { IdArray } from './columns.ts';
import { DenseFieldColumn, type FieldColumn, type Trace } from './trace.ts';

/** Device events whose `field` is the pointer of a device of type `device`. */
const DEVICE_POINTERS: readonly { prefix: string; field: string; device: string }[] = [
  { prefix: 'virtio_blk_', field: 'vdev', device: 'virtio-blk' },
  { prefix: 'virtio_rng_', field: 'rng', device: 'virtio-rng' },
  { prefix: 'virtio_snd_', field: 'vdev', device: 'virtio-snd' },
  { prefix: 'virtio_snd_', field: 'snd', device: 'virtio-snd' },
  { prefix: 'virtio_net_', field: 'nic', device: 'virtio-net' },
];

/** Events emitted by one device type's code (QEMU's device names without the transport suffix). */
const DEVICE_FAMILIES: readonly [prefix: string, device: string][] = [
  ['virtio_blk_', 'virtio-blk'],
  ['virtio_net_', 'virtio-net'],
  ['virtio_rng_', 'virtio-rng'],
  ['virtio_balloon_', 'virtio-balloon'],
  ['virtio_serial_', 'virtio-serial'],
  ['virtio_console_', 'virtio-serial'],
  ['virtio_snd_', 'virtio-snd'],
  ['virtio_scsi_', 'virtio-scsi'],
  ['virtio_gpu_', 'virtio-gpu'],
  ['virtio_input_', 'virtio-input'],
  ['virtio_iommu_', 'virtio-iommu'],
  ['virtio_mem_', 'virtio-mem'],
  ['virtio_pmem_', 'virtio-pmem'],
];

/**
 * Pointerless config-space callbacks, and the device type they belong to. QEMU runs a guest's
 * config read or write on the vCPU thread that made it, synchronously, and traces it there. So
 * when the event just before one on the same thread (nothing between, under CONFIG_WINDOW_NS
 * earlier) is `virtio_set_status vdev P`, that vCPU wrote P's status and at once accessed this
 * device type's config: the Linux balloon driver does exactly that (virtballoon_probe:
 * virtio_device_ready, then towards_target reads num_pages), as qemu-balloon-kick-before-driver-ok.log
 * shows at lines 363-364 (status 15 of 0x564849ec28a0, then virtio_balloon_get_config 57 µs later
 * on thread 23999). P is named only when every such occurrence names the same P and nothing else
 * names P otherwise.
 */
const CONFIG_ACCESS: ReadonlyMap<string, string> = new Map([
  ['virtio_balloon_get_config', 'virtio-balloon'],
  ['virtio_balloon_set_config', 'virtio-balloon'],
  ['virtio_iommu_get_config', 'virtio-iommu'],
  ['virtio_iommu_set_config', 'virtio-iommu'],
]);
const CONFIG_WINDOW_NS = 1e6;

/**
 * A kick runs the queue's handler on the thread that traced `virtio_queue_notify vdev V`, at
 * once: so a pointerless event of one device type's code (`virtio_serial_handle_control_message`,
 * `virtio_balloon_handle_output`) that follows it on that thread, with only V's own queue work
 * between (elements allocated, V's vqs popped), under HANDLER_WINDOW_NS later, was traced by V's
 * handler: V is of that type. qemu-balloon-kick-before-driver-ok.log shows it at lines 326-329:
 * a kick of 0x564849d38760 queue 3 (virtio-serial's control transmitq), a pop, then
 * virtio_serial_handle_control_message, all on thread 23994 within 20 µs.
 */
const HANDLER_WINDOW_NS = 1e6;
const HANDLER_STEPS = new Set(['virtqueue_alloc_element', 'virtqueue_pop']);

/** Queue index: `virtio_queue_notify vdev V n N vq Q`. */
const QUEUE_INDEX_EVENT = 'virtio_queue_notify';

/** Grows a string table by appending; ids of the strings already there stay. */
class GrowingTable {
  readonly values: string[];
  private readonly ids = new Map<string, number>();
  constructor(initial: readonly string[]) {
    this.values = [...initial];
    this.values.forEach((v, id) => {
      if (id > 0 && !this.ids.has(v)) this.ids.set(v, id);
    });
  }
  intern(v: string): number {
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(v);
      this.ids.set(v, id);
    }
    return id;
  }
}

function idArray(count: number, maxId: number): IdArray {
  return maxId <= 0xff ? new Uint8Array(count) : maxId <= 0xffff ? new Uint16Array(count) : new Uint32Array(count);
}

export function joinQemuFields(trace: Trace): Trace {
  const n = trace.count;
  const nameOf = trace.name;
  const fields = trace.fields;
  const vqCol = fields.get('vq');
  const oldVdev = fields.get('vdev');
  const vdevTable = new GrowingTable(oldVdev?.values ?? ['']);

  // Device pointer fields that are the vdev: per name id, the column and a map to vdev ids.
  const aliasOf = trace.names.map((name) => {
    const p = DEVICE_POINTERS.find((d) => d.field !== 'vdev' && name.startsWith(d.prefix) && fields.has(d.field));
    return p ? (fields.get(p.field) as FieldColumn) : undefined;
  });
  const aliasVdevIds = new Map<FieldColumn, Int32Array>();
  for (const col of aliasOf) {
    if (col && !aliasVdevIds.has(col))
      aliasVdevIds.set(
        col,
        Int32Array.from(col.values, (v, id) => (id === 0 ? 0 : vdevTable.intern(v))),
      );
  }

  // 1. vdev of every event: its own, its device pointer's, or its vq's pairing.
  const vdev = idArray(n, vdevTable.values.length - 1);
  if (oldVdev) for (let i = 0; i < n; i++) vdev[i] = oldVdev.id(i);
  const hasOwnVdev = (i: number) => (oldVdev ? oldVdev.id(i) !== 0 : false);
  for (let i = 0; i < n; i++) {
    const col = aliasOf[nameOf[i]];
    if (col !== undefined && vdev[i] === 0) vdev[i] = (aliasVdevIds.get(col) as Int32Array)[col.id(i)];
  }
  const vqs = vqCol ? vqCol.values.length : 0;
  const queueNotify = trace.names.indexOf(QUEUE_INDEX_EVENT);
  const nCol = fields.get('n');
  const queueTable = new GrowingTable(['']);
  const queueIdOfN = nCol ? new Int32Array(nCol.values.length).fill(-1) : new Int32Array(0);
  const queueOf = (i: number): number => {
    if (!nCol || nameOf[i] !== queueNotify) return 0;
    const nId = nCol.id(i);
    if (nId === 0) return 0;
    if (queueIdOfN[nId] < 0) queueIdOfN[nId] = queueTable.intern(nCol.values[nId]);
    return queueIdOfN[nId];
  };
  let queue: IdArray | undefined;
  if (vqCol) {
    const firstVdev = new Int32Array(vqs);
    const firstQueue = new Int32Array(vqs);
    for (let i = 0; i < n; i++) {
      const q = vqCol.id(i);
      if (q === 0) continue;
      if (firstVdev[q] === 0 && hasOwnVdev(i)) firstVdev[q] = vdev[i];
      // Every index is interned in this pass, so the queue column below is wide enough.
      const own = queueOf(i);
      if (firstQueue[q] === 0) firstQueue[q] = own;
    }
    queue = idArray(n, queueTable.values.length - 1);
    const curVdev = firstVdev;
    const curQueue = firstQueue;
    for (let i = 0; i < n; i++) {
      const q = vqCol.id(i);
      if (q === 0) continue;
      if (hasOwnVdev(i)) curVdev[q] = vdev[i];
      else if (vdev[i] === 0) vdev[i] = curVdev[q];
      const own = queueOf(i);
      if (own !== 0) curQueue[q] = own;
      queue[i] = curQueue[q];
    }
  }

  // 2. Device type per vdev id: 0 unknown, -1 conflicting evidence, else a device table id.
  const deviceTable = new GrowingTable(['']);
  const typeOfVdev = new Int32Array(vdevTable.values.length);
  const claim = (vdevId: number, device: number) => {
    if (vdevId === 0) return;
    const t = typeOfVdev[vdevId];
    typeOfVdev[vdevId] = t === 0 || t === device ? device : -1;
  };
  const pointerClaims = trace.names.map((name) =>
    DEVICE_POINTERS.filter((d) => name.startsWith(d.prefix) && fields.has(d.field)).map((d) => ({
      col: fields.get(d.field) as FieldColumn,
      device: deviceTable.intern(d.device),
    })),
  );
  for (let i = 0; i < n; i++) {
    for (const c of pointerClaims[nameOf[i]]) {
      const id = c.col.id(i);
      if (id === 0) continue;
      claim(c.col === oldVdev ? id : (aliasVdevIds.get(c.col) as Int32Array)[id], c.device);
    }
  }
  for (const [vdevId, device] of configAccessClaims(trace, vdev, deviceTable)) claim(vdevId, device);
  const familyType = trace.names.map((name) => DEVICE_FAMILIES.find(([prefix]) => name.startsWith(prefix))?.[1]);
  for (const h of handlerEvidence(trace, new DenseFieldColumn(vdev, vdevTable.values), familyType))
    claim(h.vdev, deviceTable.intern(h.type));

  // 3. device of every event: its vdev's type, else its own code's.
  const familyOf = trace.names.map((name) => {
    const f = DEVICE_FAMILIES.find(([prefix]) => name.startsWith(prefix));
    return f ? deviceTable.intern(f[1]) : 0;
  });
  const device = idArray(n, deviceTable.values.length - 1);
  for (let i = 0; i < n; i++) {
    const t = typeOfVdev[vdev[i]];
    device[i] = t > 0 ? t : familyOf[nameOf[i]];
  }

  const out = new Map(fields);
  if (vdevTable.values.length > 1) out.set('vdev', new DenseFieldColumn(vdev, vdevTable.values));
  if (queue && queueTable.values.length > 1 && !fields.has('queue')) out.set('queue', new DenseFieldColumn(queue, queueTable.values));
  if (deviceTable.values.length > 1 && !fields.has('device') && device.some((d) => d !== 0))
    out.set('device', new DenseFieldColumn(device, deviceTable.values));
  return { ...trace, fields: out };
}

/**
 * (vdev id, device id) for each pointerless config access right after a status write of that vdev
 * on the same thread (see CONFIG_ACCESS), when all such accesses of one device type name one vdev.
 */
function configAccessClaims(trace: Trace, vdev: IdArray, deviceTable: GrowingTable): [number, number][] {
  const tid = trace.fields.get('tid');
  const setStatus = trace.names.indexOf('virtio_set_status');
  const accessType = trace.names.map((name) => CONFIG_ACCESS.get(name));
  if (!tid || setStatus < 0 || !accessType.some((t) => t !== undefined)) return [];
  const lastOnThread = new Int32Array(tid.values.length).fill(-1);
  /** Per device type: the one vdev named so far, or -1 once two disagree. */
  const named = new Map<string, number>();
  for (let i = 0; i < trace.count; i++) {
    const t = tid.id(i);
    if (t === 0) continue;
    const prev = lastOnThread[t];
    lastOnThread[t] = i;
    const type = accessType[trace.name[i]];
    if (type === undefined || prev < 0 || trace.name[prev] !== setStatus || vdev[prev] === 0) continue;
    const gap = trace.ts.get(i) - trace.ts.get(prev);
    if (!(gap >= 0 && gap <= CONFIG_WINDOW_NS)) continue;
    const before = named.get(type);
    named.set(type, before === undefined || before === vdev[prev] ? vdev[prev] : -1);
  }
  return [...named].filter(([, v]) => v > 0).map(([type, v]) => [v, deviceTable.intern(type)]);
}

/** Each pointerless device event traced inside a kick's handler (see HANDLER_WINDOW_NS): the kicked vdev id and the event's type. */
function handlerEvidence(
  trace: Trace,
  vdev: FieldColumn,
  familyType: readonly (string | undefined)[],
): { vdev: number; type: string; kick: number; at: number }[] {
  const tid = trace.fields.get('tid');
  const notify = trace.names.indexOf(QUEUE_INDEX_EVENT);
  if (!tid || notify < 0) return [];
  const steps = trace.names.map((name) => HANDLER_STEPS.has(name));
  /** Per thread: the event index of the kick whose handler may be running, or -1. */
  const kick = new Int32Array(tid.values.length).fill(-1);
  const out: { vdev: number; type: string; kick: number; at: number }[] = [];
  for (let i = 0; i < trace.count; i++) {
    const t = tid.id(i);
    if (t === 0) continue;
    const name = trace.name[i];
    if (name === notify) {
      kick[t] = vdev.id(i) === 0 ? -1 : i;
      continue;
    }
    const k = kick[t];
    if (k < 0) continue;
    const type = familyType[name];
    const gap = trace.ts.get(i) - trace.ts.get(k);
    if (!(gap >= 0 && gap <= HANDLER_WINDOW_NS)) kick[t] = -1;
    else if (steps[name] && (vdev.id(i) === 0 || vdev.id(i) === vdev.id(k))) continue;
    else if (type !== undefined && vdev.id(i) === 0) out.push({ vdev: vdev.id(k), type, kick: k, at: i });
    else kick[t] = -1;
  }
  return out;
}

/**
 * The events a joined trace took the derived fields of `events` from: for each of their vqs a
 * `virtio_queue_notify` (the one in force at the first of them, else the first after), and for
 * each named vdev the first event that names its type. An excerpt that keeps these lines joins
 * to the same vdev, queue and device when it is read again (a permalink).
 */
export function qemuJoinEvidence(trace: Trace, events: readonly number[]): number[] {
  const out = new Set<number>();
  const vqCol = trace.fields.get('vq');
  const vdevCol = trace.fields.get('vdev');
  const deviceCol = trace.fields.get('device');
  const notify = trace.names.indexOf(QUEUE_INDEX_EVENT);
  if (vqCol && notify >= 0) {
    const firstUse = new Map<number, number>();
    for (const i of events) {
      const q = vqCol.id(i);
      if (q !== 0) firstUse.set(q, Math.min(firstUse.get(q) ?? i, i));
    }
    const chosen = new Map<number, number>();
    for (let i = 0; i < trace.count; i++) {
      const q = vqCol.id(i);
      const use = firstUse.get(q);
      if (use === undefined || trace.name[i] !== notify) continue;
      if (i <= use || !chosen.has(q)) chosen.set(q, i);
    }
    for (const i of chosen.values()) out.add(i);
  }
  if (vdevCol && deviceCol) {
    const wanted = new Map<number, string>();
    for (const i of [...events, ...out]) {
      const v = vdevCol.id(i);
      if (v !== 0 && deviceCol.id(i) !== 0) wanted.set(v, deviceCol.values[deviceCol.id(i)]);
    }
    const claims = trace.names.map((name) => DEVICE_POINTERS.filter((d) => name.startsWith(d.prefix)));
    const tid = trace.fields.get('tid');
    const lastOnThread = new Int32Array(tid ? tid.values.length : 0).fill(-1);
    for (let i = 0; i < trace.count && wanted.size > 0; i++) {
      const v = vdevCol.id(i);
      if (v !== 0 && wanted.has(v) && claims[trace.name[i]].some((d) => d.device === wanted.get(v))) {
        out.add(i);
        wanted.delete(v);
      }
      if (!tid || tid.id(i) === 0) continue;
      const prev = lastOnThread[tid.id(i)];
      lastOnThread[tid.id(i)] = i;
      const type = CONFIG_ACCESS.get(trace.names[trace.name[i]]);
      const pv = prev >= 0 ? vdevCol.id(prev) : 0;
      if (type !== undefined && pv !== 0 && wanted.get(pv) === type && trace.names[trace.name[prev]] === 'virtio_set_status') {
        out.add(prev);
        out.add(i);
        wanted.delete(pv);
      }
    }
    const familyType = trace.names.map((name) => DEVICE_FAMILIES.find(([prefix]) => name.startsWith(prefix))?.[1]);
    for (const h of handlerEvidence(trace, vdevCol, familyType)) {
      if (wanted.get(h.vdev) !== h.type) continue;
      out.add(h.kick);
      out.add(h.at);
      wanted.delete(h.vdev);
    }
  }
  return [...out].sort((a, b) => a - b);
}
