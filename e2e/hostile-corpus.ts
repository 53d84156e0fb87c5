/**
 * The hostile-input corpus: what users' machines really produce, each with the outcome
 * vqscope promises, written down once and checked through the CLI (vitest) and the app
 * (Playwright). The files are generated into a temporary folder, never committed.
 */
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';

const SHARED = new URL('../../shared/examples/', import.meta.url);
const virtsnd = () => readFileSync(new URL('virtsnd-pointer-invalid.log', SHARED), 'utf8');

export interface HostileCase {
  id: string;
  /** What it is, and what vqscope does with it: the README's robustness table. */
  input: string;
  outcome: string;
  file: string;
  rules?: string;
  /** CLI: exit code, and a pattern its stderr or stdout must match. */
  exit: 0 | 1 | 2;
  expect: RegExp;
  /** Error lines the CLI and the app must list (for exit 1). */
  lines?: number[];
  /** App: an alert matching this, or the violations above. */
  alert?: RegExp;
}

export async function writeCorpus(dir: string): Promise<HostileCase[]> {
  mkdirSync(dir, { recursive: true });
  const p = (name: string) => join(dir, name);
  const cases: HostileCase[] = [];

  writeFileSync(p('empty.log'), '');
  cases.push({
    id: 'empty',
    input: 'empty file',
    outcome: 'exit 2, "the file is empty"; the app shows it in an alert',
    file: p('empty.log'),
    exit: 2,
    expect: /the file is empty/,
    alert: /the file is empty/,
  });

  writeFileSync(p('core.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]));
  cases.push({
    id: 'binary',
    input: 'binary file (an ELF core)',
    outcome: 'exit 2, "binary content: NUL byte at offset 7"',
    file: p('core.bin'),
    exit: 2,
    expect: /binary content: NUL byte at offset 7/,
    alert: /binary content: NUL byte at offset 7/,
  });

  writeFileSync(p('long-line.log'), `${'x'.repeat(2 * 1024 * 1024)}\n${virtsnd()}`);
  cases.push({
    id: 'long-line',
    input: 'a 2 MiB single line, then good lines',
    outcome: 'the long line is skipped with a note; later line numbers unchanged; the violation is found at line 6',
    file: p('long-line.log'),
    exit: 1,
    expect: /1 line\(s\) longer than 1048576 bytes skipped, first at line 1/,
    lines: [6],
  });

  const lines = virtsnd().split('\n');
  const bad = Buffer.concat([
    Buffer.from(`${lines[0]}\n`),
    Buffer.from('[15.611700] virtsnd_pcm_msg_send: adding buffer #9 to av'),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from(`ail\n${lines.slice(1).join('\n')}`),
  ]);
  writeFileSync(p('invalid-utf8.log'), bad);
  cases.push({
    id: 'invalid-utf8',
    input: 'invalid UTF-8 inside a line',
    outcome: 'the line is kept with U+FFFD and counted in a note',
    file: p('invalid-utf8.log'),
    exit: 1,
    expect: /1 line\(s\) with invalid UTF-8, kept with U\+FFFD replacements, first at line 2/,
    lines: [6],
  });

  writeFileSync(p('mixed-eol.log'), lines.map((l, i) => (i % 2 ? `${l}\r\n` : `${l}\n`)).join(''));
  cases.push({
    id: 'mixed-eol',
    input: 'CRLF and LF line endings mixed',
    outcome: 'read as the same lines',
    file: p('mixed-eol.log'),
    exit: 1,
    expect: /:5: error: expected `virtsnd_pcm_msg_complete` buffer #1/,
    lines: [5],
  });

  await new Promise<void>((resolve) => {
    const out = createWriteStream(p('bomb.log.gz'));
    const gz = createGzip({ level: 9 });
    gz.pipe(out);
    const zeros = Buffer.alloc(1 << 20);
    let i = 0;
    const write = () => {
      while (i < 300) {
        i++;
        if (!gz.write(zeros)) return gz.once('drain', write);
      }
      gz.end();
    };
    out.on('finish', () => resolve());
    write();
  });
  cases.push({
    id: 'gzip-bomb',
    input: 'gzip bomb: 300 MB of zeros in a few hundred KB',
    outcome: 'stops at the first decompressed chunk: exit 2, binary content at offset 0; memory stays flat',
    file: p('bomb.log.gz'),
    exit: 2,
    expect: /binary content: NUL byte at offset 0/,
    alert: /binary content: NUL byte at offset 0/,
  });

  const gz = gzipSync(Buffer.from(virtsnd().repeat(200)));
  writeFileSync(p('truncated.log.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  cases.push({
    id: 'truncated-gz',
    input: 'truncated .gz',
    outcome: 'exit 2, "the gzip data is corrupt or truncated"',
    file: p('truncated.log.gz'),
    exit: 2,
    expect: /gzip data is corrupt or truncated/,
    alert: /gzip data is corrupt or truncated/,
  });

  const jsonl = readFileSync(new URL('tracing-formal-alternates.jsonl', SHARED), 'utf8').split('\n');
  writeFileSync(
    p('malformed.jsonl'),
    [jsonl[0], jsonl[1], '{"timestamp":"2023-09-12T10:00:00.000250Z","fields":{"event":"do_hola"', jsonl[2], ''].join('\n'),
  );
  writeFileSync(p('alternates.rules'), 'do_hola alternates do_chau\n');
  cases.push({
    id: 'malformed-jsonl',
    input: 'JSON lines with a malformed line in the middle',
    outcome: 'that line is skipped with its line number; the rest is checked (violation at line 4)',
    file: p('malformed.jsonl'),
    rules: p('alternates.rules'),
    exit: 1,
    expect: /:3: note: skipped: malformed JSON/,
    lines: [4],
  });

  writeFileSync(p('backwards.log'), readFileSync(new URL('vhost-user-enable-invalid.log', SHARED)));
  cases.push({
    id: 'timestamps-backwards',
    input: 'timestamps going backwards',
    outcome: 'one note naming the first such line; log order is the order',
    file: p('backwards.log'),
    exit: 1,
    expect: /timestamps go backwards, first at line 2; log order is used as the order/,
    lines: [1],
  });

  const keys = createWriteStream(p('million-keys.log'), { highWaterMark: 1 << 22 });
  for (let b = 0; b < 1_000_000; b += 10_000) {
    let chunk = '';
    for (let k = b; k < b + 10_000; k++) chunk += `[${(15 + k / 1e6).toFixed(6)}] virtsnd_pcm_msg_send: adding buffer #${k} to avail\n`;
    if (!keys.write(chunk)) await new Promise<void>((r) => keys.once('drain', () => r()));
  }
  await new Promise<void>((r) => keys.end(() => r()));
  cases.push({
    id: 'million-keys',
    input: '1,000,000 distinct keys (buffers)',
    outcome: 'checked; 1,000,000 pending obligations counted, the first 100 listed as warnings; no error',
    file: p('million-keys.log'),
    exit: 0,
    expect: /1000000 events .*no violations/,
  });

  const odd = p('virtsnd pointer ünïcode <b>.log');
  writeFileSync(odd, virtsnd());
  cases.push({
    id: 'odd-file-name',
    input: 'file name with spaces, non-ASCII and markup',
    outcome: 'shown as text, checked as usual',
    file: odd,
    exit: 1,
    expect: /ünïcode <b>\.log:5: error/,
    lines: [5],
  });

  writeFileSync(p('syntax-error.rules'), '# bad rule file\ndo_hola alternates\n');
  cases.push({
    id: 'rules-syntax-error',
    input: 'a rule file with a syntax error',
    outcome: 'exit 2 naming the rule file, line and column',
    file: p('backwards.log'),
    rules: p('syntax-error.rules'),
    exit: 2,
    expect: /syntax-error\.rules:2:19: error: expected an event name/,
    alert: /line 2, column 19: expected an event name/,
  });

  writeFileSync(p('catastrophic.rules'), 'profile evil\n  /^(a+)+$/ -> boom\n\ndo_hola alternates do_chau\n');
  cases.push({
    id: 'catastrophic-profile',
    input: 'a user profile with a catastrophic regex (nested quantifiers)',
    outcome: 'refused before it ever runs: exit 2 naming the rule file, line and column; other patterns run under a per-line time budget',
    file: p('backwards.log'),
    rules: p('catastrophic.rules'),
    exit: 2,
    expect: /catastrophic\.rules:2:4: error: this pattern nests quantifiers/,
    alert: /line 2, column 4: this pattern nests quantifiers/,
  });

  writeFileSync(
    p('html.log'),
    '[1.000000] <img src=x onerror="window.__pwned=1">: x=<script>window.__pwned=2</script>\n[2.000000] set_vring_enable vring=<b>0</b>\n[3.000000] handled event\n',
  );
  cases.push({
    id: 'html-in-log',
    input: 'log lines full of <img onerror> and <script>',
    outcome: 'read and shown as text; nothing runs (the vring "<b>0</b>" is just a value)',
    file: p('html.log'),
    exit: 1,
    expect: /html\.log:3: error/,
    lines: [3],
  });
  return cases;
}
