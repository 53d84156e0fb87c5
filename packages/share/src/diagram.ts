/**
 * The plain-text diagram of a violation for mailing-list review: ASCII
 * only, at most 72 columns, one column per lane involved, the events in log
 * order with "line N", the violated edge marked, then the rule, its
 * citation and reading, and the permalink wrapped in <…> as RFC 3986
 * appendix C suggests for long URIs in plain text.
 */
export const MAX_COLUMNS = 72;

export interface DiagramEvent {
  line: number;
  name: string;
  /** Lane label ("buffer #1") the event is drawn in. */
  lane: string;
  role?: 'offending' | 'expected';
}

export interface DiagramInput {
  file: string;
  ruleId: string;
  title: string;
  severity: 'error' | 'warning' | 'note';
  cite: string;
  reading: string;
  message: string;
  events: DiagramEvent[];
  link?: string;
}

/** Non-ASCII characters become ASCII look-alikes (§ → S., µ → u, dashes, quotes). */
export function toAscii(s: string): string {
  return s
    .replace(/§/g, 'S.')
    .replace(/µ/g, 'u')
    .replace(/[–—]/g, '-')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/…/g, '...')
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=')
    .replace(/→/g, '->')
    .replace(/[^\x20-\x7e\n]/g, '?');
}

export function wrap(text: string, width: number, indent = ''): string[] {
  const words = toAscii(text).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const piece = w.length > width - indent.length ? w.slice(0, width - indent.length) : w;
    if (cur && `${indent + cur} ${piece}`.length > width) {
      lines.push(indent + cur);
      cur = piece;
    } else cur = cur ? `${cur} ${piece}` : piece;
  }
  if (cur) lines.push(indent + cur);
  return lines;
}

function labelled(label: string, text: string): string[] {
  const pad = ' '.repeat(9);
  const lines = wrap(text, MAX_COLUMNS, pad);
  if (lines.length === 0) return [];
  lines[0] = (label + pad).slice(0, 9) + lines[0].slice(9);
  return lines;
}

function fit(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 2)}..`;
}

export function renderDiagram(d: DiagramInput): string {
  const out: string[] = [];
  out.push(
    ...wrap(
      `vqscope: ${d.ruleId} ${d.severity === 'error' ? 'violated' : d.severity === 'warning' ? 'warning' : 'open at end'} in ${d.file}`,
      MAX_COLUMNS,
    ),
  );
  out.push('');
  const lanes: string[] = [];
  for (const e of d.events) if (!lanes.includes(e.lane)) lanes.push(e.lane);
  const shown = lanes.slice(0, 3);
  const gutter = 8;
  const lineW = Math.max(8, ...d.events.map((e) => `line ${e.line}`.length + 2));
  // Narrow lane columns; each lane's label is written on its own header row, so long labels need no room in the column.
  const colW = 8;
  shown.forEach((label, c) => {
    const bars = shown
      .slice(0, c)
      .map(() => '|'.padEnd(colW))
      .join('');
    out.push(' '.repeat(lineW) + bars + fit(toAscii(label), MAX_COLUMNS - lineW - c * colW));
  });
  out.push((' '.repeat(lineW) + shown.map(() => '|'.padEnd(colW)).join('')).trimEnd());
  const off = d.events.findIndex((e) => e.role === 'offending');
  const exp = d.events.findIndex((e) => e.role === 'expected');
  const lo = Math.min(off, exp < 0 ? off : exp);
  const hi = Math.max(off, exp < 0 ? off : exp);
  const nameW = MAX_COLUMNS - lineW - shown.length * colW - gutter;
  d.events.forEach((e, k) => {
    const col = shown.indexOf(e.lane);
    const cells = shown.map((_, c) => (c === col ? (e.role === 'offending' ? 'X' : e.role === 'expected' ? 'o' : '*') : '|').padEnd(colW));
    let g = '        ';
    if (exp >= 0 && k >= lo && k <= hi) {
      if (k === off) g = '<-----+ ';
      else if (k === exp) g = '------+ ';
      else g = '      | ';
    }
    const offending = d.severity === 'note' ? ' (still open)' : ' (offending)';
    const note = e.role === 'offending' ? offending : e.role === 'expected' ? ' (expected)' : '';
    const text = fit(toAscii(e.name) + note, nameW);
    out.push(`${`line ${e.line}`.padEnd(lineW)}${cells.join('')}${g}${text}`.trimEnd());
  });
  out.push((' '.repeat(lineW) + shown.map(() => '|'.padEnd(colW)).join('')).trimEnd());
  if (lanes.length > shown.length) out.push(`(${lanes.length - shown.length} more lane(s) not drawn)`);
  out.push('');
  out.push(
    ...(exp >= 0
      ? wrap(
          `Violated edge: line ${d.events[exp].line} ${d.events[exp].name} -> line ${d.events[off].line} ${d.events[off].name}`,
          MAX_COLUMNS,
        )
      : d.severity === 'note'
        ? wrap(`Still open: the expected event did not come after line ${d.events[off]?.line} before the trace ended.`, MAX_COLUMNS)
        : wrap(`The expected event never came before line ${d.events[off]?.line}.`, MAX_COLUMNS)),
  );
  out.push('');
  out.push(...labelled('Finding:', d.message));
  const level = d.severity === 'error' ? 'MUST' : d.severity === 'warning' ? 'SHOULD' : 'open at end of trace';
  out.push(...labelled('Rule:', `${d.ruleId} (${level}): ${d.title}`));
  if (d.cite) out.push(...labelled('Cites:', d.cite));
  if (d.reading) out.push(...labelled('Reading:', d.reading));
  if (d.link) {
    out.push('Link:');
    const url = toAscii(d.link);
    const width = MAX_COLUMNS - 2;
    for (let i = 0; i < url.length; i += width) {
      const part = url.slice(i, i + width);
      out.push(`${i === 0 ? '<' : ' '}${part}${i + width >= url.length ? '>' : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}
