/**
 * Real QEMU 7.2 traces (the fixtures of packages/rules and packages/trace, made by scripts/capture-qemu.mjs)
 * through every pack the CLI would pick: the only findings are the breaches the
 * trace shows, here Linux 6.1's virtio_balloon kicking its stats queue before
 * DRIVER_OK (§3.1.1). Anything else is a rule misreading a lawful trace.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../report.ts';

const dirs = [new URL('../../fixtures/qemu/', import.meta.url), new URL('../../../trace/fixtures/guest/', import.meta.url)];
const expected: Record<string, string[]> = {
  'virtio-balloon-inflate-deflate.log': ['status-no-kick-before-driver-ok:23:error'],
  'host-qemu.log': ['status-no-kick-before-driver-ok:765:error'],
};

describe('real QEMU traces give only the breaches they show', () => {
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter(
      (f) => f.endsWith('.log') && (f.startsWith('virtio') || f.startsWith('vhost') || f.startsWith('host-qemu')),
    )) {
      it(`${file}: ${(expected[file] ?? ['nothing']).join(', ')}`, () => {
        const t = ingestText(readFileSync(new URL(file, dir), 'utf8'), { fileName: file });
        const a = analyzeTrace(t.trace, {});
        expect(a.violations.filter((v) => !v.pending).map((v) => `${v.rule}:${v.line}:${v.severity}`)).toEqual(expected[file] ?? []);
      });
    }
  }
});
