/** Violation records and the sentences that describe them. */
import type { Severity } from './ast.ts';
import type { ViolationKind } from './monitors/monitor.ts';

export interface Violation {
  /** Stable, content-derived: rule id, key and the ordinal of the offence within rule+key. */
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  cite: string;
  reading: string;
  /** Key as shown to people ("buffer #1"); '' for an unkeyed rule. */
  key: string;
  keyFields: Record<string, string>;
  /** Offending event (index into the trace) and its source line. */
  event: number;
  line: number;
  /** The events that should have come first, as selectors ("virtsnd_pcm_msg_complete"). */
  expected: string[];
  /** Where the expected event actually came: a later event, or undefined = never. */
  expectedEvent?: number;
  expectedLine?: number;
  message: string;
  kind: ViolationKind | 'pending';
  /** The violated happens-before edge, expected → offending (from is undefined when it never came). */
  edge: { from?: number; to: number };
  /** An obligation still open at the end of the trace (a note unless its rule says `open: error|warning`). */
  pending?: boolean;
}

/** FNV-1a, 32 bit: short ids that do not change between runs. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function violationId(rule: string, key: string, ordinal: number, pending = false): string {
  return `${pending ? 'p' : 'v'}${fnv1a(`${rule}\u0000${key}\u0000${ordinal}`)}`;
}

/** "buffer #1", "stream #0 buffer #3", "vdev 0x5564…". */
export function describeKey(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => (/^\d+$/.test(v) ? `${k} #${v}` : `${k} ${v}`))
    .join(' ');
}

/** "100.6 ms", "2.1 s", "350 µs". */
export function formatDuration(ns: number): string {
  const a = Math.abs(ns);
  if (a >= 1e9) return `${(ns / 1e9).toFixed(a >= 1e10 ? 1 : 2)} s`;
  if (a >= 1e6) return `${(ns / 1e6).toFixed(1)} ms`;
  if (a >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${Math.round(ns)} ns`;
}

export function quoted(names: readonly string[]): string {
  const q = names.map((n) => `\`${n}\``);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

export interface MessageParts {
  kind: Violation['kind'];
  expected: readonly string[];
  offending: string;
  /** Named values the offending event carries ("req 18 = SET_VRING_ENABLE"), shown after its name. */
  values?: string;
  /** Clocks of the rule the offending event ticked ("virtio_set_status[val&8]"). */
  ticked: readonly string[];
  key: string;
  /** A line number, or "file:line" on a trace merged from several files. */
  line: number | string;
  expectedLine?: number | string;
  /** ns between the offending and the expected event, when both have timestamps. */
  gapNs?: number;
  detail: string;
  /** Live input: the trace goes on, so an expected event not seen yet may still come. */
  open?: boolean;
}

/** "line 5", or "guest.trace:5" on a merged trace. */
const at = (line: number | string) => (typeof line === 'number' ? `line ${line}` : line);

export function violationMessage(p: MessageParts): string {
  const k = p.key ? ` ${p.key}` : '';
  const off = `\`${p.offending}\`${p.values ? ` (${p.values})` : ''}${k}`;
  const came =
    p.expectedLine === undefined
      ? p.open
        ? 'it has not come so far'
        : 'it never came'
      : // A negative gap means the timestamps go backwards; log order counts, so no time is given then.
        `it came at ${at(p.expectedLine)}${p.gapNs === undefined || !(p.gapNs >= 0) ? '' : `, ${formatDuration(p.gapNs)} later`}`;
  const detail = p.detail ? ` (${p.detail})` : '';
  switch (p.kind) {
    case 'missing-before':
      return `expected ${quoted(p.expected)}${k} before ${off} (${at(p.line)}); ${came}${detail}`;
    case 'together':
      return `${off} (${at(p.line)}) is both ${quoted(p.ticked).replace(' or ', ' and ')}, which must not happen at the same event${detail}`;
    case 'lone':
      return `expected ${quoted(p.expected)}${k} at the same event as ${quoted(p.ticked)}, but ${off} (${at(p.line)}) is only the latter${detail}`;
    case 'cleared-bits':
      // The detail names the bits already; the event's named values would say it twice.
      return `\`${p.offending}\`${k} (${at(p.line)}) ${p.detail}`;
    case 'extra':
      return `${off} (${at(p.line)}) was not needed${detail}`;
    case 'pending':
      return `${off} (${at(p.line)}) was never followed by ${quoted(p.expected)}${k} before the trace ended${detail}`;
  }
}
