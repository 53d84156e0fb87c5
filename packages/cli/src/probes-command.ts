/** `vqscope probes`: checks --arch/--format and prints the recipe from probes.ts. */

import { type ParsedArgs, UsageError } from './args.ts';
import { PROBE_ARCHES, PROBE_FORMATS, type ProbeArch, type ProbeFormat, probeRecipe } from './probes.ts';

export function probes(a: ParsedArgs, io: { out: (s: string) => void }): number {
  const arch = a.arch ?? 'x86_64';
  const format = a.probeFormat ?? 'tracefs';
  if (!(PROBE_ARCHES as readonly string[]).includes(arch))
    throw new UsageError(`--arch expects one of ${PROBE_ARCHES.join(', ')}, found "${arch}"`);
  if (!(PROBE_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`probes --format expects one of ${PROBE_FORMATS.join(', ')}, found "${format}"`);
  if (a.files.length) throw new UsageError(`probes takes no file, found "${a.files[0]}"`);
  io.out(probeRecipe(arch as ProbeArch, format as ProbeFormat).trimEnd());
  return 0;
}
