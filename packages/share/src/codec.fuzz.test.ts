/** Fuzzing the permalink decoder: any fragment is either a valid payload or a PermalinkError, never a crash. */
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodePermalink, encodePermalink, toBase64Url } from './codec.ts';
import { PermalinkError, type PermalinkPayload } from './payload.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const payload: fc.Arbitrary<PermalinkPayload> = fc
  .record({
    f: fc.string({ maxLength: 30 }),
    fmt: fc.constantFrom('dmesg', 'plain', 'qemu-log'),
    l: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }),
    r: fc.record({ t: fc.string({ maxLength: 50 }) }, { requiredKeys: [] }),
    w: fc.option(
      fc.tuple(fc.constantFrom('order' as const, 'time' as const), fc.integer({ min: -10, max: 0 }), fc.integer({ min: 1, max: 100 })),
      { nil: undefined },
    ),
  })
  .chain((p) =>
    fc.array(fc.string({ unit: 'binary', maxLength: 50 }), { minLength: p.l.length, maxLength: p.l.length }).map((t) => {
      const out: PermalinkPayload = { v: 1, f: p.f, n: p.l.reduce((a, b) => a + b, 0) + 3, fmt: p.fmt, l: p.l, t, r: p.r };
      if (p.w) out.w = p.w;
      return out;
    }),
  );

function decodeOrError(fragment: string) {
  try {
    return decodePermalink(fragment);
  } catch (e) {
    expect(e).toBeInstanceOf(PermalinkError);
    expect((e as Error).message.length).toBeGreaterThan(0);
    return undefined;
  }
}

describe(`fuzzing the permalink decoder (${RUNS} runs per property)`, () => {
  it('encode then decode is the identity', () => {
    fc.assert(
      fc.property(payload, (p) => {
        expect(decodePermalink(encodePermalink(p))).toEqual(p);
      }),
      { numRuns: RUNS },
    );
  });

  it('any damaged, cut or random fragment is a PermalinkError', () => {
    fc.assert(
      fc.property(payload, fc.nat(), fc.string({ maxLength: 8 }), (p, cut, junk) => {
        const good = encodePermalink(p);
        decodeOrError(good.slice(0, cut % good.length));
        decodeOrError(good.slice(0, cut % good.length) + junk + good.slice(cut % good.length));
      }),
      { numRuns: RUNS },
    );
  });

  it('any JSON inside a well-formed envelope is validated, never trusted', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (j) => {
        const v = decodeOrError(`p=1.${toBase64Url(deflateSync(strToU8(JSON.stringify(j))))}`);
        if (v) expect(v.v).toBe(1);
      }),
      { numRuns: RUNS },
    );
  });
});
