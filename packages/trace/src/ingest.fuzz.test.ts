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
  // The guest-side formats, with the lines that belong to another line (callchains, kmsg
  // dictionaries, graph exits) and the lines that are no events (headers, separators).
  fc
    .tuple(fc.nat(99999), fc.constantFrom('vm kernel', 'vm unknown', 'h sshd[12]'), fc.string({ maxLength: 50 }))
    .map(([t, who, m]) => `[${String(t).padStart(5)}.000001] ${who}: [7] virtio_snd:virtsnd_pcm_msg_send:1: virtio_snd virtio0: ${m}`),
  fc
    .string({ maxLength: 40 })
    .map((m) => `{"MESSAGE":${JSON.stringify(m)},"_TRANSPORT":"kernel","_SOURCE_MONOTONIC_TIMESTAMP":"15611647"}`),
  fc.tuple(fc.nat(7), fc.nat(99999), fc.string({ maxLength: 30 })).map(([p, t, m]) => `${p},1,${t},-;virtio_blk virtio1: ${m}`),
  fc.constantFrom(' SUBSYSTEM=virtio', ' DEVICE=+virtio:virtio1', '-- Boot 0705e158 --', 'cpus=2', 'CPU:1 [LOST 3 EVENTS]'),
  fc
    .tuple(
      fc.nat(9999),
      fc.constantFrom(
        'vq_add: (virtqueue_add_sgs+0x0/0x90) vq=0x1 token=0x2',
        'vq_get_buf: (f+0x5c/0x110 <- virtqueue_add_sgs) $retval=0x2',
        'x <-y',
      ),
    )
    .map(([pid, rest]) => `  aplay-${pid}  [001] d..1.  15.611647: ${rest}`),
  fc
    .tuple(
      fc.nat(9999),
      fc.constantFrom('probe:vq_add: (ffffffff81a2b3c0) vq=0x1', 'vqscope:vq_get_buf: (ffffffff81a2b3c0 <- ffffffffc0001) token=0x2'),
    )
    .map(([pid, rest]) => `  aplay ${pid} [000]  15.611647: ${rest}`),
  fc.constantFrom(
    '\tffffffff81b47fbf blk_mq_start_request+0xcf ([kernel.kallsyms])',
    ' 0)               |  do_IRQ() {',
    ' 0)   0.908 us    |  }',
  ),
  fc
    .string({ maxLength: 40 })
    .map((m) => `[17:48:17.586558519] (+0.000076267) wk:(3208) heartbeat:msg: { cpu_id = 4 }, { msg = ${JSON.stringify(m)} }`),
  fc.string({ maxLength: 40 }).map((m) => `1576070622115 dd vq_kick: vq=0x1 ${m}`),
  fc.string({ maxLength: 40 }).map((m) => `{"type": "printf", "data": ${JSON.stringify(`${m}\n`)}}`),
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
