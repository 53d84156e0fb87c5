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

  it('reports a token added twice (line 7) and a token returned that was never added (line 9) as violations of §2.7.13/§2.7.14', () => {
    const { a, errors } = errorsOf('token-twice-invalid.trace');
    expect(errors).toEqual(['guest-token-once@7', 'guest-token-once@9']);
    const [twice, never] = a.violations;
    expect(twice.cite).toBe('VirtIO 1.3 §2.7.13, §2.7.14');
    expect(twice.message).toMatch(/^expected `vq_get_buf\[token!=0\]` vq 0xffff88800422c000 token 0xffff888003e1b000 before `vq_add`/);
    expect(twice.expectedLine).toBe(8);
    expect(never.message).toMatch(/^expected `vq_add` .* before `vq_get_buf` .*token 0xffff888003e1b400 \(line 9\); it never came/);
  });

  it('reports a kick of a queue whose device has no DRIVER_OK yet at line 9 as a violation of §3.1.1; a kick whose device the trace does not show is not checked', () => {
    const { a, errors } = errorsOf('kick-before-driver-ok-invalid.trace');
    expect(errors).toEqual(['guest-no-kick-before-driver-ok@9']);
    expect(a.violations.find((v) => v.line === 9)?.message).toMatch(/\(in state not_live\)/);
  });

  it('takes a queue’s device from any event of the same vq that shows both', () => {
    const { a } = errorsOf('kick-before-driver-ok-invalid.trace');
    expect(a.violations.find((v) => v.line === 9)?.key).toBe('vdev 0xffff888003c10000');
  });

  it('reports a used length of 512 for a buffer with no writable part at line 7 as a violation of §2.7.8', () => {
    const { a, errors } = errorsOf('used-len-invalid.trace');
    expect(errors).toEqual(['guest-used-len-within-writable@7']);
    expect(a.violations[0].cite).toMatch(/§2\.7\.8/);
  });

  it('lets a token come back after a device reset cleared the queue', () => {
    const text = [
      '  sh-1 [000] d..1. 1.000001: vq_add: (virtqueue_add_sgs+0x0/0x90) vq=0xa token=0xb out=1 in=1',
      '  sh-1 [000] d..1. 1.000002: vdev_status: (virtio_add_status+0x0/0x60) vdev=0xd status=0',
      '  sh-1 [000] d..1. 1.000003: vq_add: (virtqueue_add_sgs+0x0/0x90) vq=0xa token=0xb out=1 in=1',
      '  sh-1 [000] d..1. 1.000004: vq_get_buf: (x+0x0/0x1 <- virtqueue_get_buf_ctx) vq=0xa token=0xb len=4',
    ].join('\n');
    expect(errorsOf('reset.trace', text).errors).toEqual([]);
  });
});
