/** Prints a parsed rule file back as rule text; parsing the output gives the same rules. */
import type { Body, Rule, RuleFile } from './ast.ts';
import { printSelector } from './selector.ts';
import { printValueNames } from './value-names.ts';

function printBody(b: Body): string[] {
  switch (b.kind) {
    case 'relation':
      return [`${printSelector(b.a)} ${b.relation} ${printSelector(b.b)}`];
    case 'drained':
      return [`${printSelector(b.a)} matched by ${printSelector(b.b)} before ${printSelector(b.c)}`];
    case 'keeps-bits':
      return [`${printSelector(b.a)} keeps bits of ${b.field}${b.except ? ` except ${b.except}` : ''}`];
    case 'needs-notify':
      return [`${printSelector(b.a)} needs ${printSelector(b.b)} if vring_need_event(${b.eventField}, ${b.newField}, ${b.oldField})`];
    case 'machine': {
      const lines = [`initial ${b.machine.initial}`];
      if (b.machine.final.length) lines.push(`final ${b.machine.final.join(', ')}`);
      for (const [name, ts] of b.machine.states)
        lines.push(
          `state ${name}: ${ts.map((t) => `${printSelector(t.on)}${t.to ? ` -> ${t.breach ? '!' : ''}${t.to}` : ''}`).join(', ')}`,
        );
      return lines;
    }
  }
}

export function printRule(r: Rule): string {
  const lines = [`rule ${r.id}`];
  if (r.title) lines.push(`  title: ${r.title}`);
  if (r.cite) lines.push(`  cite: ${r.cite}`);
  if (r.quote) lines.push(`  quote: ${r.quote}`);
  if (r.reading) lines.push(`  reading: ${r.reading}`);
  lines.push(`  severity: ${r.severity === 'error' ? 'MUST' : r.severity === 'warning' ? 'SHOULD' : 'note'}`);
  if (r.open) lines.push(`  open: ${r.open}`);
  if (r.checks?.length) lines.push(`  checks: ${r.checks.join(', ')}`);
  if (r.keys.length) lines.push(`  per ${r.keys.join(', ')}`);
  if (r.reset) lines.push(`  reset on ${printSelector(r.reset)}`);
  for (const l of printBody(r.body)) lines.push(`  ${l}`);
  return lines.join('\n');
}

export function printRules(f: RuleFile): string {
  const parts: string[] = [];
  if (f.pack) parts.push(`pack ${f.pack.id} ${f.pack.version}: ${f.pack.title}`);
  for (const p of f.profiles) {
    parts.push(
      [`profile ${p.name}`, ...p.patterns.map((x) => `  /${x.source}/${x.re.flags}${x.event ? ` -> ${x.event}` : ''}`)].join('\n'),
    );
  }
  for (const v of f.values) parts.push(printValueNames(v));
  for (const r of f.rules) parts.push(printRule(r));
  return `${parts.join('\n\n')}\n`;
}
