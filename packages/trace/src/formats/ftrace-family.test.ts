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
