/**
 * `vqscope check HOST GUEST --merge`: QEMU's trace and the guest's capture of one run,
 * checked as one trace on the host's clock (packages/trace merge.ts). The report is the
 * usual one for the pair, each violation naming its own file, plus the clock fit
 * (`clock: {offsetNs, driftPpm, residualNs, pairs}` in JSON).
 */
import { analyzeTrace, type FileReport, fileReport, type Rule, type RuleFile } from '@vqscope/rules';
import { type ClockReport, clockReport, MergeError, mergeHostGuest, type Profile } from '@vqscope/trace';
import type { ParsedArgs } from './args.ts';
import { UsageError } from './args.ts';
import { loadTrace } from './load.ts';

export interface MergedCheck {
  report: FileReport & { files: string[]; clock: ClockReport };
  rules: Rule[];
}

export async function checkMerged(a: ParsedArgs, ruleFiles: RuleFile[], profiles: Profile[]): Promise<MergedCheck> {
  if (a.files.length !== 2)
    throw new UsageError(`--merge expects two files, QEMU's trace and the guest's capture; found ${a.files.length}`);
  if (a.linkBase) throw new UsageError('--link-base is not supported with --merge yet: a link carries one file');
  const [first, second] = await Promise.all(
    a.files.map(async (name) => ({ name, ingest: await loadTrace(name, profiles, a.formatForced) })),
  );
  const merged = mergeHostGuest(first, second);
  const analysis = analyzeTrace(merged.ingest.trace, { packs: a.packs, files: ruleFiles });
  const files = [merged.host.name, merged.guest.name];
  const report = { ...fileReport(`${files[0]} + ${files[1]}`, merged.ingest, analysis), files, clock: clockReport(merged.clock) };
  return { report, rules: analysis.rules };
}

/** One line on the fit, for the text report. */
export function clockLine(r: MergedCheck['report']): string {
  const c = r.clock;
  return `${r.files[1]}: clock mapped to ${r.files[0]}'s from ${c.pairs} kick/notify pairs: offset ${c.offsetNs} ns, drift ${c.driftPpm.toFixed(3)} ppm, residual ${(c.residualNs / 1000).toFixed(1)} µs (rms)`;
}

export { MergeError };
