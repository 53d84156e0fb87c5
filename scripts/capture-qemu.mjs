#!/usr/bin/env node
// Real VirtIO traces, made again by anyone: boots a Debian 12 kernel with a
// busybox initramfs under QEMU TCG (never KVM, never the machine we work on:
// its own virtio devices carry its management traffic) and records QEMU's
// `log` trace backend for the host side and, inside the guest, kprobe events
// registered through tracefs for the driver side of the same run.
//
// Needs (installed when missing and we are root, so a rerun is a no-op):
//   apt-get install qemu-system-x86 qemu-system-common qemu-utils busybox-static cpio
//   (+ trace-cmd linux-perf for the `tools` run)
//   (qemu-storage-daemon ships in qemu-system-common on Debian 12)
//   a Debian 12 kernel: `apt-get download linux-image-6.1.0-N-amd64` (newest N
//   from apt-cache, or KERNEL_PKG=...), unpacked with `dpkg-deb -x`. Its virtio
//   drivers are modules (CONFIG_VIRTIO_*=m), so /init loads them with insmod.
//   The guest-side probe script comes from `vqscope probes --format tracefs`
//   (packages/cli/src/probes.ts), so run `node scripts/build-cli.mjs` first.
//
// Makes, under $CAPTURE_DIR (default /tmp/vqscope-capture), one folder per run:
//   pci/   q35 guest: virtio-serial port open/write/close, virtio-balloon
//          inflate (`balloon 200`) and deflate (`balloon 400`) over the HMP
//          monitor socket, virtio-rng reads, virtio-blk I/O, virtio-net ping
//          of the slirp gateway 10.0.2.2 (stays inside QEMU), and a
//          vhost-user-blk disk served by qemu-storage-daemon.
//          Files: qemu.log (QEMU trace), console.txt (serial), guest-ftrace.txt
//          (the guest's /sys/kernel/tracing/trace, cut out of the console),
//          qsd.log (qemu-storage-daemon stderr).
//   mmio/  microvm guest: virtio-blk, -rng and -net over virtio-mmio 1.x
//          (`-global virtio-mmio.force-legacy=false`); mmio-legacy/ the same
//          with QEMU's default legacy (version 1) virtio-mmio.
//   tools/ q35 guest running the trace-cmd and perf recipes of `vqscope probes`
//          (trace-cmd, perf and their libraries copied into the initramfs):
//          guest-trace-cmd.txt, guest-perf.txt.
// Each run takes about a minute under TCG. Usage:
//   node scripts/capture-qemu.mjs [pci] [mmio] [mmio-legacy] [tools]   (default: all)
// then `node scripts/capture-fixtures.mjs` to cut the committed fixtures from them.

import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = process.env.CAPTURE_DIR ?? '/tmp/vqscope-capture';
const runs = process.argv.slice(2).length ? process.argv.slice(2) : ['pci', 'mmio', 'mmio-legacy', 'tools'];
mkdirSync(work, { recursive: true });

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts });
}

// busybox-static, not busybox: the initramfs has no libc for a dynamic one.
function ensurePackages() {
  const pkgs = ['qemu-system-x86', 'qemu-system-common', 'qemu-utils', 'busybox-static', 'cpio'];
  if (runs.includes('tools')) pkgs.push('trace-cmd', 'linux-perf');
  const installed = (p) => {
    try {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own ${Status} field
      return sh('dpkg-query', ['-W', '-f', '${Status}', p]).includes('install ok installed');
    } catch {
      return false;
    }
  };
  const missing = pkgs.filter((p) => !installed(p));
  if (!missing.length) return;
  sh('apt-get', ['update'], { stdio: 'inherit' });
  sh('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

// The newest Debian 12 generic kernel that apt knows, unless KERNEL_PKG names one.
function kernelPackage() {
  if (process.env.KERNEL_PKG) return process.env.KERNEL_PKG;
  const names = sh('apt-cache', ['search', '--names-only', '^linux-image-6\\.1\\.0-[0-9]+-amd64$'])
    .split('\n')
    .map((l) => l.split(' ')[0])
    .filter(Boolean)
    .sort((a, b) => Number(a.split('-')[3]) - Number(b.split('-')[3]));
  if (!names.length) throw new Error('apt-cache finds no linux-image-6.1.0-N-amd64 (run apt-get update)');
  return names.at(-1);
}

function ensureKernel() {
  const pkg = kernelPackage();
  const dir = join(work, pkg);
  if (!existsSync(join(dir, 'boot'))) {
    const dl = join(work, 'deb');
    rmSync(dl, { recursive: true, force: true });
    mkdirSync(dl, { recursive: true });
    chmodSync(dl, 0o777); // apt downloads as the _apt user
    sh('apt-get', ['download', pkg], { cwd: dl, stdio: 'inherit' });
    const deb = readdirSync(dl).find((f) => f.endsWith('.deb'));
    sh('dpkg-deb', ['-x', join(dl, deb), dir]);
  }
  const release = pkg.replace(/^linux-image-/, '');
  return {
    pkg,
    release,
    vmlinuz: join(dir, 'boot', `vmlinuz-${release}`),
    modules: join(dir, 'lib', 'modules', release, 'kernel'),
  };
}

// Load order follows `modinfo -F depends` (the .deb has no modules.dep).
const MODULES = {
  core: ['drivers/virtio/virtio_ring.ko', 'drivers/virtio/virtio.ko'],
  pci: ['drivers/virtio/virtio_pci_legacy_dev.ko', 'drivers/virtio/virtio_pci_modern_dev.ko', 'drivers/virtio/virtio_pci.ko'],
  mmio: ['drivers/virtio/virtio_mmio.ko'],
  drivers: [
    'drivers/block/virtio_blk.ko',
    'net/core/failover.ko',
    'drivers/net/net_failover.ko',
    'drivers/net/virtio_net.ko',
    'drivers/char/hw_random/virtio-rng.ko',
    'drivers/char/virtio_console.ko',
    'drivers/virtio/virtio_balloon.ko',
  ],
};

function probeScript() {
  if (process.env.PROBES_FILE) return readFileSync(process.env.PROBES_FILE, 'utf8');
  const cli = join(repo, 'packages/cli/bin/vqscope.mjs');
  return sh('node', [cli, 'probes', '--arch', 'x86_64', '--format', 'tracefs']);
}

// The `tools` run: the trace-cmd and perf recipes of `vqscope probes`, run as
// printed, around a little virtio-blk and -rng I/O, after the drivers loaded.
function toolsInitScript() {
  const cli = join(repo, 'packages/cli/bin/vqscope.mjs');
  const recipe = (f) => sh('node', [cli, 'probes', '--arch', 'x86_64', '--format', f]).trimEnd();
  const ins = [...MODULES.core, ...MODULES.pci, ...MODULES.drivers].map((m) => `insmod /mod/${m.split('/').at(-1)}`).join('\n');
  return `#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin LD_LIBRARY_PATH=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo 1 > /proc/sys/kernel/printk
mount -t tracefs nodev /sys/kernel/tracing
say() { echo "VQSCOPE:$*"; }
${ins}
io() {
  dd if=/dev/vda of=/dev/null bs=4k count=4 iflag=direct 2>&1 | tail -1
  dd if=/dev/zero of=/dev/vda bs=4k count=2 seek=8 oflag=direct 2>&1 | tail -1
  dd if=/dev/hwrng of=/dev/null bs=64 count=2 2>&1 | tail -1
}
cd /tmp
cat > trace-cmd.sh <<'RECIPE'
${recipe('trace-cmd')}
RECIPE
cat > perf.sh <<'RECIPE'
${recipe('perf').replace('sleep 30', 'sleep 25')}
RECIPE
say trace-cmd-begin
sh trace-cmd.sh
# trace-cmd and perf take seconds to start under TCG; earlier I/O is not recorded.
sleep 12
io
sleep 1
kill -INT $(pidof trace-cmd)
while pidof trace-cmd >/dev/null; do sleep 1; done
say trace-cmd-report-begin
trace-cmd report -i vqscope-guest.dat
say trace-cmd-report-end
echo > /sys/kernel/tracing/kprobe_events
say perf-begin
sh perf.sh &
sleep 12
io
wait
say perf-script-begin
perf script -i vqscope-guest.data
say perf-script-end
poweroff -f
`;
}

// A binary and the shared libraries ldd names, copied into the initramfs.
function copyWithLibs(bin, root) {
  const files = [bin];
  for (const m of sh('ldd', [bin]).matchAll(/(\/\S+\.so[.\d]*) \(/g)) files.push(m[1]);
  for (const m of sh('ldd', [bin]).matchAll(/^\s*(\/lib64\/\S+)/gm)) files.push(m[1]);
  for (const f of files) {
    const dst = join(root, f);
    mkdirSync(dirname(dst), { recursive: true });
    copyFileSync(f, dst);
  }
}

function initScript(run) {
  if (run === 'tools') return toolsInitScript();
  const transport = run.startsWith('mmio') ? 'mmio' : 'pci';
  const ins = (list) => list.map((m) => `insmod /mod/${m.split('/').at(-1)} || dmesg | tail -3`).join('\n');
  return `#!/bin/sh
# vqscope capture guest (${run}): markers on the serial console drive the host script.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo 1 > /proc/sys/kernel/printk
mount -t tracefs nodev /sys/kernel/tracing
T=/sys/kernel/tracing
say() { echo "VQSCOPE:$*"; }
say uname $(uname -r)
${ins(MODULES.core)}
# Probes go in after virtio_ring (where virtqueue_* live) and before any
# driver, so the trace covers device init.
echo 4096 > $T/buffer_size_kb
cat > /probes.sh <<'PROBES'
${probeScript().trimEnd()}
PROBES
say probes-begin
sh /probes.sh 2>&1
say probes-end
cat $T/kprobe_events
echo 1 > $T/tracing_on
${ins(MODULES[transport])}
${ins(MODULES.drivers)}
sleep 1
say modules-loaded
ls /sys/bus/virtio/devices/
for d in /sys/bus/virtio/devices/*; do echo "$d $(cat $d/device) $(basename $(readlink $d/driver) 2>/dev/null)"; done
say blk-begin
for b in /sys/block/vd*; do
  n=$(basename $b)
  dd if=/dev/$n of=/dev/null bs=4k count=4 iflag=direct 2>&1 | tail -1
  dd if=/dev/zero of=/dev/$n bs=4k count=2 seek=8 oflag=direct 2>&1 | tail -1
  echo "$n done"
done
sync
say blk-end
say rng-begin
dd if=/dev/hwrng of=/dev/null bs=64 count=4 2>&1 | tail -1
say rng-end
say net-begin
ip link set lo up
for i in /sys/class/net/eth*; do ip link set $(basename $i) up; done
ip addr add 10.0.2.15/24 dev eth0
ping -c 3 -W 2 10.0.2.2 2>&1 | tail -2
say net-end
say console-begin
for p in /dev/vport*; do
  [ -e "$p" ] || continue
  echo "hello from the guest on $p" > $p
  echo "$p written"
done
say console-end
if [ -d /sys/bus/virtio/drivers/virtio_balloon ] && ls /sys/bus/virtio/drivers/virtio_balloon | grep -q virtio; then
  say balloon-ready
  read go
  say balloon-done $go
fi
echo 0 > $T/tracing_on
say ftrace-begin
cat $T/trace
say ftrace-end
say poweroff
poweroff -f
`;
}

function buildInitramfs(run, kernel) {
  const root = join(work, run, 'root');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['bin', 'proc', 'sys', 'dev', 'mod', 'tmp']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  symlinkSync('busybox', join(root, 'bin/sh'));
  const transport = run.startsWith('mmio') ? 'mmio' : 'pci';
  for (const m of [...MODULES.core, ...MODULES[transport], ...MODULES.drivers]) {
    copyFileSync(join(kernel.modules, m), join(root, 'mod', m.split('/').at(-1)));
  }
  if (run === 'tools') for (const b of ['/usr/bin/trace-cmd', '/usr/bin/perf']) copyWithLibs(b, root);
  writeFileSync(join(root, 'init'), initScript(run));
  chmodSync(join(root, 'init'), 0o755);
  const img = join(work, run, 'initramfs.cpio');
  execFileSync('sh', ['-c', `cd ${root} && find . | cpio -o -H newc --quiet > ${img}`]);
  return img;
}

function hmp(sock, cmd) {
  return new Promise((res, rej) => {
    const c = net.connect(sock);
    let out = '';
    c.on('data', (d) => {
      out += d;
      if (out.includes('(qemu)') && out.split('(qemu)').length > 2) {
        c.end();
        res(out);
      }
    });
    c.on('error', rej);
    c.on('connect', () => c.write(`${cmd}\n`));
    setTimeout(() => {
      c.destroy();
      res(out);
    }, 5000);
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function balloonTo(mon, mb) {
  await hmp(mon, `balloon ${mb}`);
  for (let i = 0; i < 60; i++) {
    await sleep(1000);
    const info = await hmp(mon, 'info balloon');
    const m = /actual=(\d+)/.exec(info);
    if (m && Number(m[1]) === mb) return Number(m[1]);
  }
  return -1;
}

async function runQemu(run, kernel) {
  const dir = join(work, run);
  mkdirSync(dir, { recursive: true });
  const initrd = buildInitramfs(run, kernel);
  const log = join(dir, 'qemu.log');
  const mon = join(dir, 'monitor.sock');
  rmSync(log, { force: true });
  rmSync(mon, { force: true });
  const blk = join(dir, 'blk.img');
  execFileSync('qemu-img', ['create', '-q', '-f', 'raw', blk, '8M']);
  const common = [
    '-accel',
    'tcg',
    '-nographic',
    '-no-reboot',
    '-m',
    '512',
    '-kernel',
    kernel.vmlinuz,
    '-initrd',
    initrd,
    '-append',
    'console=ttyS0 quiet panic=-1',
    '-trace',
    'virtio_*',
    '-trace',
    'vhost_*',
    '-trace',
    'virtqueue_*',
    '-D',
    log,
    '-msg',
    'timestamp=on',
    '-monitor',
    `unix:${mon},server=on,wait=off`,
    '-netdev',
    'user,id=n0,restrict=on',
  ];
  let qsd;
  let args;
  if (run.startsWith('mmio')) {
    args = [
      '-M',
      // No HPET and no kvmclock under TCG: without a PIT and a TSC frequency
      // on the command line, 6.1 hangs after "tsc: Unable to calibrate against PIT".
      'microvm,acpi=on,pit=on,pic=on,rtc=on',
      ...common.map((a) => (a.startsWith('console=') ? `${a} tsc_early_khz=1000000 no_timer_check` : a)),
      // QEMU 7.2's virtio-mmio is legacy (version 1) unless told otherwise.
      ...(run === 'mmio' ? ['-global', 'virtio-mmio.force-legacy=false'] : []),
      '-drive',
      `file=${blk},format=raw,if=none,id=d0`,
      '-device',
      'virtio-blk-device,drive=d0',
      '-device',
      'virtio-net-device,netdev=n0',
      '-object',
      'rng-random,id=rng0,filename=/dev/urandom',
      '-device',
      'virtio-rng-device,rng=rng0',
    ];
  } else if (run === 'tools') {
    args = [
      '-M',
      'q35',
      ...common,
      '-drive',
      `file=${blk},format=raw,if=none,id=d0`,
      '-device',
      'virtio-blk-pci,drive=d0',
      '-object',
      'rng-random,id=rng0,filename=/dev/urandom',
      '-device',
      'virtio-rng-pci,rng=rng0',
    ];
  } else {
    const vu = join(dir, 'vhost-user-blk.sock');
    const vuImg = join(dir, 'vu.img');
    rmSync(vu, { force: true });
    execFileSync('qemu-img', ['create', '-q', '-f', 'raw', vuImg, '8M']);
    qsd = spawn(
      'qemu-storage-daemon',
      [
        '--blockdev',
        `driver=file,node-name=vu0,filename=${vuImg}`,
        '--export',
        `type=vhost-user-blk,id=vue0,node-name=vu0,addr.type=unix,addr.path=${vu},writable=on`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let qsdErr = '';
    qsd.stderr.on('data', (d) => {
      qsdErr += d;
    });
    qsd.on('exit', () => writeFileSync(join(dir, 'qsd.log'), qsdErr));
    for (let i = 0; i < 50 && !existsSync(vu); i++) await sleep(100);
    args = [
      '-M',
      'q35',
      ...common,
      '-object',
      'memory-backend-memfd,id=mem,size=512M,share=on',
      '-numa',
      'node,memdev=mem',
      '-drive',
      `file=${blk},format=raw,if=none,id=d0`,
      '-device',
      'virtio-blk-pci,drive=d0',
      '-device',
      'virtio-net-pci,netdev=n0',
      '-object',
      'rng-random,id=rng0,filename=/dev/urandom',
      '-device',
      'virtio-rng-pci,rng=rng0',
      '-device',
      'virtio-balloon-pci',
      '-device',
      'virtio-serial-pci',
      '-chardev',
      `file,id=vp0,path=${join(dir, 'vport.out')}`,
      '-device',
      'virtserialport,chardev=vp0,name=org.vqscope.port0',
      '-chardev',
      `socket,id=vu0,path=${vu}`,
      '-device',
      'vhost-user-blk-pci,chardev=vu0',
    ];
  }
  writeFileSync(join(dir, 'command.txt'), `qemu-system-x86_64 ${args.join(' ')}\n`);
  const q = spawn('qemu-system-x86_64', args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let consoleText = '';
  let pending = '';
  const done = new Promise((res) => q.on('exit', res));
  const timer = setTimeout(() => q.kill('SIGTERM'), 240_000);
  q.stdout.on('data', async (d) => {
    consoleText += d;
    pending += d;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const l of lines) {
      const m = /VQSCOPE:(\S+)/.exec(l);
      if (!m || m[1] === 'ftrace-begin') continue;
      if (!/VQSCOPE:ftrace/.test(l)) process.stdout.write(`[${run}] ${l.trim()}\n`);
      if (m[1] === 'balloon-ready') {
        const a = await balloonTo(mon, 200);
        const b = await balloonTo(mon, 400);
        process.stdout.write(`[${run}] balloon actual ${a} then ${b}\n`);
        q.stdin.write(`${a},${b}\n`);
      }
    }
  });
  const code = await done;
  clearTimeout(timer);
  if (qsd) {
    qsd.kill('SIGTERM');
    await new Promise((r) => qsd.on('exit', r));
  }
  writeFileSync(join(dir, 'console.txt'), consoleText.replace(/\r/g, ''));
  const ft = /VQSCOPE:ftrace-begin\n([\s\S]*?)VQSCOPE:ftrace-end/.exec(consoleText.replace(/\r/g, ''));
  if (ft) writeFileSync(join(dir, 'guest-ftrace.txt'), ft[1]);
  const cut = (a, b) => new RegExp(`VQSCOPE:${a}\\n([\\s\\S]*?)VQSCOPE:${b}`).exec(consoleText.replace(/\r/g, ''))?.[1];
  const tc = cut('trace-cmd-report-begin', 'trace-cmd-report-end');
  if (tc) writeFileSync(join(dir, 'guest-trace-cmd.txt'), tc);
  const ps = cut('perf-script-begin', 'perf-script-end');
  if (ps) writeFileSync(join(dir, 'guest-perf.txt'), ps);
  process.stdout.write(`[${run}] qemu exited ${code}; ${log}\n`);
}

ensurePackages();
const kernel = ensureKernel();
process.stdout.write(`kernel ${kernel.pkg}; ${sh('qemu-system-x86_64', ['--version']).split('\n')[0]}\n`);
for (const run of runs) await runQemu(run, kernel);
