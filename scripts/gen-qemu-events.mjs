// `node scripts/gen-qemu-events.mjs [trace-events-all]`: writes packages/trace/src/formats/qemu-events.ts,
// the table that reads QEMU log-backend lines by their own format strings. Input: QEMU's
// trace-events-all (default /usr/share/qemu/trace-events-all, from Debian 12's qemu-system-common,
// QEMU 7.2) plus scripts/qemu-events-newer.txt (events of later QEMU versions). Only the virtio
// and vhost families are kept. Each printf conversion becomes a capture group for the C argument
// it prints, in order; the table stores the argument names beside the compiled pattern.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainFile = process.argv[2] ?? '/usr/share/qemu/trace-events-all';
const newerFile = join(root, 'scripts/qemu-events-newer.txt');
const outFile = join(root, 'packages/trace/src/formats/qemu-events.ts');

/** virtio*, vhost* (vhost_user*, vhost_vdpa*), virtqueue*: the devices and transports vqscope reads. */
const FAMILY = /^(?:virtio|vhost|virtqueue)_/;

/** `name(type a, type b) "fmt" PRIx64 "..."` → { name, args, format } or a reason to skip. */
function parseEvent(line) {
  const m = /^(?:(?:disable|tcg|vcpu)\s+)*([A-Za-z_]\w*)\(([^)]*)\)\s*(.*)$/.exec(line);
  if (!m) return undefined;
  const [, name, argList, rest] = m;
  const args =
    argList.trim() === 'void' || argList.trim() === ''
      ? []
      : argList.split(',').map((a) => {
          const id = /([A-Za-z_]\w*)\s*$/.exec(a.trim());
          if (!id) throw new Error(`${name}: cannot read argument "${a}"`);
          return id[1];
        });
  // The format: string literals and PRI* macros, concatenated as C does.
  let format = '';
  let i = 0;
  while (i < rest.length) {
    const c = rest[i];
    if (c === ' ' || c === '\t') i++;
    else if (c === '"') {
      i++;
      while (i < rest.length && rest[i] !== '"') {
        if (rest[i] === '\\') {
          const e = rest[i + 1];
          format += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else format += rest[i++];
      }
      i++;
    } else {
      const macro = /^PRI([diouxX])(?:8|16|32|64|PTR|MAX)/.exec(rest.slice(i));
      if (!macro) return { name, skip: `unreadable format text "${rest.slice(i)}"` };
      format += macro[1];
      i += macro[0].length;
    }
  }
  return { name, args, format };
}

const escapeRe = (s) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/**
 * The printf format as an anchored pattern, one group per conversion, or a reason it cannot be.
 * %x after a literal "0x" captures the "0x" too, so hex values read as printed ("0x1f"); a bare
 * %x gets "0x" put in front when read (bareHex), so a field never holds hex that looks decimal.
 */
function compile(format) {
  const conv = /%([-+ #0]*)(\d+)?(?:\.(\d+))?(hh|h|ll|l|z|j|t|L)?([diouxXpscfeEgG%])/g;
  let re = '^';
  let literal = '';
  let groups = 0;
  let bareHex = 0;
  let last = 0;
  const parts = [];
  for (let m = conv.exec(format); m; m = conv.exec(format)) {
    literal += format.slice(last, m.index);
    last = conv.lastIndex;
    const [, flags, width, , , c] = m;
    if (c === '%') {
      literal += '%';
      continue;
    }
    let pat;
    if (c === 'x' || c === 'X') {
      if (/0x$/i.test(literal)) {
        literal = literal.slice(0, -2);
        pat = '(0x[0-9a-fA-F]+)';
      } else if (flags.includes('#')) pat = '(0x[0-9a-fA-F]+|0)';
      else {
        pat = '([0-9a-fA-F]+)';
        bareHex |= 1 << groups;
      }
    } else if (c === 'd' || c === 'i' || c === 'u') pat = '(-?\\d+)';
    else if (c === 'o') pat = '([0-7]+)';
    else if (c === 'p') pat = '(0x[0-9a-f]+|\\(nil\\))';
    else if (c === 'c') pat = '(.)';
    else if (c === 's') pat = null;
    else pat = '(-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|-?inf|-?nan)';
    const pad = width && !flags.includes('0') ? ' *' : '';
    parts.push({ literal, pat, pad, left: flags.includes('-') });
    literal = '';
    groups++;
  }
  const tail = literal + format.slice(last);
  if (format.includes('%*') || /%[^-+ #0-9.hlzjtLdiouxXpscfeEgG%]/.test(format)) return { skip: `unsupported conversion in "${format}"` };
  parts.forEach((p, k) => {
    re += escapeRe(p.literal);
    if (p.pad && !p.left) re += p.pad;
    // A string runs to the next literal text: lazily, or to the end when nothing follows it.
    const last = k === parts.length - 1 && tail === '';
    re += p.pat ?? (last ? '(.*)' : '(.*?)');
    if (p.pad && p.left) re += p.pad;
  });
  re += `${escapeRe(tail).replace(/\n$/, '')}$`;
  return { re, groups, bareHex };
}

function read(file) {
  const out = [];
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const ev = parseEvent(line);
    if (ev && FAMILY.test(ev.name)) out.push(ev);
  }
  return out;
}

const table = new Map();
const skipped = [];
for (const ev of [...read(mainFile), ...read(newerFile)]) {
  if (ev.skip) {
    skipped.push(`${ev.name}: ${ev.skip}`);
    continue;
  }
  // An event without arguments has no fields to read; the generic reader already gives it its name.
  if (ev.args.length === 0) continue;
  const c = compile(ev.format);
  if (c.skip) {
    skipped.push(`${ev.name}: ${c.skip}`);
    continue;
  }
  if (c.groups !== ev.args.length) {
    skipped.push(`${ev.name}: ${c.groups} conversion(s) for ${ev.args.length} argument(s)`);
    continue;
  }
  const forms = table.get(ev.name) ?? [];
  if (!forms.some((f) => f.format === ev.format && f.args.join() === ev.args.join())) forms.push({ ...ev, ...c });
  table.set(ev.name, forms);
}

const q = (s) => JSON.stringify(s);
const rows = [...table.entries()]
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([name, forms]) => {
    // Most literal text first: a format whose %s could swallow another version's text comes last.
    const literal = (f) => f.format.replace(/%[^a-zA-Z%]*[a-zA-Z%]/g, '').length;
    const fs = [...forms]
      .sort((a, b) => literal(b) - literal(a))
      .map((f) => `f(${q(f.format)}, ${q(f.args.join(' '))}, /${f.re}/${f.bareHex ? `, ${f.bareHex}` : ''})`);
    return `  [${q(name)}, [${fs.join(', ')}]],`;
  });

const src = `/**
 * QEMU trace events by name: the C argument names and a pattern compiled from the event's printf
 * format, so that qemu-log reads \`req:1 flags:0x1\`, \`port 1, event 6, value 1\` or
 * \`0x8 = 0x2 (2)\` into fields named as QEMU names the arguments. GENERATED by
 * scripts/gen-qemu-events.mjs from QEMU 7.2's trace-events-all (Debian 12 qemu-system-common) and
 * scripts/qemu-events-newer.txt; do not edit, regenerate. ${table.size} events.
 */

export interface QemuEventFormat {
  /** The printf format with PRI* macros expanded to their conversion letter. */
  readonly format: string;
  /** C argument names, one per conversion, in order. */
  readonly args: readonly string[];
  /** Anchored; group k holds argument k as printed. */
  readonly pattern: RegExp;
  /** Bit k set: argument k is hex printed without "0x", which the reader puts in front. */
  readonly bareHex: number;
}

function f(format: string, args: string, pattern: RegExp, bareHex = 0): QemuEventFormat {
  return { format, args: args.split(' '), pattern, bareHex };
}

/** Event name → its formats (QEMU versions differ), the one with the most literal text first. */
export const QEMU_EVENT_FORMATS: ReadonlyMap<string, readonly QemuEventFormat[]> = new Map<string, readonly QemuEventFormat[]>([
${rows.join('\n')}
]);
`;
writeFileSync(outFile, src);
// Committed as the project's formatter leaves it, so regenerating shows only real changes.
execFileSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', outFile], { stdio: 'ignore' });
console.log(`${outFile}: ${table.size} events`);
for (const s of skipped) console.log(`skipped ${s}`);
