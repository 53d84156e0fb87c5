/**
 * The guest-side formats against the built-in packs: the talk's virtsnd trace, written the way
 * journalctl prints it with dynamic-debug and device prefixes, must still give its one error.
 */
import { readFileSync } from 'node:fs';
import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from './report.ts';

const fixtures = new URL('../../trace/fixtures/', import.meta.url);

function errorsOf(file: string) {
  const ingest = ingestText(readFileSync(new URL(file, fixtures), 'utf8'), { fileName: file });
  const a = analyzeTrace(ingest.trace, { files: [] });
  return { ingest, errors: a.violations.filter((v) => v.severity === 'error') };
}

describe('the talk’s virtsnd invalid trace in journalctl forms, built-in packs only', () => {
  for (const file of ['journal/virtsnd-invalid.short-monotonic.log', 'journal/virtsnd-invalid.json']) {
    it(`${file}: pointer #1 before complete #1 is an error at line 5, expected event at line 6`, () => {
      const { errors } = errorsOf(file);
      expect(errors.map((v) => [v.rule, v.line, v.expectedLine, v.key])).toEqual([['snd-buffer-ownership', 5, 6, 'buffer #1']]);
    });
  }
});
