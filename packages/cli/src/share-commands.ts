/** `vqscope link` and `vqscope explain`, and the links `check --link-base` adds: the share engine on files. */
import { openAsBlob } from 'node:fs';
import type { Analysis, Violation } from '@vqscope/rules';
import { buildPermalinkPayload, diagramFor, type LinkContext, permalinkUrl, renderDiagram } from '@vqscope/share';
import { type IngestResult, readRawLines } from '@vqscope/trace';
import { UsageError } from './args.ts';

export const DEFAULT_LINK_BASE = 'http://localhost:4173/';

export function linkBase(flag?: string): string {
  const base = flag ?? process.env.VQSCOPE_LINK_BASE ?? DEFAULT_LINK_BASE;
  return base.endsWith('/') || base.includes('?') ? base : `${base}/`;
}

/** `--violation ID|first|N` (N counts from 1 in the order `check` lists them). */
export function pickViolation(all: readonly Violation[], which = 'first'): Violation {
  if (all.length === 0) throw new UsageError('the trace has no violation to link to');
  if (which === 'first') return all.find((v) => v.severity === 'error') ?? all[0];
  if (/^\d+$/.test(which)) {
    const n = Number(which);
    if (n < 1 || n > all.length) throw new UsageError(`--violation ${which}: the trace has ${all.length} violation(s)`);
    return all[n - 1];
  }
  const v = all.find((x) => x.id === which);
  if (!v)
    throw new UsageError(
      `--violation ${which}: no violation has this id; ids: ${all
        .slice(0, 8)
        .map((x) => x.id)
        .join(', ')}`,
    );
  return v;
}

export async function linkContext(
  path: string,
  ingest: IngestResult,
  analysis: Analysis,
  v: Violation,
  ruleText?: string,
): Promise<LinkContext> {
  const blob = await openAsBlob(path);
  return {
    fileName: path,
    ingest,
    rules: analysis.rules,
    packs: analysis.packs,
    ruleText,
    violation: v,
    rawLines: (offsets) => readRawLines(blob, ingest.gzip, offsets),
  };
}

export async function permalinkFor(ctx: LinkContext, base: string): Promise<string> {
  return permalinkUrl(base, await buildPermalinkPayload(ctx));
}

export async function explain(ctx: LinkContext, base: string): Promise<string> {
  return renderDiagram(await diagramFor(ctx, await permalinkFor(ctx, base)));
}
