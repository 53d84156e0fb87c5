/**
 * Teach-mode lessons: one plain-text file holds the text, the rules and a
 * valid and an invalid trace, so that writing a lesson needs no code.
 *
 *   title: virtio-snd: report the position after the completion
 *   pack: virtio-snd
 *   rule: snd-buffer-ownership
 *   quote: "A driver MUST NOT alter virtqueue entries for exposed buffers …"
 *   reading: one sentence in plain words
 *   text: a paragraph for the reviewer
 *   --- rules            (optional; else the pack's rules)
 *   per buffer: send precedes complete
 *   --- valid NAME.log
 *   …trace lines…
 *   --- invalid NAME.log
 *   …trace lines…
 */
export interface Lesson {
  id: string;
  title: string;
  pack?: string;
  rule?: string;
  quote: string;
  reading: string;
  text: string;
  rules?: string;
  valid: { name: string; text: string };
  invalid: { name: string; text: string };
}

export class LessonError extends Error {}

export function parseLesson(id: string, source: string): Lesson {
  const lines = source.split(/\r?\n/);
  const head: Record<string, string> = {};
  const sections: Record<string, { name: string; lines: string[] }> = {};
  let current: { name: string; lines: string[] } | undefined;
  lines.forEach((line, n) => {
    const sec = /^---\s+(rules|valid|invalid)\b\s*(\S*)\s*$/.exec(line);
    if (sec) {
      current = { name: sec[2] || `${id}-${sec[1]}.log`, lines: [] };
      sections[sec[1]] = current;
      return;
    }
    if (current) {
      current.lines.push(line);
      return;
    }
    if (line.trim() === '' || line.startsWith('#')) return;
    const m = /^(title|pack|rule|quote|reading|text)\s*:\s*(.*)$/.exec(line);
    if (!m)
      throw new LessonError(
        `${id}.lesson:${n + 1}: expected "title:", "pack:", "rule:", "quote:", "reading:", "text:" or a "--- valid" section`,
      );
    head[m[1]] = head[m[1]] ? `${head[m[1]]} ${m[2]}` : m[2];
  });
  if (!head.title) throw new LessonError(`${id}.lesson: a lesson needs a "title:" line`);
  if (!sections.valid || !sections.invalid)
    throw new LessonError(`${id}.lesson: a lesson needs a "--- valid" and an "--- invalid" section`);
  if (!head.pack && !sections.rules) throw new LessonError(`${id}.lesson: a lesson needs a "pack:" line or a "--- rules" section`);
  const body = (s: { lines: string[] }) => `${s.lines.join('\n').replace(/\n+$/, '')}\n`;
  return {
    id,
    title: head.title,
    pack: head.pack,
    rule: head.rule,
    quote: (head.quote ?? '').replace(/^"|"$/g, ''),
    reading: head.reading ?? '',
    text: head.text ?? '',
    rules: sections.rules ? body(sections.rules) : undefined,
    valid: { name: sections.valid.name, text: body(sections.valid) },
    invalid: { name: sections.invalid.name, text: body(sections.invalid) },
  };
}
