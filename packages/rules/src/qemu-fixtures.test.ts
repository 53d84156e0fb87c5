import { readdirSync, readFileSync } from 'node:fs';
import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from './report.ts';

// Real QEMU 7.2 traces made by scripts/capture-qemu.mjs (see fixtures/qemu/README.md).
const dir = new URL('../fixtures/qemu/', import.meta.url);
const logs = readdirSync(dir).filter((f) => f.endsWith('.log'));

function check(file: string) {
  const text = readFileSync(new URL(file, dir), 'utf8');
  const ingest = ingestText(text, { fileName: file });
  const a = analyzeTrace(ingest.trace, { files: [] });
  return { text, ingest, errors: a.violations.filter((v) => v.severity === 'error') };
}

describe('real QEMU captures in fixtures/qemu', () => {
  it('has the eight device captures the README lists', () => {
    expect(logs.sort()).toEqual([
      'vhost-user-blk-frontend.log',
      'virtio-balloon-inflate-deflate.log',
      'virtio-blk-pci.log',
      'virtio-mmio-legacy-microvm.log',
      'virtio-mmio-microvm.log',
      'virtio-net-pci-ping.log',
      'virtio-rng-pci.log',
      'virtio-serial-port-open-close.log',
    ]);
  });

  for (const file of logs) {
    it(`${file}: every line is a QEMU log-backend event`, () => {
      const { text, ingest } = check(file);
      expect(ingest.trace.count).toBe(text.trimEnd().split('\n').length);
    });
  }

  it('reports the balloon kicking its stats queue at status 11 (line 23) before DRIVER_OK (line 26) as a §3.1.1 error', () => {
    const { errors } = check('virtio-balloon-inflate-deflate.log');
    expect(errors.map((v) => [v.rule, v.line, v.expectedLine])).toEqual([['status-no-kick-before-driver-ok', 23, 26]]);
    expect(errors[0].cite).toMatch(/§3\.1\.1/);
  });

  for (const file of ['virtio-blk-pci.log', 'virtio-rng-pci.log', 'virtio-mmio-microvm.log', 'vhost-user-blk-frontend.log']) {
    it(`${file}: a driver that waits for DRIVER_OK gets no error`, () => {
      expect(check(file).errors).toEqual([]);
    });
  }
});
