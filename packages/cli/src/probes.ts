/**
 * `vqscope probes`: what to run inside a guest so its VirtIO driver side can be
 * checked and merged with the host's trace. The five contract events (vq_add,
 * vq_kick, vq_interrupt, vq_get_buf, vdev_status) are kprobes on the virtio
 * core, because Linux has no virtio tracepoints. Each recipe here was run in a
 * Debian 12 guest (6.1.0-57-amd64, x86_64) under QEMU 7.2 TCG by
 * scripts/capture-qemu.mjs; the lines it produced are in
 * packages/trace/fixtures/guest/. Where a recipe was not run, it says so.
 *
 * What else was learnt in that guest (6.1): `$arg1` works in kprobe
 * definitions, but not in kretprobes (`r: ... len=+0($arg2)` is rejected; that
 * needs 6.9), so vq_get_buf takes its queue from a separate entry event; a
 * probe may name a module that is not loaded yet (`virtio_pci:vp_set_status`)
 * and fires once it is; vp_set_status and vp_reset each exist twice in
 * virtio_pci (modern and legacy), and the module-qualified name was accepted
 * (before and after virtio_pci loaded) and fired for the modern devices.
 * Kernels with the 2023 duplicate-symbol check reject an ambiguous name with
 * EADDRNOTAVAIL; if that happens, probe the addresses from /proc/kallsyms.
 *
 * Pure: it returns text and never touches the system.
 */

export const PROBE_ARCHES = ['x86_64', 'arm64'] as const;
export type ProbeArch = (typeof PROBE_ARCHES)[number];
export const PROBE_FORMATS = ['tracefs', 'trace-cmd', 'perf', 'bpftrace'] as const;
export type ProbeFormat = (typeof PROBE_FORMATS)[number];

/** The guest-side event names the importers and the merge rely on. */
export const PROBE_EVENTS = ['vq_add', 'vq_kick', 'vq_interrupt', 'vq_get_buf', 'vdev_status'] as const;

/** The kprobe group: events show up as `vqscope/<name>` in tracefs. */
export const PROBE_GROUP = 'vqscope';

// Function arguments by position, as kprobe fetchargs (Documentation/trace/kprobetrace.rst).
const ARG_REGS: Record<ProbeArch, readonly string[]> = {
  x86_64: ['%di', '%si', '%dx', '%cx', '%r8', '%r9'],
  arm64: ['%x0', '%x1', '%x2', '%x3', '%x4', '%x5'],
};

// struct virtqueue (include/linux/virtio.h, 6.1): list (16) callback (8)
// name (8), then `vdev` at 32 and `index` at 40; struct virtio_device starts
// with `int index` (the N of virtioN). Stable from 4.x to 6.12 on 64-bit.
const VQ_VDEV = 32;
const VQ_INDEX = 40;

type Arg = readonly [name: string, fetch: string];
interface Probe {
  readonly event: (typeof PROBE_EVENTS)[number] | 'vq_get_buf_entry';
  readonly ret: boolean;
  /** `[MOD:]function`: a module prefix lets the probe wait for the module to load. */
  readonly target: string;
  readonly args: (r: readonly string[]) => readonly Arg[];
}

const vqArgs = (reg: string): Arg[] => [
  ['vq', `${reg}:x64`],
  ['dev', `+0(+${VQ_VDEV}(${reg})):s32`],
  ['queue', `+${VQ_INDEX}(${reg}):u32`],
];

/**
 * One event may sit on several functions (the kernel appends a probe to an
 * existing event when its arguments have the same names and types), so
 * vq_add covers every virtqueue_add_* entry point a driver can use.
 */
const PROBES: readonly Probe[] = [
  // virtqueue_add_sgs(vq, sgs, out_sgs, in_sgs, data, gfp): out/in count scatterlists.
  {
    event: 'vq_add',
    ret: false,
    target: 'virtqueue_add_sgs',
    args: (r) => [...vqArgs(r[0]), ['token', `${r[4]}:x64`], ['out', `${r[2]}:u32`], ['in', `${r[3]}:u32`]],
  },
  // virtqueue_add_outbuf/inbuf[_ctx](vq, sg, num, data, ...): num entries one way.
  {
    event: 'vq_add',
    ret: false,
    target: 'virtqueue_add_outbuf',
    args: (r) => [...vqArgs(r[0]), ['token', `${r[3]}:x64`], ['out', `${r[2]}:u32`], ['in', '\\0:u32']],
  },
  {
    event: 'vq_add',
    ret: false,
    target: 'virtqueue_add_inbuf',
    args: (r) => [...vqArgs(r[0]), ['token', `${r[3]}:x64`], ['out', '\\0:u32'], ['in', `${r[2]}:u32`]],
  },
  {
    event: 'vq_add',
    ret: false,
    target: 'virtqueue_add_inbuf_ctx',
    args: (r) => [...vqArgs(r[0]), ['token', `${r[3]}:x64`], ['out', '\\0:u32'], ['in', `${r[2]}:u32`]],
  },
  // The transports' notify callbacks (vq->notify), not virtqueue_notify: on
  // 6.1 virtqueue_kick has virtqueue_notify inlined, so a probe there saw 30
  // of the 513 notifications QEMU logged. These run only when a notification
  // is really sent, after event-index suppression.
  { event: 'vq_kick', ret: false, target: 'virtio_pci:vp_notify', args: (r) => vqArgs(r[0]) },
  { event: 'vq_kick', ret: false, target: 'virtio_mmio:vm_notify', args: (r) => vqArgs(r[0]) },
  // vring_interrupt(irq, vq): called for every queue sharing a vector, used or not.
  { event: 'vq_interrupt', ret: false, target: 'vring_interrupt', args: (r) => vqArgs(r[1]) },
  // A kretprobe on 6.1 sees only $retval (the token), so the queue comes from
  // the entry event just before it on the same CPU; the used length is not
  // reachable before 6.9 ($argN in return probes). virtqueue_get_buf is probed
  // too because the compiler may inline virtqueue_get_buf_ctx into it.
  {
    event: 'vq_get_buf_entry',
    ret: false,
    target: 'virtqueue_get_buf_ctx',
    args: (r) => [...vqArgs(r[0]), ['lenp', `${r[1]}:x64`]],
  },
  {
    event: 'vq_get_buf_entry',
    ret: false,
    target: 'virtqueue_get_buf',
    args: (r) => [...vqArgs(r[0]), ['lenp', `${r[1]}:x64`]],
  },
  { event: 'vq_get_buf', ret: true, target: 'virtqueue_get_buf_ctx', args: () => [['token', '$retval:x64']] },
  { event: 'vq_get_buf', ret: true, target: 'virtqueue_get_buf', args: () => [['token', '$retval:x64']] },
  // The transports' own status writers, static functions called through
  // virtio_config_ops: every status write goes through set_status, and reset
  // (status 0) through reset. The module prefix makes them pending probes, so
  // they can be registered before virtio_pci/virtio_mmio load and catch the
  // ACKNOWLEDGE written at device registration.
  ...(['virtio_pci:vp', 'virtio_mmio:vm'] as const).flatMap((t): Probe[] => [
    {
      event: 'vdev_status',
      ret: false,
      target: `${t}_set_status`,
      args: (r) => [
        ['dev', `+0(${r[0]}):s32`],
        ['status', `${r[1]}:u8`],
      ],
    },
    {
      event: 'vdev_status',
      ret: false,
      target: `${t}_reset`,
      args: (r) => [
        ['dev', `+0(${r[0]}):s32`],
        ['status', '\\0:u8'],
      ],
    },
  ]),
];

/** The kprobe_events lines for an architecture, in registration order. */
export function kprobeDefinitions(arch: ProbeArch): string[] {
  const regs = ARG_REGS[arch];
  return PROBES.map(
    (p) =>
      `${p.ret ? 'r' : 'p'}:${PROBE_GROUP}/${p.event} ${p.target} ${p
        .args(regs)
        .map(([n, f]) => `${n}=${f}`)
        .join(' ')}`,
  );
}

const TESTED =
  'Tested: x86_64, Debian 12 kernel 6.1.0-57-amd64 (6.1.192, CONFIG_KPROBE_EVENTS=y,\n# CONFIG_DEBUG_INFO_BTF=y) in QEMU 7.2 TCG, virtio-pci and virtio-mmio. arm64: not run.';

function shellRegister(arch: ProbeArch): string {
  return [
    `T=\${TRACEFS:-/sys/kernel/tracing}`,
    '[ -e "$T/kprobe_events" ] || mount -t tracefs nodev "$T"',
    '# printf, not echo: dash would turn \\0 into a NUL byte.',
    'add() { printf \'%s\\n\' "$1" >> "$T/kprobe_events" || echo "vqscope probes: the kernel rejected: $1" >&2; }',
    ...kprobeDefinitions(arch).map((d) => `add '${d}'`),
  ].join('\n');
}

function tracefs(arch: ProbeArch): string {
  return `#!/bin/sh
# vqscope guest probes (${arch}, tracefs). Run as root in the guest before the
# virtio drivers load (or before the I/O you want to see), then run the I/O,
# then save the trace and give it to \`vqscope check\` with the host's QEMU log.
# Events: ${PROBE_EVENTS.join(', ')} (plus vq_get_buf_entry, which carries the
# queue of the vq_get_buf that follows it on the same CPU).
# ${TESTED}
${shellRegister(arch)}
echo 1 > "$T/events/${PROBE_GROUP}/enable"
echo 1 > "$T/tracing_on"
# ... run the I/O, then:
#   echo 0 > "$T/tracing_on"; cat "$T/trace" > guest-ftrace.txt
# Remove the probes afterwards:
#   echo 0 > "$T/events/${PROBE_GROUP}/enable"; echo > "$T/kprobe_events"
`;
}

function traceCmd(arch: ProbeArch): string {
  return `#!/bin/sh
# vqscope guest probes (${arch}, trace-cmd). trace-cmd records kprobe events
# but does not define them, so they are registered through tracefs first.
# Events: ${PROBE_EVENTS.join(', ')} (plus vq_get_buf_entry).
# ${TESTED}
# trace-cmd 3.1.6 (Debian 12) ran there too.
${shellRegister(arch)}
trace-cmd record -e '${PROBE_GROUP}:*' -o vqscope-guest.dat &
# ... run the I/O, stop trace-cmd with kill -INT, then:
#   trace-cmd report -i vqscope-guest.dat > guest-trace-cmd.txt
#   echo > "$T/kprobe_events"
`;
}

function perf(arch: ProbeArch): string {
  return `#!/bin/sh
# vqscope guest probes (${arch}, perf). \`perf probe\` cannot express the
# struct offsets without debuginfo, so the kprobes are defined through tracefs
# and perf records them as the tracepoints ${PROBE_GROUP}:<event>.
# Events: ${PROBE_EVENTS.join(', ')} (plus vq_get_buf_entry).
# ${TESTED}
# perf 6.1.187 (Debian 12 linux-perf) ran there too; under TCG it needs
# seconds to start, so begin the I/O a few seconds after perf.
${shellRegister(arch)}
perf record -a -e '${PROBE_GROUP}:*' -o vqscope-guest.data -- sleep 30
# ... run the I/O within those 30 s, then:
#   perf script -i vqscope-guest.data > guest-perf.txt
#   echo > "$T/kprobe_events"
`;
}

function bpftrace(arch: ProbeArch): string {
  // bpftrace names arguments arg0..argN on every architecture.
  const vq = (a: string) => `${a}, *(int32 *)(*(uint64 *)(${a} + ${VQ_VDEV})), *(uint32 *)(${a} + ${VQ_INDEX})`;
  const head = (ev: string) => `printf("%llu ${ev}: vq=0x%lx dev=%d queue=%u`;
  return `#!/usr/bin/env bpftrace
// vqscope guest probes (${arch}, bpftrace). Run: bpftrace vqscope.bt > guest-bpftrace.txt
// Lines: <ns since boot> <event>: key=value... Events: ${PROBE_EVENTS.join(', ')}.
// Not run: the Debian 12 guest used for the other formats has no bpftrace in
// its initramfs. Offsets as for the tracefs recipe (struct virtqueue: vdev at
// ${VQ_VDEV}, index at ${VQ_INDEX}; struct virtio_device: index at 0).
kprobe:virtqueue_add_sgs {
  ${head('vq_add')} token=0x%lx out=%u in=%u\\n", nsecs, ${vq('arg0')}, arg4, arg2, arg3);
}
kprobe:virtqueue_add_outbuf {
  ${head('vq_add')} token=0x%lx out=%u in=0\\n", nsecs, ${vq('arg0')}, arg3, arg2);
}
kprobe:virtqueue_add_inbuf, kprobe:virtqueue_add_inbuf_ctx {
  ${head('vq_add')} token=0x%lx out=0 in=%u\\n", nsecs, ${vq('arg0')}, arg3, arg2);
}
kprobe:vp_notify, kprobe:vm_notify {
  ${head('vq_kick')}\\n", nsecs, ${vq('arg0')});
}
kprobe:vring_interrupt {
  ${head('vq_interrupt')}\\n", nsecs, ${vq('arg1')});
}
// get_buf may call get_buf_ctx: the inner return prints and clears, the outer finds nothing.
kprobe:virtqueue_get_buf_ctx, kprobe:virtqueue_get_buf { @vq[tid] = arg0; @lenp[tid] = arg1; }
kretprobe:virtqueue_get_buf_ctx, kretprobe:virtqueue_get_buf /@vq[tid]/ {
  $v = @vq[tid];
  ${head('vq_get_buf')} token=0x%lx len=%u\\n", nsecs, ${vq('$v')}, retval, *(uint32 *)@lenp[tid]);
  delete(@vq[tid]);
  delete(@lenp[tid]);
}
kprobe:vp_set_status, kprobe:vm_set_status {
  printf("%llu vdev_status: dev=%d status=%u\\n", nsecs, *(int32 *)arg0, arg1 & 0xff);
}
kprobe:vp_reset, kprobe:vm_reset {
  printf("%llu vdev_status: dev=%d status=0\\n", nsecs, *(int32 *)arg0);
}
`;
}

/** The text `vqscope probes` prints. */
export function probeRecipe(arch: ProbeArch, format: ProbeFormat): string {
  switch (format) {
    case 'tracefs':
      return tracefs(arch);
    case 'trace-cmd':
      return traceCmd(arch);
    case 'perf':
      return perf(arch);
    case 'bpftrace':
      return bpftrace(arch);
  }
}
