import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACK_SOURCES } from './packs/index.ts';
import { parseRules, RuleFileError } from './parse-rules.ts';
import { printRules } from './print-rules.ts';

function errorsOf(text: string, file = 'my.rules') {
  try {
    parseRules(text, file);
  } catch (e) {
    if (e instanceof RuleFileError) return e.errors;
    throw e;
  }
  return [];
}

describe('rule language', () => {
  it('parses the one-line forms of DESIGN.md exactly as written', () => {
    const f = parseRules(
      [
        '# comment',
        'do_hola alternates do_chau',
        'per buffer: virtsnd_pcm_msg_send precedes virtsnd_pcm_msg_complete',
        'set_vring_enable[enable=1] precedes handle_event',
      ].join('\n'),
    );
    expect(f.rules.map((r) => [r.keys, r.body])).toEqual([
      [[], { kind: 'relation', relation: 'alternates', a: sel('do_hola'), b: sel('do_chau') }],
      [['buffer'], { kind: 'relation', relation: 'precedes', a: sel('virtsnd_pcm_msg_send'), b: sel('virtsnd_pcm_msg_complete') }],
      [
        [],
        {
          kind: 'relation',
          relation: 'precedes',
          a: { alternatives: [{ name: 'set_vring_enable', filters: [{ field: 'enable', op: '=', value: '1' }] }] },
          b: sel('handle_event'),
        },
      ],
    ]);
    expect(f.rules.map((r) => r.severity)).toEqual(['error', 'error', 'error']);
  });

  it('parses every relation, union selectors, filters, keys and reset', () => {
    const f = parseRules(
      [
        'per stream, buffer, reset on pcm_release: a | b[x!=0, y&4] causes c',
        'a excludes b',
        'a coincides with b',
        'a is a subclock of b',
        'a subclock b',
        'per stream: send matched by complete before release',
        'per vdev: virtio_set_status keeps bits of val',
      ].join('\n'),
    );
    const r0 = f.rules[0];
    expect(r0.keys).toEqual(['stream', 'buffer']);
    expect(r0.reset).toEqual(sel('pcm_release'));
    expect(r0.body).toMatchObject({
      relation: 'causes',
      a: {
        alternatives: [
          { name: 'a', filters: [] },
          {
            name: 'b',
            filters: [
              { field: 'x', op: '!=', value: '0' },
              { field: 'y', op: '&', value: '4' },
            ],
          },
        ],
      },
    });
    expect(f.rules.slice(1, 5).map((r) => (r.body.kind === 'relation' ? r.body.relation : ''))).toEqual([
      'excludes',
      'coincides',
      'subclock',
      'subclock',
    ]);
    expect(f.rules[5].body.kind).toBe('drained');
    expect(f.rules[6].body).toMatchObject({ kind: 'keeps-bits', field: 'val' });
  });

  it('parses rule blocks with metadata, state machines and profiles', () => {
    const f = parseRules(`
rule own
  title: Buffers belong to the device until completed
  cite: VirtIO 1.3 §3.3.1
  reading: one sentence
  severity: SHOULD
  per buffer
  initial driver
  final driver
  state driver: send -> device, pointer
  state device: complete -> driver

profile mine
  /^my_send: buf (?<buffer>\\d+)/ -> my_send
  /^(?<event>\\w+): #(?<n>\\d+)/i
`);
    const r = f.rules[0];
    expect(r).toMatchObject({
      id: 'own',
      title: 'Buffers belong to the device until completed',
      cite: 'VirtIO 1.3 §3.3.1',
      severity: 'warning',
      keys: ['buffer'],
    });
    expect(r.body.kind).toBe('machine');
    if (r.body.kind === 'machine') {
      expect(r.body.machine.initial).toBe('driver');
      expect([...r.body.machine.states.keys()]).toEqual(['driver', 'device']);
      expect(r.body.machine.states.get('driver')).toEqual([{ on: sel('send'), to: 'device' }, { on: sel('pointer') }]);
    }
    expect(f.profiles[0].name).toBe('mine');
    expect(f.profiles[0].patterns[0].event).toBe('my_send');
    expect(f.profiles[0].patterns[1].re.flags).toBe('i');
    expect(f.profiles[0].patterns[0].re.exec('my_send: buf 7')?.groups?.buffer).toBe('7');
  });

  it('names file, line and column and what was expected', () => {
    expect(errorsOf('a precedes\n', 'x.rules')).toEqual([{ file: 'x.rules', line: 1, column: 11, message: 'expected an event name' }]);
    expect(errorsOf('\n\na follows b\n')).toEqual([
      {
        file: 'my.rules',
        line: 3,
        column: 3,
        message: expect.stringMatching(/^expected a relation \(precedes, causes, alternates.*found "follows"/),
      },
    ]);
    expect(errorsOf('a[enable 1] precedes b')[0]).toMatchObject({
      line: 1,
      column: 10,
      message: 'expected an operator (=, !=, <, >, <=, >=, &, ?) after "enable"',
    });
    expect(errorsOf('rule r\n  state a: x -> nowhere\n')[0].message).toMatch(/goes to "nowhere", which has no "state" line/);
    // The error points at the state line that names the missing state, not at the machine's first line.
    expect(errorsOf('rule r\n  initial a\n  state a: x -> b\n  state b: y -> c\n')[0]).toMatchObject({
      line: 4,
      column: 3,
      message: expect.stringMatching(/state b goes to "c"/),
    });
    expect(errorsOf('rule r\n  severity: OFTEN\n  a precedes b\n')[0]).toMatchObject({
      line: 2,
      column: 13,
      message: expect.stringMatching(/expected a severity/),
    });
    expect(errorsOf('profile p\n  /(/ -> x\n')[0]).toMatchObject({ line: 2, message: expect.stringMatching(/invalid regular expression/) });
  });

  it('refuses a catastrophic pattern with nested quantifiers', () => {
    expect(errorsOf('profile p\n  /^(a+)+$/ -> x\n')[0]).toMatchObject({
      line: 2,
      column: 4,
      message: expect.stringMatching(/nests quantifiers/),
    });
    expect(errorsOf('profile p\n  /^(\\w+\\s?)*x$/ -> x\n')[0].message).toMatch(/nests quantifiers/);
    expect(errorsOf('profile p\n  /^a+b*(c|d)x{2,3}$/ -> x\n')).toEqual([]);
  });

  it('collects several errors in one pass', () => {
    expect(errorsOf('a precedes\nb alternates\nc causes d\n').map((e) => e.line)).toEqual([1, 2]);
  });

  it('parses every built-in pack and prints it back to the same rules', () => {
    for (const [id, text] of Object.entries(PACK_SOURCES)) {
      const once = parseRules(text, id);
      const twice = parseRules(printRules(once), id);
      expect(strip(twice)).toEqual(strip(once));
    }
  });

  it('prints any generated relation so that it parses back the same', () => {
    const name = fc.constantFrom('a', 'b_c', 'virtio_set_status', 'x.y');
    const filter = fc.record({
      field: fc.constantFrom('val', 'enable', 'vring'),
      op: fc.constantFrom('=', '!=', '<', '>=', '&'),
      value: fc.constantFrom('0', '1', '0x4', 'true', 'on'),
    });
    const selector = fc.record({
      alternatives: fc.array(fc.record({ name, filters: fc.array(filter, { maxLength: 2 }) }), { minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      fc.property(
        selector,
        selector,
        fc.constantFrom('precedes', 'causes', 'alternates', 'excludes', 'coincides', 'subclock'),
        fc.array(fc.constantFrom('buffer', 'stream', 'vdev'), { maxLength: 2 }),
        (a, b, relation, keys) => {
          const text = `${keys.length ? `per ${[...new Set(keys)].join(', ')}: ` : ''}${print(a)} ${relation} ${print(b)}`;
          const once = parseRules(text);
          const again = parseRules(printRules(once));
          expect(strip(again).rules.map((r) => [r.keys, r.body])).toEqual(strip(once).rules.map((r) => [r.keys, r.body]));
        },
      ),
      { numRuns: 200 },
    );
  });
});

function print(s: { alternatives: { name: string; filters: { field: string; op: string; value: string }[] }[] }): string {
  return s.alternatives
    .map((p) => (p.filters.length ? `${p.name}[${p.filters.map((f) => `${f.field}${f.op}${f.value}`).join(', ')}]` : p.name))
    .join(' | ');
}

function sel(name: string) {
  return { alternatives: [{ name, filters: [] }] };
}

function strip(f: ReturnType<typeof parseRules>) {
  const values = f.values.map(({ where: _w, ...v }) => v);
  return {
    ...f,
    values,
    rules: f.rules.map(({ where: _w, values: v, ...r }) => ({ ...r, values: v ? values : undefined })),
    profiles: f.profiles.map((p) => ({ ...p, patterns: p.patterns.map((x) => x.source) })),
  };
}
