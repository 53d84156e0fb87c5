/** `vqscope rules --coverage`: how many spec statements the built-in rules check, per section. */
import { builtinPacks, coverageJson, coverageText, specCoverage } from '@vqscope/rules';
import { UsageError } from './args.ts';

export function coverageCommand(format: string, io: { out: (s: string) => void }): number {
  if (format !== 'text' && format !== 'json') throw new UsageError(`rules --coverage prints text or json, not ${format}`);
  const report = specCoverage(builtinPacks());
  io.out(format === 'json' ? JSON.stringify(coverageJson(report), null, 2) : coverageText(report));
  return report.problems.length > 0 ? 1 : 0;
}
