import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { run } from './main.ts';

const examples = new URL('../../../../shared/examples/', import.meta.url).pathname;
const gallery = new URL('../../../public/examples/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'vqscope-cli-'));

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function file(name: string, content: string | Uint8Array) {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

describe('vqscope check', () => {
  it('prints the JSON object of DESIGN.md for one file and exits 1 on a violation', async () => {
    const r = await cli('check', join(examples, 'virtsnd-pointer-invalid.log'), '--format', 'json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ file: expect.stringContaining('virtsnd-pointer-invalid.log'), format: 'dmesg', events: 6, warnings: [] });
    const errors = j.violations.filter((v: { severity: string }) => v.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^v[0-9a-f]{8}$/),
        rule: 'snd-buffer-ownership',
        severity: 'error',
        key: 'buffer #1',
        line: 5,
        expectedLine: 6,
        cite: 'VirtIO 1.3 §3.3.1, §2.7.13.3',
      }),
    ]);
  });

  it('prints an array for several files and exits 0 when none has an error', async () => {
    const r = await cli('check', join(examples, 'virtsnd-pointer-valid.log'), join(examples, 'qemu-virtio-boot.log'), '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.map((x: { events: number }) => x.events)).toEqual([10, 463]);
  });

  it('checks with a rule file given by --rules', async () => {
    const r = await cli(
      'check',
      join(examples, 'tracing-formal-alternates.jsonl'),
      '--rules',
      join(examples, 'tracing-formal-alternates.rules'),
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /tracing-formal-alternates\.jsonl:3: error: expected `do_hola` before `do_chau` \(line 3\); it never came \[do_hola-alternates-do_chau\]/,
    );
  });

  it('prints text like a compiler', async () => {
    const r = await cli('check', join(examples, 'virtsnd-pointer-invalid.log'));
    expect(r.out.split('\n')[0]).toBe(
      `${join(examples, 'virtsnd-pointer-invalid.log')}:5: error: expected \`virtsnd_pcm_msg_complete\` buffer #1 before \`virtsnd_pcm_pointer\` buffer #1 (line 5); it came at line 6, 100.6 ms later (in state device) [snd-buffer-ownership, VirtIO 1.3 §3.3.1, §2.7.13.3]`,
    );
  });

  it('selects packs with --pack and refuses unknown ones', async () => {
    const none = await cli('check', join(examples, 'virtsnd-pointer-invalid.log'), '--pack', 'vhost-user', '--format', 'json');
    expect(none.code).toBe(0);
    expect(JSON.parse(none.out).violations).toEqual([]);
    const bad = await cli('check', join(examples, 'virtsnd-pointer-invalid.log'), '--pack', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown pack "nope"; built-in packs: virtio-snd, device-status/);
  });

  it('writes SARIF 2.1.0 that validates against the SARIF schema', async () => {
    const r = await cli(
      'check',
      join(examples, 'virtsnd-pointer-invalid.log'),
      join(gallery, 'device-status-invalid.log'),
      '--format',
      'sarif',
    );
    const sarif = JSON.parse(r.out);
    const require = createRequire(import.meta.url);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const validate = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false, logger: false }).compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0].results;
    expect(
      results.find((x: { ruleId: string; level: string }) => x.ruleId === 'snd-buffer-ownership' && x.level === 'error').locations[0]
        .physicalLocation.region.startLine,
    ).toBe(5);
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  });

  it('reports buffers still open at the end as notes in every format, which never fail the check', async () => {
    const invalid = join(examples, 'virtsnd-pointer-invalid.log');
    const j = JSON.parse((await cli('check', invalid, '--format', 'json')).out);
    const sev = (s: string) => j.violations.filter((v: { severity: string }) => v.severity === s);
    expect(sev('error').map((v: { line: number }) => v.line)).toEqual([5]);
    expect(sev('note').map((v: { line: number; pending: boolean }) => [v.line, v.pending])).toEqual([
      [2, true],
      [3, true],
      [4, true],
    ]);
    expect(sev('warning')).toEqual([]);
    const text = await cli('check', invalid);
    expect(text.out).toMatch(/virtsnd-pointer-invalid\.log:2: note: `virtsnd_pcm_msg_send` buffer #2 \(line 2\) was never followed/);
    expect(text.out).toMatch(/: 1 violation\(s\), 3 note\(s\) open at end of trace$/);
    const sarif = JSON.parse((await cli('check', invalid, '--format', 'sarif')).out);
    expect(sarif.runs[0].results.map((x: { level: string }) => x.level).sort()).toEqual(['error', 'note', 'note', 'note']);
    const junit = await cli('check', invalid, '--format', 'junit');
    expect(junit.out.match(/<failure /g)?.length).toBe(1);
    const valid = file('open-buffer.log', '[1.0] virtsnd_pcm_msg_send: adding buffer #1 to avail\n');
    expect((await cli('check', valid)).code).toBe(0);
    const rules = file(
      'open-error.rules',
      'rule must-close\n  open: error\n  per buffer: virtsnd_pcm_msg_send precedes virtsnd_pcm_msg_complete\n',
    );
    expect((await cli('check', valid, '--rules', rules)).code).toBe(1);
  });

  it('notes a rule of the user whose events the trace never has (a typo passes as "no violations" otherwise)', async () => {
    const rules = file('typo.rules', 'virtio_set_stauts precedes virtio_queue_notify\n');
    const r = await cli('check', join(examples, 'qemu-virtio-boot.log'), '--rules', rules);
    expect(r.out).toMatch(
      /note: rule virtio_set_stauts-precedes-virtio_queue_notify \(.*typo\.rules:1\) names `virtio_set_stauts`, which the trace never has/,
    );
    const fine = file('fine.rules', 'virtio_set_status precedes virtio_queue_notify\n');
    expect((await cli('check', join(examples, 'qemu-virtio-boot.log'), '--rules', fine)).out).not.toMatch(/never has/);
  });

  it('writes JUnit XML with one testcase per rule and a failure per violation', async () => {
    const r = await cli('check', join(gallery, 'device-status-invalid.log'), '--format', 'junit');
    expect(r.out).toMatch(/<testsuite name="[^"]*device-status-invalid.log" tests="8" failures="3"/);
    expect(r.out.match(/<testcase /g)?.length).toBe(8);
    expect(r.out.match(/<failure /g)?.length).toBe(3);
  });
});

describe('bad input', () => {
  it('binary content: exit 2 naming the file and the offset', async () => {
    const p = file('core.bin', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    const r = await cli('check', p);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${p}: error: binary content: NUL byte at offset 4; vqscope reads text logs (plain, gzip-compressed or JSON)`);
  });

  it('empty file: a clear message', async () => {
    const r = await cli('check', file('empty.log', ''));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/empty\.log: error: the file is empty/);
  });

  it('truncated .gz: exit 2 with a clear message', async () => {
    const gz = gzipSync(readFileSync(join(examples, 'qemu-virtio-boot.log')));
    const r = await cli('check', file('cut.log.gz', gz.subarray(0, gz.length - 300)));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cut\.log\.gz(:\d+)?: error: the gzip data is corrupt or truncated/);
  });

  it('a whole .gz checks like the plain file', async () => {
    const r = await cli(
      'check',
      file('boot.log.gz', gzipSync(readFileSync(join(examples, 'virtsnd-pointer-invalid.log')))),
      '--format',
      'json',
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).events).toBe(6);
  });

  it('unknown format: lists what was tried and how to add a profile', async () => {
    const r = await cli('check', file('odd.txt', '%%% ###\n!!! ???\n'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown log format.*Tried: chrome-json \(0%\).*Add a profile/);
  });

  it('a missing file and a rule file with a syntax error: exit 2 with file, line and column', async () => {
    const missing = await cli('check', join(tmp, 'nope.log'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.log: cannot read the file \(ENOENT\)/);
    const rules = file('bad.rules', '# ok\na precedes b\nc folows d\n');
    const bad = await cli('check', join(examples, 'virtsnd-pointer-valid.log'), '--rules', rules);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(new RegExp(`${rules.replace(/[.]/g, '\\.')}:3:3: error: expected a relation`));
  });

  it('JSON output carries the error of an unusable file next to good ones', async () => {
    const r = await cli('check', join(examples, 'virtsnd-pointer-valid.log'), file('e2.log', ''), '--format', 'json');
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out);
    expect(j[1]).toEqual({ file: expect.stringContaining('e2.log'), error: { message: 'the file is empty' } });
  });

  it('says nothing was checked when no pack knows the events and no rules were given', async () => {
    const r = await cli('check', file('unknown-events.log', '[1.0] frobnicate x=1\n[2.0] defrobnicate x=1\n'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /unknown-events\.log: 2 events \(\w+\): nothing checked, no built-in pack knows these events; give rules with --rules$/,
    );
  });

  it('a forced input format that fits no line is an error (exit 2), not a clean trace', async () => {
    const r = await cli('check', join(examples, 'qemu-virtio-boot.log'), '--input-format', 'ftrace');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /qemu-virtio-boot\.log:1: error: no line fits the format forced with --input-format ftrace \(ftrace text; 463 line\(s\) tried/,
    );
  });

  it('usage errors never print a stack trace', async () => {
    const r = await cli('check', '--format', 'xml', 'a.log');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--format expects one of text, json, jsonl, sarif, junit/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('vqscope stats and rules', () => {
  it('stats counts events per name and per key field', async () => {
    const r = await cli('stats', join(examples, 'qemu-virtio-boot.log'), '--format', 'json');
    const j = JSON.parse(r.out);
    expect(j.events).toBe(463);
    expect(Object.fromEntries(j.byName).virtio_set_status).toBe(73);
    expect(j.fields.find((f: { field: string }) => f.field === 'vdev').distinct).toBe(3);
  });

  it('stats lists req and flags of vhost-user messages, read as QEMU prints them (req:1 flags:0x9)', async () => {
    const log = file(
      'vhost-user.log',
      ['101@1700000000.000100:vhost_user_write req:1 flags:0x9', '101@1700000000.000200:vhost_user_read req:1 flags:0x5', ''].join('\n'),
    );
    const r = await cli('stats', log, '--format', 'json');
    expect(r.code).toBe(0);
    const fields = Object.fromEntries(JSON.parse(r.out).fields.map((f: { field: string; top: string[] }) => [f.field, f.top]));
    expect(fields.req).toEqual(['1']);
    expect(new Set(fields.flags)).toEqual(new Set(['0x9', '0x5']));
    const text = await cli('stats', log);
    expect(text.out).toMatch(/\breq\b/);
    expect(text.out).toMatch(/\bflags\b/);
  });

  it('rules lists every pack with its rules and citations', async () => {
    const r = await cli('rules');
    expect(r.code).toBe(0);
    for (const p of ['virtio-snd', 'device-status', 'virtqueue', 'vhost-user', 'tracing-formal'])
      expect(r.out).toMatch(new RegExp(`\\(pack ${p} v\\d+\\)`));
    expect(r.out).toMatch(/snd-buffer-ownership {2}\[MUST, VirtIO 1\.3 §3\.3\.1, §2\.7\.13\.3\]/);
  });
});

describe('the installed bin', () => {
  it('runs through node_modules/.bin/vqscope like npx does', () => {
    const bin = new URL('../../../node_modules/.bin/vqscope', import.meta.url).pathname;
    let out = '';
    try {
      execFileSync(bin, ['check', join(examples, 'vhost-user-enable-invalid.log'), '--format', 'json'], { encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout: string }).stdout;
      expect((e as { status: number }).status).toBe(1);
    }
    expect(JSON.parse(out).violations.map((v: { line: number }) => v.line)).toEqual([1]);
  });

  it('ends quietly when the reader closes the pipe early (| head)', () => {
    const bin = new URL('../../../node_modules/.bin/vqscope', import.meta.url).pathname;
    const many = file(
      'many-notes.log',
      Array.from({ length: 20000 }, (_, k) => `[${k}.0] virtsnd_pcm_msg_send: adding buffer #${k} to avail\n`).join(''),
    );
    const r = spawnSync('sh', ['-c', `"${bin}" check "${many}" --format json | head -c 10`], { encoding: 'utf8' });
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  });
});

describe('vqscope link, explain and check --link-base', () => {
  it('link prints a permalink on the default base whose fragment is under 600 characters', async () => {
    const r = await cli('link', join(examples, 'virtsnd-pointer-invalid.log'), '--violation', 'first');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^http:\/\/localhost:4173\/#p=1\.[A-Za-z0-9_-]+$/);
    expect(r.out.split('#')[1].length).toBeLessThan(600);
    const other = await cli('link', join(examples, 'virtsnd-pointer-invalid.log'), '--violation', '1', '--base', 'https://vq.example/app/');
    expect(other.out.startsWith('https://vq.example/app/#p=1.')).toBe(true);
  });

  it('explain prints the golden diagram of the talk cases', async () => {
    for (const f of ['virtsnd-pointer-invalid', 'vhost-user-enable-invalid']) {
      const r = await cli('explain', join(examples, `${f}.log`), '--violation', 'first');
      expect(`${r.out}\n`).toBe(readFileSync(new URL(`../../share/golden/${f}.txt`, import.meta.url), 'utf8'));
    }
  });

  it('explain with --rules uses the rule file and puts its text in the link', async () => {
    const r = await cli(
      'explain',
      join(examples, 'tracing-formal-alternates.jsonl'),
      '--rules',
      join(examples, 'tracing-formal-alternates.rules'),
      '--violation',
      'first',
    );
    expect(r.out).toMatch(/do_hola-alternates-do_chau violated/);
    expect(r.out).toMatch(/line 3 .*X +do_chau \(offending\)/);
  });

  it('an unknown violation id is a usage error that lists the ids', async () => {
    const r = await cli('link', join(examples, 'virtsnd-pointer-invalid.log'), '--violation', 'vdeadbeef');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no violation has this id; ids: v[0-9a-f]{8}/);
  });

  it('a violation number out of range counts violations and notes as check does', async () => {
    const r = await cli('explain', join(examples, 'virtsnd-pointer-invalid.log'), '--violation', '9');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--violation 9: the trace has 1 violation\(s\) and 3 note\(s\), numbered together/);
  });

  it('check --link-base adds a permalink to each violation in JSON and text', async () => {
    const r = await cli('check', join(examples, 'virtsnd-pointer-invalid.log'), '--format', 'json', '--link-base', 'https://vq.example/');
    const v = JSON.parse(r.out).violations.find((x: { severity: string }) => x.severity === 'error');
    expect(v.link).toMatch(/^https:\/\/vq\.example\/#p=1\./);
    const t = await cli('check', join(examples, 'virtsnd-pointer-invalid.log'), '--link-base', 'https://vq.example/');
    expect(t.out).toMatch(/\n {2}https:\/\/vq\.example\/#p=1\./);
  });
});
