/**
 * The ftrace family: raw `trace`/`trace_pipe` with kprobe, kretprobe, uprobe and function-tracer
 * lines (trace-cmd report, perf script and function_graph have their own describe blocks).
 */
import { describe, expect, it } from 'vitest';
import { ingestFixtureEveryWay, rows } from '../test-support.ts';

describe('raw ftrace: probes', () => {
  it('names the guest kit’s kprobe events by the probe, with arguments, pid, cpu and comm as fields (constructed)', () => {
    const r = ingestFixtureEveryWay('ftrace/guest-kit.txt');
    expect(r.format).toBe('ftrace');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual([
      'vq_add',
      'vq_kick',
      'vq_interrupt',
      'vq_get_buf_entry',
      'vq_get_buf_entry',
      'vq_get_buf',
      'vdev_status',
    ]);
    expect(ev[0].fields).toEqual({
      pid: '2291',
      cpu: '1',
      comm: 'aplay',
      func: 'virtqueue_add_sgs',
      vq: '0xffff888003a5c000',
      token: '0xffff888004e21000',
      out: '1',
      in: '0',
    });
    expect(ev[6].fields).toMatchObject({ vdev: '0xffff888003a50000', status: '7' });
    expect(r.warnings).toEqual([]);
  });

  it('joins a kretprobe to the latest entry of the same function on the same CPU for the idle task, so the return carries vq', () => {
    const ev = rows(ingestFixtureEveryWay('ftrace/guest-kit.txt').trace);
    expect(ev[5].fields).toEqual({
      pid: '0',
      cpu: '0',
      comm: '<idle>',
      func: 'virtqueue_get_buf_ctx',
      caller: 'virtsnd_pcm_msg_complete',
      token: '0xffff888004e21000',
      len: '4',
      vq: '0xffff888003a5c000',
      // Joined after ingest (guest-fields.ts): the in count of the vq_add that handed this token.
      add_in: '0',
    });
  });

  it('reads kprobetrace.rst’s and perf-tools’ probe lines: $retval, bare hex, uprobes, unescaped quotes (reference)', () => {
    const r = ingestFixtureEveryWay('ftrace/kprobes.txt');
    const ev = rows(r.trace);
    expect(ev.map((e) => [e.line, e.name])).toEqual([
      [13, 'myprobe'],
      [14, 'myretprobe'],
      [15, 'myprobe'],
      [16, 'myretprobe'],
      [17, 'myopen'],
      [18, 'readline'],
      [19, 'readline'],
      [21, 'myopen'],
    ]);
    expect(ev[0].fields).toEqual({
      pid: '1447',
      cpu: '1',
      func: 'do_sys_open',
      dfd: '3',
      filename: '7fffd1ec4440',
      flags: '8000',
      mode: '0',
    });
    // The return of the first open carries the entry's arguments; the second return the second entry's.
    expect(ev[1].fields).toMatchObject({ func: 'do_sys_open', caller: 'sys_openat', retval: 'fffffffffffffffe', dfd: '3' });
    expect(ev[3].fields).toMatchObject({ retval: '3', dfd: 'ffffff9c', mode: '1b6' });
    expect(ev[5].fields).toMatchObject({ func: '0x48db60', caller: '0x41e876', arg1: 'ls -l', comm: 'bash' });
    expect(ev[6].fields.arg1).toBe('echo "hello world"');
    expect(ev[7].fields.filename).toBe('/etc/ld.so.cache');
    // The samples come from different runs; the LOST marker is no event and no warning.
    expect(r.warnings.map((w) => w.message)).toEqual(['timestamps go backwards, first at line 21; log order is used as the order']);
  });
});

describe('raw ftrace: function tracer', () => {
  it('names hits by the function with the parent as caller, and keeps tracepoints as messages (reference: a virtio-gpu capture)', () => {
    const r = ingestFixtureEveryWay('ftrace/function-tracer.txt');
    expect(r.format).toBe('ftrace');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual([
      'virtio_gpu_notify',
      'virtqueue_kick_prepare',
      'virtqueue_notify',
      'irq_handler_entry',
      'vp_vring_interrupt',
      'vring_interrupt',
      'virtio_gpu_ctrl_ack',
      'irq_handler_exit',
      'virtio_gpu_dequeue_ctrl_func',
      'virtqueue_get_buf',
      'virtqueue_get_buf_ctx_split',
    ]);
    expect(ev[0].fields).toEqual({ pid: '6214', cpu: '1', comm: 'kworker/1:1', caller: 'virtio_gpu_primary_plane_update' });
    expect(ev[3].fields).toMatchObject({ irq: '28', name: 'virtio2-virtqueues' });
  });
});

describe('raw function_graph', () => {
  it('reads entries, leaves and exits, naming a bare `}` from the open calls of its CPU (reference: perf-tools funcgraph)', () => {
    const r = ingestFixtureEveryWay('ftrace/function-graph.txt');
    expect(r.format).toBe('function-graph');
    const ev = rows(r.trace);
    expect(ev.map((e) => `${e.name}:${e.fields.phase}`)).toEqual([
      'do_nanosleep:entry',
      'hrtimer_start_range_ns:entry',
      '__hrtimer_start_range_ns:entry',
      'lock_hrtimer_base.isra.24:entry',
      '_raw_spin_lock_irqsave:leaf',
      'lock_hrtimer_base.isra.24:exit',
      '__hrtimer_start_range_ns:exit',
      'xen_write_msr_safe:leaf',
      'do_nanosleep:entry',
    ]);
    expect(ev[5].fields).toEqual({ cpu: '0', duration: '0.908', phase: 'exit' });
    expect(Number.isNaN(ev[0].ts)).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('reads funcgraph-abstime lines with module names and `} /* fn */` tails (reference: a vhost capture)', () => {
    const r = ingestFixtureEveryWay('ftrace/function-graph-abstime.txt');
    expect(r.format).toBe('function-graph');
    const ev = rows(r.trace);
    expect(ev.map((e) => `${e.name}:${e.fields.phase}`).slice(0, 5)).toEqual([
      'translate_desc:exit',
      'translate_desc:leaf',
      'translate_desc:leaf',
      'vhost_get_vq_desc:exit',
      'get_tx_bufs:exit',
    ]);
    expect(ev[7].ts - ev[0].ts).toBe(3000);
  });
});

describe('trace-cmd report', () => {
  const expected = [
    ['vqscope', 2],
    ['block_rq_issue', 3],
    ['irq_handler_entry', 4],
    ['irq_handler_exit', 5],
    ['block_rq_complete', 6],
    ['block_rq_issue', 7],
  ];
  for (const [file, what] of [
    ['default.txt', 'the default output of trace-cmd 3.1'],
    ['latency.txt', '-l'],
    ['ts-diff.txt', '--ts-diff'],
    ['full-ns.txt', '-t'],
    ['raw.txt', '-R'],
  ])
    it(`reads ${what} with its cpus=N header (reference: generated on the project VM)`, () => {
      const r = ingestFixtureEveryWay(`trace-cmd/${file}`);
      expect(r.format).toBe('trace-cmd');
      const ev = rows(r.trace);
      expect(ev.map((e) => [e.name, e.line])).toEqual(expected);
      expect(ev[2].fields).toMatchObject({ pid: '0', cpu: '1', irq: '36', name: 'virtio1-req.0' });
      expect(ev[0].fields).toMatchObject({ pid: '17270', cpu: '0', comm: 'bash' });
      expect(r.warnings).toEqual([]);
    });

  it('keeps -t’s nanoseconds', () => {
    const ev = rows(ingestFixtureEveryWay('trace-cmd/full-ns.txt').trace);
    expect(ev[1].ts - ev[0].ts).toBe(1_269_924);
  });

  it('reads trace-cmd 3.3+ with the flags column and the function plugin without parents (reference: man page)', () => {
    const r = ingestFixtureEveryWay('trace-cmd/flags-3.4.txt');
    expect(r.format).toBe('trace-cmd');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual([
      'mutex_unlock',
      '__mutex_unlock_slowpath',
      'lock_release',
      'lock_release',
      'preempt_count_add',
      'preempt_disable',
      'rcu_read_lock_any_held',
    ]);
    expect(ev[5].fields).toMatchObject({ caller: 'vfs_write+0x147', cpu: '1', pid: '89142' });
  });

  it('reads `function: fn <-- parent` (reference: man page)', () => {
    const r = ingestFixtureEveryWay('trace-cmd/function.txt');
    expect(r.format).toBe('trace-cmd');
    const ev = rows(r.trace);
    expect(ev[0]).toMatchObject({ name: 'hrtick_start_fair', fields: { caller: 'pick_next_task_fair', cpu: '2', comm: 'ls' } });
    expect(ev[1].name).toBe('sched_switch');
    expect(ev[3]).toMatchObject({ name: 'up_read', fields: { caller: 'do_page_fault' } });
  });

  it('reads funcgraph_entry and funcgraph_exit as function calls (reference: man page)', () => {
    const ev = rows(ingestFixtureEveryWay('trace-cmd/function-graph.txt').trace);
    expect(ev.map((e) => `${e.name}:${e.fields.phase ?? ''}`)).toEqual([
      'do_IRQ:entry',
      'irq_handler_entry:',
      'do_IRQ:exit',
      'do_IRQ:entry',
      'irq_handler_entry:',
      'do_IRQ:exit',
    ]);
    expect(ev[2].fields.duration).toBe('36.358');
  });

  it('names the guest kit’s kprobes by the probe and joins the return to its entry (constructed)', () => {
    const r = ingestFixtureEveryWay('trace-cmd/guest-kit.txt');
    expect(r.format).toBe('trace-cmd');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual(['vq_add', 'vq_kick', 'vq_interrupt', 'vq_get_buf_entry', 'vq_get_buf', 'vdev_status']);
    expect(ev[0].fields).toMatchObject({ vq: '0xffff888003a5c000', token: '0xffff888004e21000', out: '1', in: '0', comm: 'aplay' });
    expect(ev[4].fields).toMatchObject({ vq: '0xffff888003a5c000', token: '0xffff888004e21000', len: '4' });
    expect(ev[5].fields).toMatchObject({ func: 'ffffffff81a2c3e0', vdev: '0xffff888003a50000', status: '7' });
  });
});

describe('perf script', () => {
  it('names tracepoints without their group, keeping it as a field (reference: generated on the project VM)', () => {
    const r = ingestFixtureEveryWay('perf/tracepoints.txt');
    expect(r.format).toBe('perf-script');
    const ev = rows(r.trace);
    expect(ev.map((e) => [e.name, e.line])).toEqual([
      ['block_rq_issue', 1],
      ['block_rq_issue', 2],
      ['block_rq_issue', 3],
    ]);
    expect(ev[0].fields).toMatchObject({ comm: 'dd', pid: '17371', cpu: '0', group: 'block' });
    expect(ev[1].ts - ev[0].ts).toBe(397_000);
    expect(r.warnings).toEqual([]);
  });

  it('attaches -g callchain lines to their event instead of reading them as events (reference: generated on the project VM)', () => {
    const r = ingestFixtureEveryWay('perf/callchain.txt');
    expect(r.format).toBe('perf-script');
    const ev = rows(r.trace);
    expect(ev.map((e) => [e.name, e.line])).toEqual([
      ['block_rq_issue', 1],
      ['block_rq_issue', 8],
    ]);
    expect(ev[0].fields.callchain).toBe(
      'blk_mq_start_request <- virtblk_prep_rq.isra.0 <- virtio_queue_rq <- blk_mq_dispatch_rq_list <- __blk_mq_sched_dispatch_requests',
    );
    // The last event has no blank line after it: the end of the input lets it go.
    expect(ev[1].fields.callchain).toBe('blk_mq_start_request <- virtblk_prep_rq.isra.0');
    expect(r.warnings).toEqual([]);
  });

  it('reads -F comm,pid,tid,cpu,time,event,trace --ns (reference)', () => {
    const ev = rows(ingestFixtureEveryWay('perf/fields-ns.txt').trace);
    expect(ev[0]).toMatchObject({ name: 'block_rq_issue', fields: { pid: '18234', tid: '18234', cpu: '0' } });
    expect(ev[0].ts % 1e9).toBe(424_519_841);
  });

  it('reads perf probe events with bare-hex addresses (reference: perf probe tcp_sendmsg)', () => {
    const ev = rows(ingestFixtureEveryWay('perf/probes.txt').trace);
    expect(ev.map((e) => e.name)).toEqual(['tcp_sendmsg', 'tcp_sendmsg', 'tcp_sendmsg']);
    expect(ev[0].fields).toMatchObject({ group: 'probe', func: 'ffffffff81505d80', size: 'b0', comm: 'sshd' });
  });

  it('gives the guest kit’s probe:vq_* events the kit’s names, and a return its entry’s vq by address (constructed)', () => {
    const r = ingestFixtureEveryWay('perf/guest-kit.txt');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual(['vq_add', 'vq_kick', 'vq_interrupt', 'vq_get_buf_entry', 'vq_get_buf', 'vdev_status']);
    expect(ev[0].fields).toMatchObject({ group: 'probe', vq: '0xffff888003a5c000', token: '0xffff888004e21000', out: '1', in: '0' });
    expect(ev[4].fields).toMatchObject({ vq: '0xffff888003a5c000', token: '0xffff888004e21000', caller: 'ffffffffc04a215c' });
    expect(r.warnings).toEqual([]);
  });
});

describe('a real guest capture (captures branch: vqscope probes in a Debian 6.1 guest under QEMU TCG)', () => {
  const r = ingestFixtureEveryWay('guest/guest-ftrace-kprobes.txt');
  const ev = rows(r.trace);

  it('reads every line of the trace as the kit’s events, with no warning', () => {
    expect(r.format).toBe('ftrace');
    expect(ev.length).toBe(1212);
    expect(new Set(ev.map((e) => e.name))).toEqual(
      new Set(['vdev_status', 'vq_add', 'vq_kick', 'vq_interrupt', 'vq_get_buf_entry', 'vq_get_buf']),
    );
    expect(r.warnings).toEqual([]);
  });

  it('reads probe sites with their [module] and the arguments as fields', () => {
    expect(ev[0]).toMatchObject({ name: 'vdev_status', fields: { func: 'vp_reset', dev: '0', status: '0', comm: 'insmod', pid: '92' } });
    const add = ev.find((e) => e.name === 'vq_add');
    expect(add?.fields).toMatchObject({
      func: 'virtqueue_add_sgs',
      vq: '0xffff895a42c35e00',
      dev: '0',
      queue: '0',
      token: '0xffff895a42c86110',
      out: '1',
      in: '2',
    });
  });

  it('gives every vq_get_buf the vq, dev and queue of the vq_get_buf_entry before it on the same task', () => {
    const gets = ev.filter((e) => e.name === 'vq_get_buf');
    expect(gets.length).toBe(139);
    for (const g of gets) expect(g.fields).toMatchObject({ vq: expect.any(String), dev: expect.any(String), queue: expect.any(String) });
    expect(gets[0].fields).toMatchObject({
      func: 'virtqueue_get_buf',
      caller: 'virtblk_done',
      token: '0xffff895a42c86110',
      vq: '0xffff895a42c35e00',
      dev: '0',
      queue: '0',
    });
  });
});

describe('real trace-cmd report and perf script of the kit (captures branch: Debian 6.1 guest, trace-cmd 3.1.6, perf 6.1)', () => {
  for (const [file, format] of [
    ['guest/guest-trace-cmd-kprobes.txt', 'trace-cmd'],
    ['guest/guest-perf-kprobes.txt', 'perf-script'],
  ] as const)
    it(`${file}: every line is a kit event, and every vq_get_buf finds its entry by address despite libtraceevent’s (func <- caller) order`, () => {
      const r = ingestFixtureEveryWay(file);
      expect(r.format).toBe(format);
      expect(r.warnings).toEqual([]);
      const ev = rows(r.trace);
      expect(ev.length).toBe(57);
      expect(new Set(ev.map((e) => e.name))).toEqual(new Set(['vq_add', 'vq_kick', 'vq_interrupt', 'vq_get_buf_entry', 'vq_get_buf']));
      const gets = ev.filter((e) => e.name === 'vq_get_buf');
      expect(gets.length).toBeGreaterThan(5);
      for (const g of gets) expect(g.fields).toMatchObject({ vq: expect.any(String), dev: expect.any(String), queue: expect.any(String) });
      const entry = ev.find((e) => e.name === 'vq_get_buf_entry');
      expect(gets[0].fields.func).toBe(entry?.fields.func);
      if (format === 'perf-script') expect(ev[0].fields).toMatchObject({ group: 'vqscope', comm: 'hwrng', pid: '95', dev: '1' });
    });
});
