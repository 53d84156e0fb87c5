#!/usr/bin/env node
// Turns the runs of scripts/capture-qemu.mjs into the committed fixtures
// (packages/rules/fixtures/qemu/*.log, packages/trace/fixtures/guest/*), so a
// new capture replaces them with one command. The guest's virtioN is matched
// to QEMU's vdev by the order of Linux's ACKNOWLEDGE writes (`val 1`: SeaBIOS
// never writes 1 alone), which is the order Linux registers the devices in;
// the guest lists virtioN with its device id on the console.
//
//   node scripts/capture-fixtures.mjs     (reads $CAPTURE_DIR, default /tmp/vqscope-capture)
//
// The README tables next to the fixtures describe a run by hand: check the
// line numbers they quote after regenerating.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = process.env.CAPTURE_DIR ?? '/tmp/vqscope-capture';
const rules = join(repo, 'packages/rules/fixtures/qemu');
const guest = join(repo, 'packages/trace/fixtures/guest');
const node = (script, args) => execFileSync('node', [join(repo, 'scripts', script), ...args], { encoding: 'utf8' });

const DEVICE_IDS = { 1: 'net', 2: 'blk', 3: 'console', 4: 'rng', 5: 'balloon' };

/** virtioN → { type, vdev } for one run directory. */
function devices(dir) {
  const consoleText = readFileSync(join(dir, 'console.txt'), 'utf8');
  const log = readFileSync(join(dir, 'qemu.log'), 'utf8');
  const acked = [...log.matchAll(/virtio_set_status vdev (0x[0-9a-f]+) val 1$/gm)].map((m) => m[1]);
  const out = [];
  for (const m of consoleText.matchAll(/\/sys\/bus\/virtio\/devices\/virtio(\d+) 0x0*(\d+)/g)) {
    const n = Number(m[1]);
    const vdev = acked[n];
    const notifies = vdev ? log.split(`virtio_queue_notify vdev ${vdev} `).length - 1 : 0;
    const type = DEVICE_IDS[m[2]] ?? `id${m[2]}`;
    out.push({ n, vdev, type: type === 'blk' && notifies === 0 ? 'vhost-user-blk' : type });
  }
  return out;
}

function pci() {
  const dir = join(work, 'pci');
  const log = join(dir, 'qemu.log');
  const devs = devices(dir);
  const v = (t) => devs.find((d) => d.type === t)?.vdev;
  const cut = (file, args) => writeFileSync(join(rules, file), node('qemu-excerpt.mjs', [log, ...args]));
  cut('virtio-blk-pci.log', ['--vdev', v('blk'), '--also', ':virtio_blk_']);
  cut('virtio-net-pci-ping.log', ['--vdev', v('net'), '--also', ':virtio_net_']);
  cut('virtio-rng-pci.log', ['--vdev', v('rng'), '--also', ':virtio_rng_']);
  cut('virtio-serial-port-open-close.log', ['--vdev', v('console'), '--also', ':virtio_(serial|console)_']);
  // biome-ignore format: one option per line reads better here
  cut('virtio-balloon-inflate-deflate.log', [
    '--vdev', v('balloon'), '--also', ':virtio_balloon_',
    '--thin', ':virtio_balloon_handle_output ', '3',
    '--head', '500', '--tail', '300', '--window', 'balloon_to_target.*num_pages', '300',
  ]);
  // biome-ignore format: one option per line reads better here
  cut('vhost-user-blk-frontend.log', [
    '--vdev', v('vhost-user-blk'), '--also', ':vhost_(user|dev|vring)',
    '--also', ':vhost_commit', '--thin', ':vhost_commit', '1',
  ]);
  const balloon = devs.find((d) => d.type === 'balloon');
  process.stdout.write(
    node('guest-excerpt.mjs', [
      join(dir, 'guest-ftrace.txt'),
      log,
      guest,
      '--guest-dev',
      String(balloon.n),
      '--host-vdev',
      balloon.vdev,
      '--keep',
      '8',
    ]),
  );
  process.stdout.write(`pci devices: ${devs.map((d) => `virtio${d.n}=${d.type}@${d.vdev}`).join(' ')}\n`);
}

function whole(run, rulesName) {
  const dir = join(work, run);
  if (!existsSync(join(dir, 'qemu.log'))) return;
  copyFileSync(join(dir, 'qemu.log'), join(rules, rulesName));
  copyFileSync(join(dir, 'qemu.log'), join(guest, `host-qemu-${run}.log`));
  copyFileSync(join(dir, 'guest-ftrace.txt'), join(guest, `guest-ftrace-kprobes-${run}.txt`));
}

if (existsSync(join(work, 'pci', 'qemu.log'))) pci();
whole('mmio', 'virtio-mmio-microvm.log');
whole('mmio-legacy', 'virtio-mmio-legacy-microvm.log');
const tools = join(work, 'tools');
if (existsSync(join(tools, 'guest-perf.txt'))) {
  copyFileSync(join(tools, 'guest-trace-cmd.txt'), join(guest, 'guest-trace-cmd-kprobes.txt'));
  copyFileSync(join(tools, 'guest-perf.txt'), join(guest, 'guest-perf-kprobes.txt'));
  copyFileSync(join(tools, 'qemu.log'), join(guest, 'host-qemu-tools.log'));
}
