/** `check -` and `check --follow FILE` from the command line: the source, the signals, the links. */
import type { RuleFile } from '@vqscope/rules';
import type { Profile } from '@vqscope/trace';
import { type ParsedArgs, UsageError } from './args.ts';
import { type LiveFormat, liveCheck, liveRules } from './live-check.ts';
import { followSource, stdinSource } from './live-sources.ts';
import { linkBase, liveLink } from './share-commands.ts';

export interface LiveCommandContext {
  ruleFiles: RuleFile[];
  ruleText?: string;
  profiles: Profile[];
  version: string;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Where `-` reads from (tests give their own stream). */
  stdin?: NodeJS.ReadableStream;
}

export function isLive(a: ParsedArgs): boolean {
  return a.follow || a.files.includes('-');
}

export async function checkLiveCommand(a: ParsedArgs, c: LiveCommandContext): Promise<number> {
  if (a.files.length !== 1) throw new UsageError(`a live check reads one input; found ${a.files.length} (${a.files.join(', ')})`);
  const path = a.files[0];
  if (a.follow && path === '-') throw new UsageError('--follow follows a file; standard input (-) is read to its end anyway');
  const stop = new AbortController();
  // SIGINT/SIGTERM end the check like the end of input: the summary is printed and the exit code says what was found.
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const selection = { packs: a.packs, files: c.ruleFiles };
  const { rules } = liveRules(selection);
  const base = a.linkBase ? linkBase(a.linkBase) : undefined;
  const name = path === '-' ? '<stdin>' : path;
  try {
    return await liveCheck({
      name,
      source:
        path === '-'
          ? stdinSource(c.stdin)
          : followSource(path, {
              signal: stop.signal,
              onWait: (m) => c.err(`vqscope: ${m} (Ctrl+C to stop)`),
              onOpen: (m) => c.err(`vqscope: ${m}; Ctrl+C prints the summary and stops`),
            }),
      profiles: c.profiles,
      formatForced: a.formatForced,
      selection,
      output: a.format as LiveFormat, // 'rules' is accepted by mine only
      out: c.out,
      err: c.err,
      stop: stop.signal,
      version: c.version,
      link: base
        ? (v, recent, format) =>
            liveLink(v, recent, { fileName: name, format, profiles: c.profiles, rules, packs: a.packs, ruleText: c.ruleText, base })
        : undefined,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
