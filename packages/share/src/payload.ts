/**
 * The permalink payload: everything a link carries, and the schema check a
 * link must pass before anything in it is used. Version 1 is frozen: later
 * versions of vqscope keep reading it (e2e/fixtures has a link made with it).
 */
export const PAYLOAD_VERSION = 1;

export interface PermalinkPayload {
  v: 1;
  /** Name of the file the excerpt comes from. */
  f: string;
  /** Lines in the whole file. */
  n: number;
  /** Format id the excerpt is read with. */
  fmt: string;
  /** Original line numbers of the excerpt, delta-encoded (first absolute). */
  l: number[];
  /** Raw text of those lines. */
  t: string[];
  /** Rules: built-in packs with versions, and/or rule text. */
  r: { p?: [string, string][]; t?: string };
  /** The selected violation: id, rule and line. */
  s?: { id: string; rule: string; line: number };
  /** View: axis and domain. */
  w?: ['order' | 'time', number, number];
  /** True when the excerpt is the whole trace. */
  all?: boolean;
}

export class PermalinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermalinkError';
  }
}

const MAX_LINES = 200_000;
const MAX_STRING = 1 << 20;

function fail(what: string): never {
  throw new PermalinkError(`the link's content is not valid: ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, what: string, max = MAX_STRING): string {
  if (typeof v !== 'string' || v.length > max) fail(`${what} must be a string`);
  return v;
}

function int(v: unknown, what: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 0xffffffff) fail(`${what} must be a whole number ≥ ${min}`);
  return v;
}

const KNOWN = new Set(['v', 'f', 'n', 'fmt', 'l', 't', 'r', 's', 'w', 'all']);

/** Checks every field; returns the payload typed, or throws PermalinkError saying what is wrong. */
export function validatePayload(raw: unknown): PermalinkPayload {
  if (!isObject(raw)) fail('expected an object');
  if (typeof raw.v === 'number' && raw.v > PAYLOAD_VERSION)
    throw new PermalinkError(`the link was made by a newer vqscope (format version ${raw.v}); this one reads version ${PAYLOAD_VERSION}`);
  if (raw.v !== PAYLOAD_VERSION) fail('unknown format version');
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) fail(`unexpected field "${k}"`);
  const f = str(raw.f, 'the file name', 4096);
  const n = int(raw.n, 'the line count');
  const fmt = str(raw.fmt, 'the format', 64);
  if (!Array.isArray(raw.l) || !Array.isArray(raw.t) || raw.l.length !== raw.t.length || raw.l.length > MAX_LINES)
    fail('lines and texts must be arrays of equal length');
  const l = raw.l.map((x, i) => int(x, `line delta ${i}`, 1));
  const t = raw.t.map((x, i) => str(x, `line text ${i}`));
  let line = 0;
  for (const d of l) {
    line += d;
    if (line > n) fail('a line number is past the end of the file');
  }
  if (!isObject(raw.r)) fail('the rules must be an object');
  const r: PermalinkPayload['r'] = {};
  for (const k of Object.keys(raw.r)) if (k !== 'p' && k !== 't') fail(`unexpected rules field "${k}"`);
  if (raw.r.p !== undefined) {
    if (!Array.isArray(raw.r.p)) fail('the packs must be a list');
    r.p = raw.r.p.map((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) fail(`pack ${i} must be [id, version]`);
      return [str(p[0], 'a pack id', 64), str(p[1], 'a pack version', 16)] as [string, string];
    });
  }
  if (raw.r.t !== undefined) r.t = str(raw.r.t, 'the rule text');
  const out: PermalinkPayload = { v: 1, f, n, fmt, l, t, r };
  if (raw.s !== undefined) {
    if (!isObject(raw.s)) fail('the selection must be an object');
    out.s = {
      id: str(raw.s.id, 'the violation id', 64),
      rule: str(raw.s.rule, 'the rule id', 256),
      line: int(raw.s.line, 'the violation line', 1),
    };
  }
  if (raw.w !== undefined) {
    const w = raw.w;
    if (
      !Array.isArray(w) ||
      w.length !== 3 ||
      (w[0] !== 'order' && w[0] !== 'time') ||
      !Number.isFinite(w[1]) ||
      !Number.isFinite(w[2]) ||
      w[1] >= w[2]
    )
      fail('the view must be [axis, from, to]');
    out.w = [w[0], w[1], w[2]];
  }
  if (raw.all !== undefined) {
    if (typeof raw.all !== 'boolean') fail('"all" must be true or false');
    out.all = raw.all;
  }
  return out;
}

/** Original line numbers of the excerpt. */
export function excerptLines(p: PermalinkPayload): number[] {
  const out: number[] = [];
  let line = 0;
  for (const d of p.l) {
    line += d;
    out.push(line);
  }
  return out;
}

export function deltaEncode(lines: readonly number[]): number[] {
  return lines.map((l, i) => (i === 0 ? l : l - lines[i - 1]));
}
