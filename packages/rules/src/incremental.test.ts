import { readFileSync } from 'node:fs';
import { IngestSession, ingestText, type Trace } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { IncrementalChecker } from './checker.ts';
import { builtinPacks } from './packs/index.ts';
import { parseRules } from './parse-rules.ts';
import { analyzeTrace } from './report.ts';
import type { Violation } from './violation.ts';

const shared = new URL('../../../../shared/examples/', import.meta.url);
const gallery = new URL('../../../public/examples/', import.meta.url);
const allPackRules = [...builtinPacks().values()].flatMap((f) => f.rules);

/** Reads `text` as live input arrives: in chunks of the given sizes, one batch of events fed per chunk. */
function checkLive(text: string, chunkSizes: number[], rules = allPackRules, fileName = 'live.log') {
  const bytes = new TextEncoder().encode(text);
  const session = new IngestSession({ fileName });
  const found: { v: Violation; afterChunk: number; message: string }[] = [];
  let chunk = 0;
  const checker = new IncrementalChecker(rules, (v) => found.push({ v, afterChunk: chunk, message: v.message }));
  const batches: number[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = chunkSizes[k % chunkSizes.length];
    session.push(bytes.subarray(at, at + n));
    at += n;
    chunk = at;
    if (session.decideNow()) {
      const batch = session.takeBatch();
      batches.push(batch.count);
      checker.feed(batch);
    }
  }
  const last = session.end();
  checker.feed(last.trace);
  const end = checker.end();
  return { found, end, events: checker.count, batches };
}

function batchCheck(text: string, rules = allPackRules) {
  const ingest = ingestText(text, { fileName: 'batch.log' });
  return { trace: ingest.trace, format: ingest.format, a: analyzeTrace(ingest.trace, { files: [{ rules, profiles: [] } as never] }) };
}

const comparable = (v: Violation) => ({
  id: v.id,
  rule: v.rule,
  severity: v.severity,
  key: v.key,
  line: v.line,
  expectedLine: v.expectedLine,
  message: v.message,
  pending: v.pending ?? false,
});

describe('incremental checker (live input)', () => {
  const files: [URL, string][] = [
    [shared, 'virtsnd-pointer-invalid.log'],
    [shared, 'qemu-virtio-boot.log'],
    [shared, 'vhost-user-enable-invalid.log'],
    [gallery, 'virtsnd-pcm-lifecycle-invalid.log'],
    [gallery, 'virtqueue-event-idx-invalid.log'],
    [gallery, 'virtsnd-release-pending-io-invalid.log'],
    [gallery, 'device-status-invalid.log'],
  ];
  for (const [dir, file] of files) {
    it(`finds in ${file}, fed in small chunks, the violations the whole-file check finds, with the same ids`, () => {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const { a, trace, format } = batchCheck(text);
      const live = checkLive(text, [7, 61, 13, 300]);
      expect(live.events).toBe(trace.count);
      const liveAll = [...live.found.map((f) => f.v), ...live.end.violations];
      if (format === 'qemu-log') {
        // QEMU's derived fields (the vdev of a vq, its queue index and device) are joined over the
        // whole trace after reading it, which live input cannot do: same violations and ids, but
        // the key is shown with its raw values only.
        const bare = (v: Violation) => ({ id: v.id, rule: v.rule, severity: v.severity, line: v.line, expectedLine: v.expectedLine });
        expect(liveAll.map(bare)).toEqual(a.violations.map(bare));
        // Selectors on the derived fields (`virtqueue_pop[device=virtio-rng]`) see fewer events too.
      } else {
        expect(liveAll.map(comparable)).toEqual(a.violations.map(comparable));
        expect(live.end.stats).toEqual(a.stats);
      }
    });
  }

  it('reports pointer #1 (line 5) as soon as line 5 is read, saying the complete has not come so far', () => {
    const text = readFileSync(new URL('virtsnd-pointer-invalid.log', shared), 'utf8');
    const lines = text.split('\n');
    const throughLine5 = lines.slice(0, 5).join('\n').length + 1;
    // One chunk per line: each violation is reported in the chunk that completed its line.
    const live = checkLive(
      text,
      lines.map((l) => l.length + 1),
    );
    const errors = live.found.filter((f) => f.v.severity === 'error');
    expect(errors.map((f) => [f.v.line, f.afterChunk])).toEqual([[5, throughLine5]]);
    expect(errors[0].message).toBe(
      'expected `virtsnd_pcm_msg_complete` buffer #1 before `virtsnd_pcm_pointer` buffer #1 (line 5); it has not come so far (in state device)',
    );
    // Once line 6 has come, the record says where the expected event came, as the whole-file check does.
    expect(errors[0].v.expectedLine).toBe(6);
  });

  it('keeps nothing per event: 200,000 send/complete lines over 8 buffers, fed 1000 at a time, give the whole-file answer', () => {
    const rules = parseRules('per buffer: send precedes complete').rules;
    const chunks: string[] = [];
    for (let line = 0, k = 0; k < 200; k++) {
      let s = '';
      for (let j = 0; j < 1000; j++, line++) {
        // A complete in place of a send (two completes without a send), and a send in place of a complete (one open at the end).
        if (line === 60_000) s += 'complete buffer=9\n';
        else if (line === 140_001) s += 'send buffer=0\n';
        else s += `${line % 2 ? 'complete' : 'send'} buffer=${(line >> 1) % 8}\n`;
      }
      chunks.push(s);
    }
    const session = new IngestSession({ fileName: 'gen.log', format: 'plain' });
    session.decideNow();
    const found: Violation[] = [];
    const checker = new IncrementalChecker(rules, (v) => found.push(v));
    const enc = new TextEncoder();
    let maxBatch = 0;
    for (const c of chunks) {
      session.push(enc.encode(c));
      const batch: Trace = session.takeBatch();
      maxBatch = Math.max(maxBatch, batch.count);
      checker.feed(batch);
    }
    checker.feed(session.end().trace);
    const end = checker.end();
    expect(checker.count).toBe(200_000);
    expect(maxBatch).toBe(1000);
    const whole = batchCheck(chunks.join(''), rules).a.violations;
    expect([...found, ...end.violations].map(comparable)).toEqual(whole.map(comparable));
    expect(whole.map((v) => [v.line, v.pending ?? false])).toEqual([
      [60_001, false],
      [60_002, false],
      [199_969, true],
    ]);
  });
});
