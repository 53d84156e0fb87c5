/**
 * `vqscope` for the terminal and CI. It calls the same engine as the web app
 * (packages/trace, packages/rules), so its answer for a file is the app's.
 * It never prints a stack trace: unusable input is a message and exit 2.
 */

import {
  analyzeTrace,
  builtinPacks,
  type FileReport,
  fileReport,
  profilesOf,
  type Rule,
  type RuleFile,
  RuleFileError,
  UnknownPackError,
} from '@vqscope/rules';
import { IngestError, type IngestResult, type Profile } from '@vqscope/trace';
import { type ParsedArgs, parseArgs, USAGE, UsageError } from './args.ts';
import { coverageCommand } from './coverage-command.ts';
import { diff } from './diff-command.ts';
import { checkLiveCommand, isLive } from './live-command.ts';
import { InputError, loadRuleFile, loadTrace } from './load.ts';
import { checkMerged, clockLine, type MergedCheck, MergeError } from './merge-check.ts';
import { mine } from './mine-command.ts';
import { openCommand } from './open-command.ts';
import { OpenServerError } from './open-server.ts';
import { jsonlReport } from './output-jsonl.ts';
import { junitReport } from './output-junit.ts';
import { sarifReport } from './output-sarif.ts';
import { textReport } from './output-text.ts';
import { probes } from './probes-command.ts';
import { explain, linkBase, linkContext, permalinkFor, pickViolation } from './share-commands.ts';
import { statsReport } from './stats.ts';

export const VERSION = '0.1.0';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Standard input for `check -` (default: the process's). */
  stdin?: NodeJS.ReadableStream;
}

interface FailedFile {
  file: string;
  error: { message: string; line?: number; offset?: number };
}

async function loadRuleFiles(paths: readonly string[]): Promise<RuleFile[]> {
  const files: RuleFile[] = [];
  for (const p of paths) files.push(await loadRuleFile(p));
  return files;
}

async function check(a: ParsedArgs, io: Io): Promise<number> {
  if (a.files.length === 0) throw new UsageError('check expects at least one FILE');
  const ruleFiles = await loadRuleFiles(a.rules);
  const ruleText = await ruleTextOf(a.rules);
  const profiles: Profile[] = [...profilesOf(ruleFiles), ...profilesOf(await loadRuleFiles(a.profiles))];
  if (a.merge) return printMerged(await checkMerged(a, ruleFiles, profiles), a, io);
  if (isLive(a)) return checkLiveCommand(a, { ruleFiles, ruleText, profiles, version: VERSION, ...io });
  const reports: FileReport[] = [];
  const failed: FailedFile[] = [];
  const usedRules: Rule[] = [];
  for (const file of a.files) {
    let ingest: IngestResult;
    try {
      ingest = await loadTrace(file, profiles, a.formatForced);
    } catch (e) {
      if (e instanceof IngestError || e instanceof InputError) {
        const ie = e instanceof IngestError ? e : undefined;
        failed.push({ file, error: { message: e.message, line: ie?.line, offset: ie?.offset } });
        io.err(`${ie ? `${ie.file}${ie.line ? `:${ie.line}` : ''}: ` : ''}error: ${e.message}`);
        continue;
      }
      throw e;
    }
    const analysis = analyzeTrace(ingest.trace, { packs: a.packs, files: ruleFiles });
    usedRules.push(...analysis.rules);
    const report = fileReport(file, ingest, analysis);
    if (a.linkBase) {
      const base = linkBase(a.linkBase);
      const listed = analysis.violations.filter((v) => !v.pending);
      // One context (and one open of the file) for all the file's links; only the violation differs.
      const ctx = listed.length ? await linkContext(file, ingest, analysis, listed[0], ruleText) : undefined;
      for (const [k, v] of analysis.violations.entries()) {
        if (ctx && !v.pending) report.violations[k].link = await permalinkFor({ ...ctx, violation: v }, base);
      }
    }
    reports.push(report);
  }
  switch (a.format) {
    case 'text':
      for (const r of reports) io.out(textReport(r));
      break;
    case 'json': {
      const all = [...reports.map(({ stats: _s, ...r }) => r), ...failed];
      io.out(JSON.stringify(a.files.length === 1 ? all[0] : all, null, 2));
      break;
    }
    case 'jsonl':
      for (const r of reports) io.out(jsonlReport(r));
      break;
    case 'sarif':
      io.out(JSON.stringify(sarifReport(reports, usedRules, VERSION), null, 2));
      break;
    case 'junit':
      io.out(junitReport(reports));
      break;
  }
  if (failed.length > 0) return 2;
  return reports.some((r) => r.violations.some((v) => v.severity === 'error')) ? 1 : 0;
}

function printMerged({ report, rules }: MergedCheck, a: ParsedArgs, io: Io): number {
  const { stats: _s, ...json } = report;
  if (a.format === 'text') io.out(`${clockLine(report)}\n${textReport(report)}`);
  else if (a.format === 'json') io.out(JSON.stringify(json, null, 2));
  else if (a.format === 'sarif') io.out(JSON.stringify(sarifReport([report], rules, VERSION), null, 2));
  else io.out(junitReport([report]));
  return report.violations.some((v) => v.severity === 'error') ? 1 : 0;
}

async function ruleTextOf(paths: readonly string[]): Promise<string | undefined> {
  if (paths.length === 0) return undefined;
  const { readFile } = await import('node:fs/promises');
  return (await Promise.all(paths.map((p) => readFile(p, 'utf8')))).join('\n');
}

/** `link` and `explain`: one file, one violation. */
async function share(a: ParsedArgs, io: Io, what: 'link' | 'explain'): Promise<number> {
  if (a.files.length !== 1) throw new UsageError(`${what} expects one FILE`);
  const ruleFiles = await loadRuleFiles(a.rules);
  const ruleText = await ruleTextOf(a.rules);
  const ingest = await loadTrace(a.files[0], [...profilesOf(ruleFiles), ...profilesOf(await loadRuleFiles(a.profiles))], a.formatForced);
  const analysis = analyzeTrace(ingest.trace, { packs: a.packs, files: ruleFiles });
  const v = pickViolation(analysis.violations, a.violation);
  const ctx = await linkContext(a.files[0], ingest, analysis, v, ruleText);
  const base = linkBase(a.base);
  io.out(what === 'link' ? await permalinkFor(ctx, base) : (await explain(ctx, base)).trimEnd());
  return 0;
}

async function stats(a: ParsedArgs, io: Io): Promise<number> {
  if (a.files.length !== 1) throw new UsageError('stats expects one FILE');
  const profiles = profilesOf(await loadRuleFiles([...a.profiles, ...a.rules]));
  const ingest = await loadTrace(a.files[0], profiles, a.formatForced);
  io.out(a.format === 'json' ? JSON.stringify(statsReport(ingest), null, 2) : statsText(a.files[0], ingest));
  return 0;
}

function statsText(file: string, ingest: IngestResult): string {
  const s = statsReport(ingest);
  const lines = [`${file}: ${s.events} events in ${s.lines} lines (${s.format})`, '', 'events by name:'];
  for (const [name, n] of s.byName) lines.push(`  ${String(n).padStart(9)}  ${name}`);
  lines.push('', 'fields (distinct values, events carrying it):');
  for (const f of s.fields)
    lines.push(
      `  ${f.field.padEnd(16)} ${String(f.distinct).padStart(8)} values ${String(f.events).padStart(9)} events${f.top.length ? `  e.g. ${f.top.join(', ')}` : ''}`,
    );
  for (const w of ingest.warnings) lines.push(`note: ${w.line ? `line ${w.line}: ` : ''}${w.message}`);
  return lines.join('\n');
}

async function rules(a: ParsedArgs, io: Io): Promise<number> {
  if (a.coverage) return coverageCommand(a.format, io);
  const files: [string, RuleFile][] = [...builtinPacks()];
  for (const p of a.rules) files.push([p, await loadRuleFile(p)]);
  const lines: string[] = [];
  for (const [id, f] of files) {
    lines.push(`${id}${f.pack ? ` (pack ${f.pack.id} v${f.pack.version}): ${f.pack.title}` : ''}`);
    for (const r of f.rules) {
      lines.push(`  ${r.id}  [${r.severity === 'error' ? 'MUST' : 'SHOULD'}${r.cite ? `, ${r.cite}` : ''}]`);
      lines.push(`      ${r.title}`);
    }
    lines.push('');
  }
  io.out(lines.join('\n').trimEnd());
  return 0;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const a = parseArgs(argv);
    if (a.help || !a.command) {
      (a.help ? io.out : io.err)(USAGE);
      return a.help ? 0 : 2;
    }
    switch (a.command) {
      case 'check':
        return await check(a, io);
      case 'stats':
        return await stats(a, io);
      case 'rules':
        return await rules(a, io);
      case 'mine':
        return await mine(a, io);
      case 'diff':
        return await diff(a, io);
      case 'probes':
        return probes(a, io);
      case 'link':
      case 'explain':
        return await share(a, io, a.command);
      case 'open':
        return await openCommand(a, {
          ...io,
          ruleText: await ruleTextOf(a.rules),
          ruleFileName: a.rules.map((r) => r.split('/').pop()).join(', ') || undefined,
        });
      default:
        throw new UsageError(`unknown command "${a.command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`vqscope: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof RuleFileError) {
      io.err(e.errors.map((x) => `${x.file}:${x.line}:${x.column}: error: ${x.message}`).join('\n'));
      return 2;
    }
    if (e instanceof IngestError) {
      io.err(`${e.file}${e.line ? `:${e.line}` : ''}: error: ${e.message}`);
      return 2;
    }
    if (e instanceof InputError || e instanceof UnknownPackError || e instanceof MergeError || e instanceof OpenServerError) {
      io.err(`vqscope: ${e.message}`);
      return 2;
    }
    io.err(`vqscope: internal error: ${(e as Error).message ?? String(e)}${process.env.VQSCOPE_DEBUG ? `\n${(e as Error).stack}` : ''}`);
    return 2;
  }
}
