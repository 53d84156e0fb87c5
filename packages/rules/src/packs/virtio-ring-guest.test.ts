import { readFileSync } from 'node:fs';
import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../report.ts';

const dir = new URL('../../fixtures/guest/', import.meta.url);

function errorsOf(file: string, text = readFileSync(new URL(file, dir), 'utf8')) {
  const ingest = ingestText(text, { fileName: file });
  const a = analyzeTrace(ingest.trace, {});
  return { a, errors: a.violations.filter((v) => v.severity === 'error').map((v) => `${v.rule}@${v.line}`) };
}

describe('virtio-ring-guest pack on the probe kit’s ftrace kprobe events', () => {
  it('applies by itself to a guest capture and finds nothing in a valid one', () => {
    const { a, errors } = errorsOf('ring-valid.trace');
    expect(a.packs).toEqual(['virtio-ring-guest']);
    expect(errors).toEqual([]);
    expect(a.violations).toEqual([]);
  });

  it('reports a token added twice (line 7) and a token returned that was never added (line 11) as violations of §2.7.13/§2.7.14', () => {
    const { a, errors } = errorsOf('token-twice-invalid.trace');
    expect(errors).toEqual(['guest-token-once@7', 'guest-token-once@11']);
    const [twice, never] = a.violations;
    expect(twice.cite).toBe('VirtIO 1.3 §2.7.13, §2.7.14');
    expect(twice.message).toMatch(
      /^expected `vq_get_buf\[token!=0\]` virtio0 · vq 0 \(0xffff88800422c000\) token 0xffff888003e1b000 before `vq_add`/,
    );
    expect(twice.expectedLine).toBe(9);
    expect(never.message).toMatch(/^expected `vq_add` .* before `vq_get_buf` .*token 0xffff888003e1b400 \(line 11\); it never came/);
  });

  it('reports a kick of a queue whose device has no DRIVER_OK yet at line 10 as a violation of §3.1.1; a kick whose device the trace does not show is not checked', () => {
    const { a, errors } = errorsOf('kick-before-driver-ok-invalid.trace');
    expect(errors).toEqual(['guest-no-kick-before-driver-ok@10']);
    expect(a.violations.find((v) => v.line === 10)?.message).toMatch(/\(in state not_live/);
  });

  it('takes a kick’s device from another event of the same vq that shows it', () => {
    const { a } = errorsOf('kick-before-driver-ok-invalid.trace');
    expect(a.violations.find((v) => v.line === 10)?.key).toBe('dev #0');
  });

  it('keys devices by vdev pointer in a capture that shows pointers instead of virtioN indices', () => {
    const text = [
      '  sh-1 [000] d..1. 1.000001: vdev_status: (virtio_add_status+0x0/0x60) vdev=0xffff888003c10000 status=0x3',
      '  sh-1 [000] d..1. 1.000002: vq_add: (virtqueue_add_sgs+0x0/0x90) vq=0xa vdev=0xffff888003c10000 token=0xb out=1 in=1',
      '  sh-1 [000] d..1. 1.000003: vq_kick: (virtqueue_notify+0x0/0x40) vq=0xa',
    ].join('\n');
    const { a, errors } = errorsOf('vdev.trace', text);
    expect(errors).toEqual(['guest-no-kick-before-driver-ok@3']);
    expect(a.violations[0].key).toBe('dev 0xffff888003c10000');
  });

  it('takes the queue of a returned token from the vq_get_buf_entry before it on the same CPU', () => {
    const text = [
      '  sh-1 [000] d..1. 1.000001: vq_add: (virtqueue_add_sgs+0x0/0x90) vq=0xa dev=0 queue=0 token=0xb out=1 in=1',
      '  sh-1 [000] d..1. 1.000002: vq_add: (virtqueue_add_sgs+0x0/0x90) vq=0xc dev=1 queue=0 token=0xb out=1 in=1',
      '  sh-1 [000] d.h1. 1.000003: vq_get_buf_entry: (virtqueue_get_buf_ctx+0x0/0x1e0) vq=0xa dev=0 queue=0 lenp=0x1',
      '  sh-2 [001] d.h1. 1.000004: vq_get_buf_entry: (virtqueue_get_buf_ctx+0x0/0x1e0) vq=0xc dev=1 queue=0 lenp=0x1',
      '  sh-1 [000] d.h1. 1.000005: vq_get_buf: (x+0x0/0x1 <- virtqueue_get_buf_ctx) token=0xb',
      '  sh-2 [001] d.h1. 1.000006: vq_get_buf: (x+0x0/0x1 <- virtqueue_get_buf_ctx) token=0xb',
      '  sh-1 [000] d.h1. 1.000007: vq_get_buf_entry: (virtqueue_get_buf_ctx+0x0/0x1e0) vq=0xc dev=1 queue=0 lenp=0x1',
      '  sh-1 [000] d.h1. 1.000008: vq_get_buf: (x+0x0/0x1 <- virtqueue_get_buf_ctx) token=0xb',
    ].join('\n');
    const { a, errors } = errorsOf('entry.trace', text);
    expect(errors).toEqual(['guest-token-once@8']);
    expect(a.violations[0].key).toBe('virtio1 · vq 0 (0xc) token 0xb');
  });

  it('reports a used length of 512 for a buffer with no writable part at line 8 as a violation of §2.7.8', () => {
    const { a, errors } = errorsOf('used-len-invalid.trace');
    expect(errors).toEqual(['guest-used-len-within-writable@8']);
    expect(a.violations[0].cite).toMatch(/§2\.7\.8/);
  });

  it('lets a token come back after a device reset cleared the queue', () => {
    const text = [
      '  sh-1 [000] d..1. 1.000001: vq_add: (virtqueue_add_sgs+0x0/0x90) vq=0xa token=0xb out=1 in=1',
      '  sh-1 [000] d..1. 1.000002: vdev_status: (virtio_add_status+0x0/0x60) vdev=0xd status=0',
      '  sh-1 [000] d..1. 1.000003: vq_add: (virtqueue_add_sgs+0x0/0x90) vq=0xa token=0xb out=1 in=1',
      '  sh-1 [000] d..1. 1.000004: vq_get_buf_entry: (virtqueue_get_buf_ctx+0x0/0x1e0) vq=0xa lenp=0x1',
      '  sh-1 [000] d..1. 1.000005: vq_get_buf: (x+0x0/0x1 <- virtqueue_get_buf_ctx) token=0xb',
    ].join('\n');
    expect(errorsOf('reset.trace', text).errors).toEqual([]);
  });
});
