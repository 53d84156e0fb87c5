/**
 * The mined candidates as an editable rule file: a header saying where they
 * came from, then each rule (printed by the rules package, so `--rules`
 * reads it back unchanged) under a `# support:` comment. No citation: a mined
 * rule is evidence from good runs, not a quote from the specification.
 */
import type { Candidate } from './candidates.ts';

/** A file name inside a comment: one line, whatever the name holds. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

export function supportLine(c: Candidate): string {
  const s = c.support;
  const keys = c.key ? `${s.keys} ${c.key} key${s.keys === 1 ? '' : 's'}` : '1 key (no key field)';
  return `# support: ${s.instances} instance${s.instances === 1 ? '' : 's'} over ${keys} in ${s.files.map(oneLine).join(', ')}`;
}

export function printMined(files: readonly string[], candidates: readonly Candidate[]): string {
  const head = [
    `# Rules mined by vqscope from ${files.length} good trace(s): ${files.map(oneLine).join(', ')}`,
    '# Each held with no violation on every one of them. Edit or delete freely, then use with --rules.',
  ];
  if (candidates.length === 0) head.push('# (no rule held with enough support)');
  return `${[head.join('\n'), ...candidates.map((c) => `${supportLine(c)}\n${c.text}`)].join('\n\n')}\n`;
}
