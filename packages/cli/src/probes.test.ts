import { describe, expect, it } from 'vitest';
import { run } from './main.ts';
import { kprobeDefinitions, PROBE_ARCHES, PROBE_EVENTS, PROBE_FORMATS, probeRecipe } from './probes.ts';

// kprobe_events grammar (Documentation/trace/kprobetrace.rst): p|r:GROUP/EVENT [MOD:]SYM ARG=FETCH[:TYPE]...
const FETCH = String.raw`(?:%\w+|\$retval|\\\d+|[+-]\d+\((?:%\w+|[+-]\d+\(%\w+\))\))`;
const KPROBE_LINE = new RegExp(String.raw`^[pr]:vqscope/\w+ (?:\w+:)?\w+( \w+=${FETCH}:(?:u8|u32|s32|x64))+$`);

describe('vqscope probes', () => {
  for (const format of PROBE_FORMATS) {
    for (const arch of PROBE_ARCHES) {
      it(`${format} on ${arch} names all five contract events`, () => {
        const text = probeRecipe(arch, format);
        for (const ev of PROBE_EVENTS) expect(text).toMatch(new RegExp(`\\b${ev}\\b[:=]?`));
        expect(text.startsWith('#!')).toBe(true);
      });
    }
  }

  it('tracefs definitions are valid kprobe_events lines that define every event', () => {
    for (const arch of PROBE_ARCHES) {
      const defs = kprobeDefinitions(arch);
      for (const d of defs) expect(d).toMatch(KPROBE_LINE);
      const defined = new Set(defs.map((d) => /\/(\w+) /.exec(d)?.[1]));
      for (const ev of PROBE_EVENTS) expect(defined.has(ev)).toBe(true);
    }
  });

  it('probes appended to one event have the same argument names and types, as the kernel requires', () => {
    const byEvent = new Map<string, string>();
    for (const d of kprobeDefinitions('x86_64')) {
      const [, ev, args] = /^[pr]:vqscope\/(\w+) \S+ (.*)$/.exec(d) ?? [];
      const sig = args
        .split(' ')
        .map((a) => `${a.split('=')[0]}:${a.split(':').at(-1)}`)
        .join(' ');
      if (byEvent.has(ev)) expect(sig, d).toBe(byEvent.get(ev));
      else byEvent.set(ev, sig);
    }
  });

  it('uses the calling convention of the architecture', () => {
    const x86 = kprobeDefinitions('x86_64').join('\n');
    const arm = kprobeDefinitions('arm64').join('\n');
    expect(x86).toContain('vring_interrupt vq=%si:x64');
    expect(arm).toContain('vring_interrupt vq=%x1:x64');
    expect(arm).not.toMatch(/%[sd]i|%[cd]x|%r8/);
    expect(x86).not.toMatch(/%x\d/);
  });

  it('bpftrace braces balance and every probe prints a line', () => {
    const bt = probeRecipe('x86_64', 'bpftrace');
    expect(bt.split('{').length).toBe(bt.split('}').length);
    const blocks = bt.split('\n').filter((l) => /^k(ret)?probe:/.test(l)).length;
    expect(bt.match(/printf\(/g)?.length).toBeGreaterThanOrEqual(blocks - 1);
  });

  it('the CLI prints a recipe and rejects an unknown format with exit 2', async () => {
    let out = '';
    let err = '';
    const io = { out: (s: string) => (out += s), err: (s: string) => (err += s) };
    expect(await run(['probes', '--arch', 'arm64', '--format', 'perf'], io)).toBe(0);
    expect(out).toContain("perf record -a -e 'vqscope:*'");
    expect(out).toContain('%x0');
    expect(await run(['probes', '--format', 'json'], io)).toBe(2);
    expect(err).toContain('probes --format expects one of tracefs, trace-cmd, perf, bpftrace, found "json"');
  });

  it('check still rejects a probe format', async () => {
    let err = '';
    const io = { out: () => {}, err: (s: string) => (err += s) };
    expect(await run(['check', 'x.log', '--format', 'tracefs'], io)).toBe(2);
    expect(err).toContain('--format expects one of text, json, jsonl, sarif, junit, found "tracefs"');
  });
});
