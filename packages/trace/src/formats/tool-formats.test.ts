/** babeltrace2 text and bpftrace output (text and JSON). */
import { describe, expect, it } from 'vitest';
import { ingestFixtureEveryWay, rows } from '../test-support.ts';

describe('babeltrace2 text', () => {
  it('reads LTTng-UST events: name without provider, cpu from cpu_id, pid from vpid, hostname, fields flattened (reference: babeltrace test trace)', () => {
    const r = ingestFixtureEveryWay('babeltrace/lttng-ust.txt');
    expect(r.format).toBe('babeltrace');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual(['bin_info', 'bin_info', 'my_first_tracepoint', 'my_first_tracepoint']);
    expect(ev[2].fields).toEqual({
      group: 'my_provider',
      host: 'raton',
      cpu: '0',
      vpid: '9746',
      ip: '0x7f09b7f9a349',
      my_string_field: 'hello, tracer',
      my_integer_field: '42',
      pid: '9746',
    });
    expect(ev[0].fields.path).toBe('[linux-vdso.so.1]');
    expect(ev[1].ts - ev[0].ts).toBe(16_635);
    expect(r.warnings).toEqual([]);
  });

  it('reads the context forms and the --clock-seconds, --clock-date and --clock-cycles stamps (reference)', () => {
    const r = ingestFixtureEveryWay('babeltrace/contexts.txt');
    expect(r.format).toBe('babeltrace');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual(['start', 'msg', 'send-msg', 'msg', 'msg', 'msg']);
    expect(ev[0].fields).toEqual({ group: 'lttng_ust_statedump', host: 'smarchi-efficios', comm: 'hello-ust', pid: '10352', cpu: '2' });
    expect(ev[1].fields).toMatchObject({ comm: 'wk-heartbeat', pid: '3208', vtid: '3215', cpu: '4', msg: 'heartbeat' });
    expect(ev[2].fields).toEqual({ msg: 'Jowl pig filet mignon, turducken capicola.' });
    expect(ev[4].ts - ev[3].ts).toBe(0);
  });

  it('reads perf data converted to CTF, with the thread as pid (reference: generated on the project VM)', () => {
    const ev = rows(ingestFixtureEveryWay('babeltrace/perf-ctf.txt').trace);
    expect(ev[0]).toMatchObject({ name: 'block_rq_issue', fields: { group: 'block', cpu: '0', pid: '17371', comm: 'dd', rwbs: 'RS' } });
    expect(ev[1].ts - ev[0].ts).toBe(396_935);
  });

  it('gives the kit’s probe:vq_* events their names across midnight, hex lower-cased, the return joined to its entry (constructed)', () => {
    const r = ingestFixtureEveryWay('babeltrace/guest-kit.txt');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual(['vq_add', 'vq_kick', 'vq_interrupt', 'vq_get_buf_entry', 'vq_get_buf']);
    expect(ev[0].fields).toMatchObject({
      group: 'probe',
      vq: '0xffff888003a5c000',
      token: '0xffff888004e21000',
      out: '1',
      in: '0',
      pid: '2291',
    });
    expect(ev[2].ts - ev[1].ts).toBe(400_194_000);
    expect(ev[4].fields).toMatchObject({ vq: '0xffff888003a5c000', token: '0xffff888004e21000', len: '4' });
    expect(r.warnings).toEqual([]);
  });
});

describe('bpftrace', () => {
  it('reads printf lines with nsecs and comm, and skips the Attaching line, the command’s own output and map dumps (reference: generated on the project VM)', () => {
    const r = ingestFixtureEveryWay('bpftrace/text.txt');
    expect(r.format).toBe('bpftrace');
    const ev = rows(r.trace);
    expect(ev.map((e) => [e.name, e.line])).toEqual([
      ['rq_issue', 2],
      ['rq_issue', 3],
      ['rq_issue', 4],
    ]);
    expect(ev[0].fields).toEqual({ comm: 'dd', sector: '30237256', bytes: '4096' });
    expect(ev[1].ts - ev[0].ts).toBe(502_035);
    expect(r.warnings.map((w) => w.message)).toEqual([
      '3 line(s) did not fit the bpftrace printf text format and were skipped, first at line 5',
    ]);
  });

  it('reads key:value pairs of a real VirtIO script (reference: Kylin virtio_net_trace)', () => {
    const r = ingestFixtureEveryWay('bpftrace/kylin.txt');
    expect(r.format).toBe('bpftrace');
    const ev = rows(r.trace);
    expect(ev.map((e) => e.name)).toEqual(['skb_recv_done', 'virtnet_poll', 'RX', 'TX']);
    expect(ev[2].fields).toMatchObject({ Cpu: '7', vring_len: '256', num_free: '31', type: 'unkown' });
    expect(ev[1].ts - ev[0].ts).toBe(24_623);
  });

  it('reads -f json: printf records are events, the rest are not (reference: generated on the project VM)', () => {
    const r = ingestFixtureEveryWay('bpftrace/json.txt');
    expect(r.format).toBe('bpftrace-json');
    const ev = rows(r.trace);
    expect(ev.map((e) => [e.name, e.line])).toEqual([
      ['rq_issue', 2],
      ['irq', 4],
      ['rq_issue', 5],
      ['irq', 7],
    ]);
    expect(ev[1].fields).toEqual({ irq: '36' });
    expect(r.warnings).toEqual([]);
  });

  it('gives the kit’s printf lines (`vqscope probes --format bpftrace`: nsecs, `name:`, pairs) their names, and reads comm and pid before a name (constructed)', () => {
    const r = ingestFixtureEveryWay('bpftrace/guest-kit.txt');
    expect(r.format).toBe('bpftrace');
    const t = rows(r.trace);
    expect(t.map((e) => e.name)).toEqual(['vq_add', 'vq_kick', 'vq_interrupt', 'vq_get_buf', 'vdev_status', 'vq_kick']);
    expect(t[0].fields).toEqual({ vq: '0xffff888003a5c000', dev: '0', queue: '0', token: '0xffff888004e21000', out: '1', in: '0' });
    expect(t[4].fields).toEqual({ dev: '0', status: '7' });
    expect(t[5].fields).toEqual({ comm: 'aplay', pid: '2291', vq: '0xffff888003a5c000', dev: '0', queue: '0' });
    expect(t[1].ts - t[0].ts).toBe(13_000);
    expect(r.warnings).toEqual([]);
    const j = ingestFixtureEveryWay('bpftrace/guest-kit.json');
    expect(j.format).toBe('bpftrace-json');
    expect(rows(j.trace).map((e) => [e.name, e.fields.vq ?? e.fields.vdev])).toEqual([
      ['vq_add', '0xffff888003a5c000'],
      ['vq_kick', '0xffff888003a5c000'],
      ['vq_interrupt', '0xffff888003a5c000'],
      ['vq_get_buf', '0xffff888003a5c000'],
      ['vdev_status', '0xffff888003a50000'],
    ]);
  });
});
