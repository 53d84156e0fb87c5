import { readFileSync } from 'node:fs';
import { analyzeTrace, parseRules, type RuleFile, type Violation } from '@vqscope/rules';
import { eventFields, type IngestResult, IngestSession, ingestText, readRawLines, type Trace } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { FollowedTrace, type FollowedView } from './follow.ts';
import { type LaneLayout, layoutLanes } from './lanes.ts';

const shared = new URL('../../shared/examples/', import.meta.url);
const gallery = new URL('../public/examples/', import.meta.url);
const read = (dir: URL, name: string) => readFileSync(new URL(name, dir), 'utf8');

/** A small deterministic PRNG, so a failing split can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Follows `text` as it is written: the first part read when opened, the rest appended at random cuts (mid-line too). */
async function followInChunks(
  text: string,
  seed: number,
  ruleFile?: RuleFile,
  pieces = 6,
): Promise<{ views: FollowedView[]; f: FollowedTrace }> {
  const bytes = new TextEncoder().encode(text);
  const rnd = random(seed);
  const cuts = [...new Set(Array.from({ length: pieces - 1 }, () => Math.floor(rnd() * bytes.length)))].sort((a, b) => a - b);
  const ends = [...cuts, bytes.length];
  const f = await FollowedTrace.open('followed.log', new Blob([bytes.slice(0, ends[0])]), {}, ruleFile, new AbortController().signal);
  const views = [f.view()];
  for (let k = 1; k < ends.length; k++) {
    // A copy, as the page sends it: the session must not depend on the caller's buffer.
    f.append(bytes.slice(ends[k - 1], ends[k]));
    views.push(f.view());
  }
  return { views, f };
}

/**
 * The whole file read at once and checked by the batch checker. `unjoined`: without the fields a
 * format joins across the whole trace (QEMU's), which a followed file does not derive (see follow.ts).
 */
function wholeFile(text: string, ruleFile?: RuleFile, unjoined = false) {
  const ingest = unjoined ? readUnjoined(text, ruleFile) : ingestText(text, { fileName: 'followed.log', profiles: ruleFile?.profiles });
  const a = analyzeTrace(ingest.trace, { files: ruleFile ? [ruleFile] : [] });
  const layout = layoutLanes(ingest.trace, [...new Set(a.rules.flatMap((r) => r.keys))]);
  return { ingest, a, layout };
}

function readUnjoined(text: string, ruleFile?: RuleFile): IngestResult {
  const session = new IngestSession({ fileName: 'followed.log', profiles: ruleFile?.profiles });
  session.push(new TextEncoder().encode(text));
  return session.sofar() as IngestResult;
}

const events = (t: Trace) =>
  Array.from({ length: t.count }, (_, i) => ({
    name: t.names[t.name[i]],
    line: t.line.get(i),
    offset: t.offset.get(i),
    ts: t.ts.get(i),
    fields: eventFields(t, i),
  }));

/** The lane of every event (the layout's lane lookup is an array or, in a leaner layout, a function). */
function lanesOfEvents(layout: LaneLayout, n: number): number[] {
  const of = layout.laneOf as unknown as ArrayLike<number> | ((i: number) => number);
  return Array.from({ length: n }, (_, i) => (typeof of === 'function' ? of(i) : of[i]));
}

/** A violation as the list shows it; a live check says an expected event "has not come so far" where the end of a file says "never". */
const shown = (v: Violation) => ({
  id: v.id,
  rule: v.rule,
  severity: v.severity,
  key: v.key,
  event: v.event,
  line: v.line,
  expectedEvent: v.expectedEvent,
  kind: v.kind,
  pending: v.pending ?? false,
  message: v.message.replace('it has not come so far', 'it never came'),
});

/** A virtio-snd trace of `n` buffer rounds where about one round in `badEvery` returns a pointer too early. */
function synthetic(n: number, badEvery: number, seed: number): string {
  const rnd = random(seed);
  let t = 15_000_000;
  const line = (msg: string) => {
    t += 1 + Math.floor(rnd() * 200);
    return `[${(t / 1e6).toFixed(6)}] ${msg}\n`;
  };
  let out = '';
  for (let r = 0; r < n; r++) {
    const b = 1 + (r % 4);
    out += line(`virtsnd_pcm_msg_send: adding buffer #${b} to avail`);
    if (rnd() * badEvery < 1) out += line(`virtsnd_pcm_pointer: return pointer to buffer #${b}`);
    out += line(`virtsnd_pcm_msg_complete: interruption, buffer #${b} at consume`);
    out += line(`virtsnd_pcm_pointer: return pointer to buffer #${b}`);
  }
  return out;
}

describe('a followed file, appended in chunks, reads as the whole file does', () => {
  const cases: [string, string, RuleFile?, 'unjoined'?][] = [
    ['virtsnd-pointer-invalid.log', read(shared, 'virtsnd-pointer-invalid.log')],
    ['vhost-user-enable-invalid.log', read(shared, 'vhost-user-enable-invalid.log')],
    ['virtsnd-pcm-lifecycle-invalid.log', read(gallery, 'virtsnd-pcm-lifecycle-invalid.log')],
    ['virtqueue-event-idx-invalid.log (QEMU, fields not joined)', read(gallery, 'virtqueue-event-idx-invalid.log'), undefined, 'unjoined'],
    ['device-status-invalid.log (QEMU, fields not joined)', read(gallery, 'device-status-invalid.log'), undefined, 'unjoined'],
    ['qemu-virtio-boot.log (QEMU, fields not joined)', read(shared, 'qemu-virtio-boot.log'), undefined, 'unjoined'],
    [
      'tracing-formal-alternates.jsonl with its rules',
      read(gallery, 'tracing-formal-alternates.jsonl'),
      parseRules(read(gallery, 'tracing-formal-alternates.rules'), 'tracing-formal-alternates.rules'),
    ],
    ['a synthetic virtio-snd trace of 1,500 rounds', synthetic(1500, 40, 7)],
  ];
  for (const [name, text, ruleFile, unjoined] of cases) {
    it(`${name}: same events, violations and lanes for 5 random cuts`, async () => {
      const whole = wholeFile(text, ruleFile, unjoined !== undefined);
      for (let seed = 1; seed <= 5; seed++) {
        const { views } = await followInChunks(text, seed, ruleFile, 2 + seed * 3);
        const last = views[views.length - 1];
        expect(events(last.ingest.trace)).toEqual(events(whole.ingest.trace));
        expect(last.violations.map(shown)).toEqual(whole.a.violations.map(shown));
        expect(last.stats).toEqual(whole.a.stats);
        expect(last.layout.lanes).toEqual(whole.layout.lanes);
        expect(lanesOfEvents(last.layout, last.ingest.trace.count)).toEqual(lanesOfEvents(whole.layout, whole.ingest.trace.count));
        expect(last.rules.map((r) => r.id)).toEqual(whole.a.rules.map((r) => r.id));
      }
    });
  }

  it('a followed QEMU trace lacks the fields joined across the whole trace, as `check --follow` does', async () => {
    const text = read(gallery, 'device-status-invalid.log');
    const { views } = await followInChunks(text, 1);
    const followed = views[views.length - 1].ingest.trace;
    expect(wholeFile(text).ingest.trace.fields.has('queue')).toBe(true);
    expect(followed.fields.has('queue')).toBe(false);
  });

  it('the synthetic trace has violations to compare (the test above is not vacuous)', () => {
    const whole = wholeFile(synthetic(1500, 40, 7));
    expect(whole.a.violations.filter((v) => !v.pending).length).toBeGreaterThan(20);
  });

  it('reports the violation at line 5 of virtsnd-pointer-invalid.log once line 5 is appended, not before', async () => {
    const text = read(shared, 'virtsnd-pointer-invalid.log');
    const lines = text.split(/(?<=\n)/);
    const f = await FollowedTrace.open('followed.log', new Blob([lines.slice(0, 4).join('')]), {}, undefined, new AbortController().signal);
    expect(f.view().violations.filter((v) => !v.pending)).toEqual([]);
    f.append(new TextEncoder().encode(lines[4]));
    const v = f.view().violations.filter((x) => !x.pending);
    expect(v.map((x) => [x.line, x.rule])).toEqual([[5, 'snd-buffer-ownership']]);
    expect(v[0].message).toContain('it has not come so far');
    // Its expected event comes with line 6: the same violation now says where.
    f.append(new TextEncoder().encode(lines[5]));
    const after = f.view().violations.filter((x) => !x.pending);
    expect(after.map((x) => x.id)).toEqual(v.map((x) => x.id));
    expect(after[0].message).toContain('it came at line 6');
  });

  it('a line cut at the end of a chunk waits for its newline', async () => {
    const f = await FollowedTrace.open(
      'followed.log',
      new Blob(['[15.611647] virtsnd_pcm_msg_send: adding buffer #1 to avail\n[15.6118']),
      {},
      undefined,
      new AbortController().signal,
    );
    expect(f.view().ingest.trace.count).toBe(1);
    f.append(new TextEncoder().encode('54] virtsnd_pcm_msg_send: adding buffer #2 to av'));
    expect(f.view().ingest.trace.count).toBe(1);
    f.append(new TextEncoder().encode('ail\n'));
    const t = f.view().ingest.trace;
    expect(t.count).toBe(2);
    expect(eventFields(t, 1)).toEqual(eventFields(t, 0).map(([k]) => [k, '2']));
  });

  it('the raw lines of appended events are read from the grown source', async () => {
    const text = read(shared, 'virtsnd-pointer-invalid.log');
    const { views } = await followInChunks(text, 3, undefined, 4);
    const last = views[views.length - 1];
    const t = last.ingest.trace;
    const raw = await readRawLines(last.source, false, [t.offset.get(t.count - 1), t.offset.get(0)]);
    const lines = text.trimEnd().split('\n');
    expect(raw).toEqual([lines[lines.length - 1], lines[0]]);
  });

  it('an empty file waits for its first line, then picks its format and packs', async () => {
    const f = await FollowedTrace.open('followed.log', new Blob([]), {}, undefined, new AbortController().signal);
    const empty = f.view();
    expect(empty.ingest.trace.count).toBe(0);
    expect(empty.ingest.formatLabel).toBe('waiting for the first line');
    f.append(new TextEncoder().encode(read(shared, 'virtsnd-pointer-invalid.log')));
    const v = f.view();
    expect(v.ingest.format).toBe('dmesg');
    expect(v.packs).toContain('virtio-snd');
    expect(v.violations.filter((x) => !x.pending).map((x) => x.line)).toEqual([5]);
  });

  it('a gzip file is refused with a message, not read as text', async () => {
    const gz = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    await expect(FollowedTrace.open('trace.log.gz', new Blob([gz]), {}, undefined, new AbortController().signal)).rejects.toThrow(
      /gzip-compressed file cannot be followed/,
    );
  });
});
