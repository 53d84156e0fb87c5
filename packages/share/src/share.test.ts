import { readFileSync } from 'node:fs';
import { analyzeTrace, type Violation } from '@vqscope/rules';
import { ingestText } from '@vqscope/trace';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { chromeTraceJson } from './chrome-export.ts';
import { decodePermalink, encodePermalink, MAX_INFLATED, toBase64Url } from './codec.ts';
import { renderDiagram } from './diagram.ts';
import { buildPermalinkPayload, checkPermalink, diagramFor, type LinkContext } from './link.ts';
import { PermalinkError, type PermalinkPayload } from './payload.ts';

const shared = new URL('../../../../shared/examples/', import.meta.url);
const golden = new URL('../golden/', import.meta.url);

function context(file: string, whole = false): LinkContext {
  const text = readFileSync(new URL(file, shared), 'utf8');
  const ingest = ingestText(text, { fileName: file });
  const analysis = analyzeTrace(ingest.trace, {});
  const bytes = new TextEncoder().encode(text);
  const violation = analysis.violations.find((v) => v.severity === 'error') as Violation;
  return {
    fileName: file,
    ingest,
    rules: analysis.rules,
    packs: analysis.packs,
    violation,
    whole,
    rawLines: async (offsets) =>
      offsets.map((o) => {
        const end = bytes.indexOf(10, o);
        return new TextDecoder().decode(bytes.subarray(o, end < 0 ? bytes.length : end));
      }),
  };
}

const payload = fc
  .record({
    v: fc.constant(1 as const),
    f: fc.string({ maxLength: 40 }),
    n: fc.integer({ min: 50, max: 10_000 }),
    fmt: fc.constantFrom('dmesg', 'plain', 'qemu-log'),
    l: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 12 }),
    r: fc.record({ p: fc.constant([['virtio-snd', '1']] as [string, string][]) }),
  })
  .chain((p) =>
    fc.record({
      ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, fc.constant(v)])),
      t: fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { minLength: p.l.length, maxLength: p.l.length }),
    }),
  ) as fc.Arbitrary<PermalinkPayload>;

describe('permalink codec', () => {
  it('decodes what it encodes, for any payload', () => {
    fc.assert(
      fc.property(payload, (p) => {
        expect(decodePermalink(`#${encodePermalink(p)}`)).toEqual(p);
      }),
      { numRuns: 300 },
    );
  });

  it('says what is wrong with a damaged, cut, future or oversized link', () => {
    const good = encodePermalink({ v: 1, f: 'a.log', n: 3, fmt: 'plain', l: [1, 1], t: ['a', 'b'], r: {} });
    const err = (f: string) => {
      try {
        decodePermalink(f);
      } catch (e) {
        expect(e).toBeInstanceOf(PermalinkError);
        return (e as Error).message;
      }
      return 'decoded';
    };
    expect(err(good.slice(0, good.length - 6))).toMatch(/cut short|damaged/);
    expect(err(`${good.slice(0, 8)}!!${good.slice(10)}`)).toMatch(/characters that base64url does not use/);
    expect(err(good.replace('p=1.', 'p=7.'))).toMatch(/made by a newer vqscope \(link version 7\)/);
    expect(err(`#p=1.${toBase64Url(deflateSync(strToU8(JSON.stringify({ v: 2, f: 'x' }))))}`)).toMatch(
      /newer vqscope \(format version 2\)/,
    );
    expect(
      err(`#p=1.${toBase64Url(deflateSync(strToU8(JSON.stringify({ v: 1, f: 'x', n: 1, fmt: 'plain', l: [5], t: ['x'], r: {} }))))}`),
    ).toMatch(/past the end/);
    expect(err(`#p=1.${toBase64Url(deflateSync(new Uint8Array(MAX_INFLATED + 10).fill(32)))}`)).toMatch(/larger than 1048576 bytes/);
    expect(
      err(`#p=1.${toBase64Url(deflateSync(strToU8('{"v":1,"f":"x","n":1,"fmt":"plain","l":[1],"t":["a"],"r":{},"evil":1}')))}`),
    ).toMatch(/unexpected field "evil"/);
  });
});

describe('links to violations', () => {
  it('links the virtsnd violation in under 600 characters of fragment and opens it with the same violation', async () => {
    const ctx = context('virtsnd-pointer-invalid.log');
    const fragment = encodePermalink(await buildPermalinkPayload(ctx));
    expect(fragment.length).toBeLessThan(600);
    const opened = checkPermalink(decodePermalink(fragment));
    expect(opened.selected?.line).toBe(5);
    expect(opened.selected?.expectedLine).toBe(6);
    expect(opened.selected?.id).toBe(ctx.violation.id);
    expect(opened.banner).toBe('excerpt of virtsnd-pointer-invalid.log, lines 1–6 of 6');
  });

  it('keeps original line numbers in an excerpt of a longer trace', async () => {
    const ctx = context('vhost-user-enable-invalid.log');
    const opened = checkPermalink(decodePermalink(encodePermalink(await buildPermalinkPayload(ctx))));
    expect(opened.selected?.line).toBe(1);
  });

  it('still opens the link fixture committed with format version 1', () => {
    const fragment = readFileSync(new URL('../../../e2e/fixtures/virtsnd-link-v1.txt', import.meta.url), 'utf8').trim();
    const opened = checkPermalink(decodePermalink(fragment));
    expect(opened.selected?.rule).toBe('snd-buffer-ownership');
    expect(opened.selected?.line).toBe(5);
    expect(opened.selected?.key).toBe('buffer #1');
  });
});

describe('email diagram', () => {
  for (const file of ['virtsnd-pointer-invalid.log', 'vhost-user-enable-invalid.log']) {
    it(`${file}: matches the golden file, ASCII only, at most 72 columns`, async () => {
      const ctx = context(file);
      const link = `http://localhost:4173/#${encodePermalink(await buildPermalinkPayload(ctx))}`;
      const text = renderDiagram(await diagramFor(ctx, link));
      expect(text).toBe(readFileSync(new URL(file.replace('.log', '.txt'), golden), 'utf8'));
      for (const line of text.split('\n')) {
        expect(line.length).toBeLessThanOrEqual(72);
        expect(line).toMatch(/^[\x20-\x7e]*$/);
      }
      expect(text).toMatch(/line \d+ .*\(offending\)/);
    });
  }

  it('says an open obligation is still open at the end, not that a rule of another severity was broken', async () => {
    const ctx = context('virtsnd-pointer-invalid.log');
    const note = analyzeTrace(ctx.ingest.trace, {}).violations.find((v) => v.pending) as Violation;
    const text = renderDiagram(await diagramFor({ ...ctx, violation: note }));
    expect(text).toMatch(/Still open: the expected event did not come after line 2 before the\s+trace ended\./);
    expect(text).toMatch(/line 2 .*virtsnd_pcm_msg_send \(still open\)/);
    expect(text).toMatch(/Rule: +snd-buffer-ownership \(open at end of trace\)/);
  });
});

describe('Chrome trace-event export', () => {
  it('re-imports through the Chrome JSON reader with the same events', () => {
    const ctx = context('virtsnd-pointer-invalid.log');
    const json = chromeTraceJson(ctx.ingest.trace, [ctx.violation], { laneNames: ['buffer #1'] });
    JSON.parse(json);
    const back = ingestText(json, { fileName: 'export.json' });
    expect(back.format).toBe('chrome-json');
    const t0 = ctx.ingest.trace;
    const t1 = back.trace;
    expect([...t1.name].map((n) => t1.names[n])).toEqual([...t0.name].map((n) => t0.names[n]));
    const buf = (t: typeof t0, i: number) => t.fields.get('buffer')?.values[t.fields.get('buffer')?.id(i) ?? 0];
    for (let i = 0; i < t0.count; i++) expect(buf(t1, i)).toBe(buf(t0, i));
    expect(t1.ts.get(5) - t1.ts.get(0)).toBeCloseTo(t0.ts.get(5) - t0.ts.get(0), -1);
    expect(json).toMatch(/"ph":"s".*\n.*"ph":"f"/);
  });
});

describe('device names in links and diagrams', () => {
  it('names the balloon in the diagram lane and the opened link, with the violation id of the raw key', async () => {
    const ctx = context('qemu-balloon-kick-before-driver-ok.log');
    expect(ctx.violation.key).toBe('virtio-balloon (vdev 0x564849ec28a0)');
    const diagram = await diagramFor(ctx);
    expect(new Set(diagram.events.map((e) => e.lane))).toEqual(new Set(['virtio-balloon (vdev 0x564849ec28a0)']));
    const opened = checkPermalink(decodePermalink(encodePermalink(await buildPermalinkPayload(ctx))));
    expect(opened.selected?.id).toBe(ctx.violation.id);
    expect(opened.selected?.key).toBe('virtio-balloon (vdev 0x564849ec28a0)');
  });
});
