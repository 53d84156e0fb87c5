/**
 * Fuzzing the readers: any bytes, any chunking. `npm run fuzz` runs 10,000 cases per property
 * (FUZZ_RUNS); `npm test` runs a few hundred.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat, FORMATS } from './formats/index.ts';
import { IngestError } from './ingest.ts';
import { LineRecord } from './record.ts';
import { ingestChunks, rows } from './test-support.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const enc = new TextEncoder();

/** Lines that look like the supported formats, with damage mixed in. */
const logLine = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.tuple(fc.float({ min: 0, max: 1e6, noNaN: true }), fc.string({ maxLength: 60 })).map(([t, m]) => `[${t.toFixed(6)}] ${m}`),
  fc
    .tuple(fc.nat(), fc.string({ maxLength: 40 }))
    .map(([n, m]) => `${n}@1700000000.${String(n % 1e6).padStart(6, '0')}:virtqueue_pop vq 0x${n.toString(16)} ${m}`),
  fc.json().map((j) => `{"fields":{"event":${JSON.stringify(j).slice(0, 40)}},"level":"INFO"}`),
  fc.string({ maxLength: 80 }).map((m) => `2023-08-30T10:00:00.000001Z  INFO t: ${m}`),
  fc.string({ maxLength: 80 }).map((m) => `{"traceEvents":[{"name":${JSON.stringify(m)},"ph":"i","ts":1}`),
  fc.constantFrom('', '\r', '#', '[', '{', '}', ']', '"', '\uFFFD', '<script>alert(1)</script>'),
);
const logText = fc.tuple(fc.array(logLine, { maxLength: 40 }), fc.constantFrom('\n', '\r\n')).map(([ls, sep]) => ls.join(sep));

/** Either a trace or an IngestError that says where; anything else is a bug. */
function outcome(bytes: Uint8Array, cuts: number[]) {
  try {
    return { ok: ingestChunks(bytes, cuts, 'fuzz.log') } as const;
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    expect((e as IngestError).file).toBe('fuzz.log');
    expect((e as IngestError).message.length).toBeGreaterThan(0);
    return { err: (e as IngestError).message } as const;
  }
}

describe(`fuzzing ingest (${RUNS} runs per property)`, () => {
  it('never throws anything but a located IngestError, and chunking never changes the trace', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          logText.map((t) => enc.encode(t)),
          fc.uint8Array({ maxLength: 400 }),
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        (bytes, raw) => {
          const cuts = raw.map((c) => c % (bytes.length + 1));
          const whole = outcome(bytes, []);
          const split = outcome(bytes, cuts);
          if ('err' in whole) expect(split).toEqual(whole);
          else if ('ok' in split && split.ok) {
            expect(rows(split.ok.trace)).toEqual(rows(whole.ok.trace));
            expect(split.ok.warnings).toEqual(whole.ok.warnings);
          } else expect.unreachable('chunking changed the outcome');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the detector and every line parser accept any text without throwing', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { maxLength: 20 }), (lines) => {
        const d = detectFormat(lines, 'x.log');
        expect(d.scores.length).toBe(FORMATS.length);
        for (const f of FORMATS) {
          const parse = f.createParser();
          const rec = new LineRecord();
          lines.forEach((l, n) => {
            rec.reset();
            const out = parse(l, rec, { line: n + 1, offset: 0 });
            expect(out === 'event' || out === 'skip' || out === 'none' || (typeof out === 'object' && typeof out.error === 'string')).toBe(
              true,
            );
          });
        }
      }),
      { numRuns: RUNS },
    );
  });
});
