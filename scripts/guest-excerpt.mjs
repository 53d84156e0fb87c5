#!/usr/bin/env node
// Trims both halves of one capture run (guest ftrace + QEMU log from
// scripts/capture-qemu.mjs) the same way, so the pairs a merge relies on (the
// guest's n-th kick of a queue and QEMU's n-th notify of it) survive: the
// balloon's inflate/deflate requests (hundreds, all alike) are cut to the
// first and last K on each side, counted per side by kicks/notifies of the
// balloon's queues 0 and 1, which matched one to one in the run. Runs of empty
// polls in the guest are thinned to 3 (see thinEmptyPolls). Everything
// else is kept, except QEMU's vhost memory-section lines (vhost_section,
// vhost_region_*, vhost_reject_section: memory-map noise, 20k lines) and all
// but 3 of the per-page virtio_balloon_handle_output lines of each request.
//
//   node scripts/guest-excerpt.mjs GUEST_FTRACE QEMU_LOG OUTDIR
//        --guest-dev N --host-vdev 0x... [--keep K]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [guestFile, hostFile, outDir, ...opts] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = opts.indexOf(name);
  return i >= 0 ? opts[i + 1] : dflt;
};
const guestDev = opt('--guest-dev');
const hostVdev = opt('--host-vdev');
const keep = Number(opt('--keep', '12'));
if (!guestDev || !hostVdev) throw new Error('need --guest-dev N and --host-vdev 0x...');

const lines = (f) => {
  const l = readFileSync(f, 'utf8').split('\n');
  if (l.at(-1) === '') l.pop();
  return l;
};

// The window [from, to) between the keep-th and the (total-keep)-th request.
function window(ls, isRequest) {
  const idx = [];
  ls.forEach((l, i) => {
    if (isRequest(l)) idx.push(i);
  });
  if (idx.length <= 2 * keep) return [0, 0];
  return [idx[keep], idx[idx.length - keep]];
}

// Guest: a busy-polling driver (virtnet_send_command spins on the control
// queue) logs hundreds of empty polls (vq_get_buf_entry + vq_get_buf
// token=0x0) in a row: keep the first 3 of each run on one queue.
function thinEmptyPolls(ls) {
  const out = [];
  let runKey = '';
  let runLen = 0;
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i];
    const next = ls[i + 1] ?? '';
    if (/ vq_get_buf_entry: /.test(l) && / vq_get_buf: .*token=0x0$/.test(next)) {
      const key = /dev=\S+ queue=\S+/.exec(l)?.[0] ?? '';
      runLen = key === runKey ? runLen + 1 : 1;
      runKey = key;
      if (runLen <= 3) out.push(l, next);
      i++;
      continue;
    }
    runKey = '';
    out.push(l);
  }
  return out;
}

// Guest: drop the balloon's events in the window; a vq_get_buf goes with the
// vq_get_buf_entry before it.
const g = thinEmptyPolls(lines(guestFile));
const gDev = new RegExp(`dev=${guestDev} `);
const [ga, gb] = window(g, (l) => / vq_kick: .* dev=\S+ queue=[01]$/.test(l) && gDev.test(l));
let dropNextGetBuf = false;
const gOut = g.filter((l, i) => {
  if (i < ga || i >= gb) return true;
  if (/ vq_get_buf: /.test(l) && dropNextGetBuf) {
    dropNextGetBuf = false;
    return false;
  }
  const drop = gDev.test(`${l} `);
  if (/ vq_get_buf_entry: /.test(l)) dropNextGetBuf = drop;
  return !drop;
});

// Host: the balloon's queues and the elements popped from them.
const h = lines(hostFile);
const vqs = new Set();
for (const l of h) {
  const m = /vdev (0x[0-9a-f]+).* vq (0x[0-9a-f]+)/.exec(l);
  if (m && m[1] === hostVdev) vqs.add(m[2]);
}
const elems = new Set();
for (const l of h) {
  const m = /virtqueue_pop vq (0x[0-9a-f]+) elem (0x[0-9a-f]+)/.exec(l);
  if (m && vqs.has(m[1])) elems.add(m[2]);
}
const isBalloon = (l) => {
  if (/:virtio_balloon_/.test(l) && !/:virtio_balloon_to_target /.test(l)) return true;
  const v = /vdev (0x[0-9a-f]+)/.exec(l);
  if (v) return v[1] === hostVdev;
  const q = / vq (0x[0-9a-f]+)/.exec(l);
  if (q && vqs.has(q[1])) return true;
  const e = / elem (0x[0-9a-f]+)/.exec(l);
  return !!e && elems.has(e[1]);
};
const [ha, hb] = window(h, (l) => new RegExp(`:virtio_queue_notify vdev ${hostVdev} n [01] `).test(l));
let run = 0;
const hOut = h.filter((l, i) => {
  if (/:vhost_(section|region_add_section|reject_section)/.test(l)) return false;
  // virtio_pci_notify_write precedes each notify; in the window it goes with it.
  if (i >= ha && i < hb && (isBalloon(l) || (/:virtio_pci_notify_write /.test(l) && isBalloon(h[i + 1] ?? '')))) return false;
  if (/:virtio_balloon_handle_output /.test(l)) return run++ < 3;
  run = 0;
  return true;
});

writeFileSync(join(outDir, 'guest-ftrace-kprobes.txt'), `${gOut.join('\n')}\n`);
writeFileSync(join(outDir, 'host-qemu.log'), `${hOut.join('\n')}\n`);
process.stdout.write(
  `guest ${g.length} -> ${gOut.length} lines (cut ${ga + 1}-${gb}); host ${h.length} -> ${hOut.length} lines (cut ${ha + 1}-${hb})\n`,
);
