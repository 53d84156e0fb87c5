import { readFileSync } from 'node:fs';
import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { parseRules } from './parse-rules.ts';
import { analyzeTrace } from './report.ts';
import { violationId } from './violation.ts';

const shared = new URL('../../../../shared/examples/', import.meta.url);
const gallery = new URL('../../../public/examples/', import.meta.url);

function check(dir: URL, file: string, rules?: string) {
  const text = readFileSync(new URL(file, dir), 'utf8');
  const ingest = ingestText(text, { fileName: file });
  const files = rules ? [parseRules(readFileSync(new URL(rules, dir), 'utf8'), rules)] : [];
  const a = analyzeTrace(ingest.trace, { files });
  const errors = a.violations.filter((v) => v.severity === 'error');
  return { ingest, a, errors };
}

describe('the reference examples in shared/examples', () => {
  const expected = JSON.parse(readFileSync(new URL('expected.json', shared), 'utf8')) as Record<
    string,
    { violations: number; lines: number[]; expectedLines?: number[]; rules?: string; events?: number }
  >;
  for (const [file, want] of Object.entries(expected)) {
    it(`${file}: ${want.violations} violation(s) at lines [${want.lines}]`, () => {
      const { ingest, errors } = check(shared, file, want.rules);
      expect(errors.map((v) => v.line)).toEqual(want.lines);
      if (want.expectedLines) expect(errors.map((v) => v.expectedLine)).toEqual(want.expectedLines);
      if (want.events !== undefined) expect(ingest.trace.count).toBe(want.events);
    });
  }

  it('reports pointer #1 before complete #1 as a violation of buffer ownership at line 5, with the edge from line 6', () => {
    const { ingest, errors } = check(shared, 'virtsnd-pointer-invalid.log');
    const [v] = errors;
    expect(v.rule).toBe('snd-buffer-ownership');
    expect(v.key).toBe('buffer #1');
    expect(v.cite).toMatch(/§3\.3\.1/);
    expect(v.message).toBe(
      'expected `virtsnd_pcm_msg_complete` buffer #1 before `virtsnd_pcm_pointer` buffer #1 (line 5); it came at line 6, 100.6 ms later (in state device)',
    );
    expect(ingest.trace.line.get(v.edge.to)).toBe(5);
    expect(ingest.trace.line.get(v.edge.from ?? -1)).toBe(6);
  });

  it('reads every virtsnd line with its buffer number', () => {
    const { ingest } = check(shared, 'virtsnd-pointer-valid.log');
    const buffers = ingest.trace.fields.get('buffer');
    const got = [...ingest.trace.name].map((n, i) => `${ingest.trace.names[n]}#${buffers?.values[buffers.id(i)]}`);
    expect(got.slice(0, 6)).toEqual([
      'virtsnd_pcm_msg_send#1',
      'virtsnd_pcm_msg_send#2',
      'virtsnd_pcm_msg_send#3',
      'virtsnd_pcm_msg_send#4',
      'virtsnd_pcm_msg_complete#1',
      'virtsnd_pcm_pointer#1',
    ]);
  });

  it('finds nothing at all, not even a warning, in the real QEMU boot trace', () => {
    const { a } = check(shared, 'qemu-virtio-boot.log');
    expect(a.violations.map((v) => `${v.rule}:${v.line}`)).toEqual([]);
  });

  it('takes fields.event as the event name of the tracing JSON lines', () => {
    const { ingest } = check(shared, 'tracing-formal-alternates.jsonl', 'tracing-formal-alternates.rules');
    expect([...ingest.trace.name].map((n) => ingest.trace.names[n])).toEqual(['do_hola', 'do_chau', 'do_chau']);
  });
});

describe('the gallery in public/examples', () => {
  const manifest = JSON.parse(readFileSync(new URL('index.json', gallery), 'utf8')) as {
    file: string;
    pack: string;
    rules?: string;
    expect: { lines: number[]; expectedLines?: number[]; events?: number };
  }[];
  it('has a valid and an invalid trace for every built-in pack', () => {
    for (const pack of ['virtio-snd', 'device-status', 'virtqueue', 'vhost-user', 'tracing-formal']) {
      const items = manifest.filter((m) => m.pack === pack || (pack === 'virtqueue' && m.file === 'qemu-virtio-boot.log'));
      expect(items.some((m) => m.expect.lines.length === 0)).toBe(true);
      expect(items.some((m) => m.expect.lines.length > 0)).toBe(true);
    }
  });
  for (const m of manifest) {
    it(`${m.file}: errors at lines [${m.expect.lines}]`, () => {
      const { a, errors } = check(gallery, m.file, m.rules);
      expect(errors.map((v) => v.line)).toEqual(m.expect.lines);
      if (m.expect.expectedLines) expect(errors.map((v) => v.expectedLine)).toEqual(m.expect.expectedLines);
      if (!m.rules) expect(a.packs).toContain(m.pack);
    });
  }
});

describe('rules over the fields joined on QEMU traces', () => {
  it('sees the balloon pop its stats queue (queue 2, line 362) before DRIVER_OK (line 363) through per vdev and device=', () => {
    const text = readFileSync(new URL('qemu-balloon-kick-before-driver-ok.log', shared), 'utf8');
    const ingest = ingestText(text, { fileName: 'balloon.log' });
    const rules = parseRules(
      'rule balloon-pop-after-driver-ok\n  severity: MUST\n  per vdev: virtio_set_status[val&4] precedes virtqueue_pop[device=virtio-balloon, queue=2]\n',
      'joined.rules',
    );
    const a = analyzeTrace(ingest.trace, { files: [rules], packs: [] });
    const errors = a.violations.filter((v) => v.severity === 'error');
    expect(errors.map((v) => [v.line, v.expectedLine, v.key])).toEqual([[362, 363, 'virtio-balloon (vdev 0x564849ec28a0)']]);
  });

  it('names the balloon in the key of the §3.1.1 violation at line 360, with the id of the raw key as before', () => {
    const { errors } = check(shared, 'qemu-balloon-kick-before-driver-ok.log');
    expect(errors.map((v) => v.key)).toEqual(['virtio-balloon (vdev 0x564849ec28a0)']);
    expect(errors[0].keyFields).toEqual({ vdev: '0x564849ec28a0' });
    expect(errors[0].id).toBe(violationId('status-no-kick-before-driver-ok', 'vdev 0x564849ec28a0', 1));
    expect(errors[0].id).toBe('v5f0895ef');
  });
});
