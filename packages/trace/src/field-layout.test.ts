import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTrace } from '../../../scripts/bench/generate.mjs';
import { FieldLayouts } from './field-layout.ts';
import { ingestText } from './ingest.ts';
import { LineRecord } from './record.ts';
import { eventFields, type Trace, TraceBuilder } from './trace.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

/** An event as the test writes it: its name and its [key, value] pairs in the order it names them. */
type ModelEvent = { name: string; fields: [string, string][] };

/**
 * What a column per key would hold: each key's values interned in first-seen order from id 1,
 * keys in first-seen order. The layouts must give readers exactly these ids.
 */
class ColumnPerKeyModel {
  readonly keys: string[] = [];
  readonly values = new Map<string, string[]>();
  private readonly idOf = new Map<string, Map<string, number>>();
  readonly ids: Map<string, number>[] = [];

  add(e: ModelEvent): void {
    const row = new Map<string, number>();
    for (const [k, v] of e.fields) {
      let vals = this.values.get(k);
      let ids = this.idOf.get(k);
      if (!vals || !ids) {
        vals = [''];
        ids = new Map([['', 0]]);
        this.values.set(k, vals);
        this.idOf.set(k, ids);
        this.keys.push(k);
      }
      let id = ids.get(v);
      if (id === undefined) {
        id = vals.push(v) - 1;
        ids.set(v, id);
      }
      row.set(k, id);
    }
    this.ids.push(row);
  }
}

function addEvent(b: TraceBuilder, rec: LineRecord, e: ModelEvent, i: number): void {
  rec.reset();
  rec.tsSec = 1;
  rec.tsNs = i;
  for (const [k, v] of e.fields) rec.setField(k, v);
  b.add(rec, e.name, i + 1, 10 * i);
}

/** Every event's id for every key, and eventFields, against the model; the first difference, or undefined. */
function firstDifference(t: Trace, model: ColumnPerKeyModel, from = 0): string | undefined {
  expect([...t.fields.keys()]).toEqual(model.keys);
  for (let i = 0; i < t.count; i++) {
    const want = model.ids[from + i];
    for (const k of model.keys) {
      const col = t.fields.get(k);
      const got = col?.id(i);
      if (got !== (want.get(k) ?? 0)) return `event ${i} key ${k}: id ${got}, want ${want.get(k) ?? 0}`;
    }
    const wantFields = model.keys.filter((k) => (want.get(k) ?? 0) !== 0).map((k) => [k, model.values.get(k)?.[want.get(k) ?? 0]]);
    const gotFields = eventFields(t, i);
    if (JSON.stringify(gotFields) !== JSON.stringify(wantFields))
      return `event ${i}: fields ${JSON.stringify(gotFields)}, want ${JSON.stringify(wantFields)}`;
  }
  return undefined;
}

/** Events from a seed: names with a usual field set, some events missing some of it or adding others, in any order. */
function events(seed: number, count: number, opts: { names: number; keys: number; values: number; wideKey?: boolean }): ModelEvent[] {
  let s = seed >>> 0;
  const rand = (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s >>> 13;
    return (s >>> 0) % n;
  };
  const usual = Array.from({ length: opts.names }, () => Array.from({ length: 1 + rand(4) }, () => `k${rand(opts.keys)}`));
  const out: ModelEvent[] = [];
  for (let i = 0; i < count; i++) {
    const n = rand(opts.names);
    const keys = usual[n].filter(() => rand(8) !== 0);
    if (rand(10) === 0) keys.push(`k${rand(opts.keys)}`);
    for (let j = keys.length - 1; j > 0; j--) {
      const r = rand(j + 1);
      [keys[j], keys[r]] = [keys[r], keys[j]];
    }
    const fields = [...new Set(keys)].map((k): [string, string] => [k, `v${rand(opts.values)}`]);
    // One key takes a new value on every other event (in every layout): past 255 and 65535 values in a long run.
    if (opts.wideKey && i % 2 === 0) fields.push(['seq', `0x${i.toString(16)}`]);
    out.push({ name: `ev${n}`, fields });
  }
  return out;
}

describe('field ids stored by event-name layout', () => {
  it('reads back every id a column per key would hold, for any names, keys and key orders', () => {
    const event = fc.record({
      name: fc.constantFrom('a', 'b', 'c', 'virtqueue_kick', 'e'),
      fields: fc.uniqueArray(
        fc.tuple(fc.constantFrom('stream', 'buffer', 'vring', 'enable', 'queue', 'head', 'x', 'y', 'z'), fc.string({ maxLength: 3 })),
        {
          selector: ([k]) => k,
          maxLength: 6,
        },
      ),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 400, size: 'max' }), fc.nat(400), (evs, reserveAt) => {
        const b = new TraceBuilder();
        const rec = new LineRecord();
        const model = new ColumnPerKeyModel();
        evs.forEach((e, i) => {
          // Sizing up mid-read decides dense or sparse there, as ingest does after its sample.
          if (i === reserveAt) b.reserve(4 * evs.length + 2048);
          addEvent(b, rec, e, i);
          model.add(e);
        });
        expect(firstDifference(b.finish(), model)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back ids past 255 and 65535 values, over events of many layouts, dense and sparse', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(3, 12), (seed, names) => {
        const evs = events(seed, 140_000, { names, keys: 9, values: 300, wideKey: true });
        const b = new TraceBuilder();
        const rec = new LineRecord();
        const model = new ColumnPerKeyModel();
        evs.forEach((e, i) => {
          addEvent(b, rec, e, i);
          model.add(e);
        });
        const t = b.finish();
        expect(t.fields.get('seq')?.values.length).toBeGreaterThan(0x10000);
        expect(firstDifference(t, model)).toBeUndefined();
      }),
      { numRuns: 2 },
    );
  });

  it('hands over batches whose ids are their own: an event of the next batch does not show a field of the last one', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.nat(3000), { minLength: 1, maxLength: 4 }), (seed, sizes) => {
        const evs = events(
          seed,
          sizes.reduce((a, c) => a + c, 0),
          { names: 5, keys: 7, values: 400 },
        );
        const b = new TraceBuilder();
        const rec = new LineRecord();
        const model = new ColumnPerKeyModel();
        let i = 0;
        for (const size of sizes) {
          const from = i;
          for (const end = i + size; i < end; i++) {
            addEvent(b, rec, evs[i], i);
            model.add(evs[i]);
          }
          const batch = b.takeBatch();
          expect(batch.count).toBe(size);
          // Keys seen only in later batches are not in this one: compare the keys it has.
          const sub = new ColumnPerKeyModel();
          for (const e of evs.slice(0, from + size)) sub.add(e);
          sub.ids.splice(0, from);
          expect(firstDifference(batch, sub)).toBeUndefined();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps a view of the events so far unchanged while more events widen, extend and re-encode the columns', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(100_000), (seed, at) => {
        const evs = events(seed, 140_000, { names: 6, keys: 8, values: 500, wideKey: true });
        const f = new FieldLayouts();
        const names = new Map<string, number>();
        const nameIds = new Uint8Array(evs.length);
        const pairs = new Int32Array(64);
        const model = new ColumnPerKeyModel();
        // The builder sizes the dense columns; here they have room for every event from the start.
        f.capacity = evs.length;
        let view: Map<string, { id(i: number): number }> | undefined;
        let viewKeys: string[] = [];
        evs.forEach((e, i) => {
          if (i === at) {
            view = f.view(nameIds, names.size);
            viewKeys = [...model.keys];
          }
          if (!names.has(e.name)) names.set(e.name, names.size);
          const nameId = names.get(e.name) ?? 0;
          nameIds[i] = nameId;
          e.fields.forEach(([k, v], j) => {
            const slot = f.slotOf(k);
            pairs[2 * j] = f.positionOf(nameId, slot, i);
            pairs[2 * j + 1] = f.valueId(slot, v);
          });
          f.add(i, pairs, 0, e.fields.length);
          model.add(e);
        });
        const whole = f.finish(nameIds, names.size, evs.length);
        for (let i = 0; i < evs.length; i++)
          for (const k of model.keys) if (whole.get(k)?.id(i) !== (model.ids[i].get(k) ?? 0)) expect.fail(`finished: event ${i} key ${k}`);
        if (!view) return;
        expect([...view.keys()]).toEqual(viewKeys);
        for (let i = 0; i < at; i++)
          for (const k of viewKeys) if (view.get(k)?.id(i) !== (model.ids[i].get(k) ?? 0)) expect.fail(`view: event ${i} key ${k}`);
      }),
      { numRuns: 3 },
    );
  });

  it('keeps the last value when an event names a key twice', () => {
    const f = new FieldLayouts();
    f.capacity = 200_000;
    const slot = f.slotOf('vring');
    const a = f.valueId(slot, '1');
    const b = f.valueId(slot, '2');
    const names = new Uint8Array(200_000);
    for (let i = 0; i < names.length; i++) {
      // Name 1 (every 50th event) is the only one with the key: its position goes sparse at the first review.
      names[i] = i % 50 === 0 ? 1 : 0;
      if (names[i] === 1) {
        const p = f.positionOf(1, slot, i);
        f.add(i, Int32Array.of(p, a, p, b), 0, 2);
      } else f.add(i, new Int32Array(0), 0, 0);
    }
    const col = f.finish(names, 2, names.length).get('vring');
    // Sparse: a bit and a count share per event, and the 4000 ids.
    expect(col?.storage.byteLength).toBeLessThan(names.length / 4);
    expect(col?.id(100)).toBe(b);
    expect(col?.id(150_000)).toBe(b);
    expect(col?.id(150_001)).toBe(0);
  });

  it('costs at most 4 bytes an event of field ids on the bench trace (virtsnd, vhost-user, virtio-net kicks)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vqscope-layout-'));
    try {
      const path = join(dir, 'bench.log');
      await generateTrace(path, 200_000);
      const t = ingestText(readFileSync(path, 'utf8'), { fileName: 'bench.log' }).trace;
      const storages = new Set([...t.fields.values()].map((c) => c.storage));
      const bytes = [...storages].reduce((a, s) => a + s.byteLength, 0);
      // Eight keys; a column per key held 9.2 bytes an event here.
      expect(t.fields.size).toBe(8);
      expect(bytes / t.count).toBeLessThanOrEqual(4);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
