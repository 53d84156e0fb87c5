/** `vqscope mine GOOD...`: rules that held on every good trace, as an editable rule file or JSON. */

import { type GoodTrace, type MineResult, mineTraces, printMined } from '@vqscope/mine';
import { profilesOf } from '@vqscope/rules';
import { type ParsedArgs, UsageError } from './args.ts';
import { loadRuleFile, loadTrace } from './load.ts';

export function countFlag(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`${flag} expects a whole number of at least ${min}, found "${raw}"`);
  return Number(raw);
}

export function mineOptions(a: ParsedArgs) {
  return {
    keys: a.keys.length ? a.keys : undefined,
    minSupport: countFlag('--min-support', a.minSupport, 1),
    max: countFlag('--max', a.max, 1),
  };
}

/** Good traces, read with the profiles of --profile and --rules files. */
export async function loadGood(a: ParsedArgs, paths: readonly string[]): Promise<GoodTrace[]> {
  const profiles = [];
  for (const p of [...a.profiles, ...a.rules]) profiles.push(...profilesOf([await loadRuleFile(p)]));
  const out: GoodTrace[] = [];
  for (const file of paths) out.push({ file, trace: (await loadTrace(file, profiles, a.formatForced)).trace });
  return out;
}

export function mineJson(r: MineResult) {
  return {
    files: r.files,
    candidates: r.candidates.map((c) => ({
      id: c.id,
      text: c.text,
      support: c.support.instances,
      keys: c.support.keys,
      kind: c.kind,
      key: c.key,
      files: c.support.files,
    })),
  };
}

export async function mine(a: ParsedArgs, io: { out: (s: string) => void }): Promise<number> {
  if (a.files.length === 0) throw new UsageError('mine expects at least one GOOD trace');
  if (a.format !== 'rules' && a.format !== 'json' && a.format !== 'text')
    throw new UsageError(`mine --format expects rules or json, found "${a.format}"`);
  const opts = mineOptions(a);
  const result = mineTraces(await loadGood(a, a.files), opts);
  io.out(a.format === 'json' ? JSON.stringify(mineJson(result), null, 2) : printMined(result.files, result.candidates).trimEnd());
  return 0;
}
