#!/usr/bin/env node
// Cuts a fixture out of a long QEMU `log`-backend trace (from
// scripts/capture-qemu.mjs) by device, so the excerpt keeps whole
// conversations: every line naming one of the chosen vdevs, every line on one
// of their virtqueues, and the element lines (alloc/pop/fill) of elements
// popped from those queues. Lines matching --also are kept too (device events
// that name no vdev, e.g. virtio_balloon_*, vhost_user_*). --drop removes
// noise such as vhost_section. --head/--tail keep the first and last N kept
// lines, cutting only between requests: the head ends before the next
// virtio_queue_notify.
//
//   node scripts/qemu-excerpt.mjs LOG --vdev 0x... [--vdev ...] [--also RE]
//        [--drop RE] [--head N] [--tail N] > fixture.log
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const file = argv.shift();
const vdevs = new Set();
const also = [];
const drop = [];
let head = Number.POSITIVE_INFINITY;
let tail = 0;
let thin;
let thinK = 0;
const windows = [];
for (let i = 0; i < argv.length; i += 2) {
  const [k, v] = [argv[i], argv[i + 1]];
  if (k === '--vdev') vdevs.add(v);
  else if (k === '--also') also.push(new RegExp(v));
  else if (k === '--drop') drop.push(new RegExp(v));
  else if (k === '--head') head = Number(v);
  else if (k === '--tail') tail = Number(v);
  else if (k === '--thin') {
    thin = new RegExp(v);
    thinK = Number(argv[i + 2]);
    i++;
  } else if (k === '--window') {
    windows.push([new RegExp(v), Number(argv[i + 2])]);
    i++;
  } else throw new Error(`unknown option ${k}`);
}
const lines = readFileSync(file, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();

// Pass 1: the queues of the chosen devices and the elements popped from them.
const vqs = new Set();
for (const l of lines) {
  const m = /vdev (0x[0-9a-f]+).* vq (0x[0-9a-f]+)/.exec(l);
  if (m && vdevs.has(m[1])) vqs.add(m[2]);
}
const elems = new Set();
for (const l of lines) {
  const m = /virtqueue_pop vq (0x[0-9a-f]+) elem (0x[0-9a-f]+)/.exec(l);
  if (m && vqs.has(m[1])) elems.add(m[2]);
}
const word = (re, l) => {
  const m = re.exec(l);
  return m ? m[1] : undefined;
};
const kept = lines.filter((l) => {
  if (drop.some((re) => re.test(l))) return false;
  if (also.some((re) => re.test(l))) return true;
  const v = word(/(?:vdev|rng) (0x[0-9a-f]+)/, l);
  if (v && vdevs.has(v)) return true;
  const q = word(/ vq (0x[0-9a-f]+)/, l);
  if (q && vqs.has(q)) return true;
  const e = word(/ elem (0x[0-9a-f]+)/, l);
  return e !== undefined && elems.has(e);
});
// --thin RE K: of each run of consecutive lines matching RE keep the first K
// (a balloon request logs one line per page).
let run = 0;
const thinned = kept.filter((l) => {
  if (!thin?.test(l)) {
    run = 0;
    return true;
  }
  return run++ < thinK;
});
const notify = (l) => /:virtio_queue_notify /.test(l);
let out = thinned;
if (thinned.length > head + tail) {
  let h = head;
  while (h < thinned.length && !notify(thinned[h])) h++;
  let t = thinned.length - tail;
  while (t > h && !notify(thinned[t])) t--;
  // --window RE N: also keep N lines from the notify before RE's first match
  // in the cut-out middle (e.g. the switch from inflating to deflating).
  const middle = [];
  for (const [re, n] of windows) {
    let s = thinned.findIndex((l, i) => i >= h && i < t && re.test(l));
    if (s < 0) continue;
    while (s > h && !notify(thinned[s])) s--;
    let e = Math.min(s + n, t);
    while (e < t && !notify(thinned[e])) e++;
    middle.push(...thinned.slice(s, e));
  }
  out = [...thinned.slice(0, h), ...middle, ...thinned.slice(t)];
}
process.stdout.write(`${out.join('\n')}\n`);
