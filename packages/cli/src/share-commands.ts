/** `vqscope link` and `vqscope explain`, and the links `check --link-base` adds: the share engine on files. */
import { openAsBlob } from 'node:fs';
import { type Analysis, checkTrace, packsForTrace, type Rule, type Violation } from '@vqscope/rules';
import { buildPermalinkPayload, diagramFor, type LinkContext, permalinkUrl, renderDiagram } from '@vqscope/share';
import { type IngestResult, ingestText, type Profile, readRawLines, withLineNumbers } from '@vqscope/trace';
import { UsageError } from './args.ts';
import type { RecentLines } from './recent-lines.ts';

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
    if (n < 1 || n > all.length) {
      const notes = all.filter((v) => v.severity === 'note').length;
      const what = notes
        ? `${all.length - notes} violation(s) and ${notes} note(s), numbered together in check's order`
        : `${all.length} violation(s)`;
      throw new UsageError(`--violation ${which}: the trace has ${what}`);
    }
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

/**
 * A live check's permalink: the excerpt comes from the recent lines still held (live input keeps
 * no whole trace), read and checked again on their own; the link selects the violation by rule
 * and line where the excerpt's own count of offences gives it another id.
 */
export async function liveLink(
  v: Violation,
  recent: RecentLines,
  o: {
    fileName: string;
    format: string;
    profiles: readonly Profile[];
    rules: readonly Rule[];
    packs?: readonly string[];
    ruleText?: string;
    base: string;
  },
): Promise<string | undefined> {
  const held = recent.lines(v.line);
  if (held.length === 0) return undefined;
  const text = `${held.map((l) => l.text).join('\n')}\n`;
  const raw = ingestText(text, { fileName: o.fileName, format: o.format, profiles: o.profiles });
  const trace = withLineNumbers(raw.trace, (k) => held[k - 1]?.line ?? k);
  const ingest: IngestResult = { ...raw, trace, lines: held[held.length - 1].line };
  const found = checkTrace(trace, o.rules).violations.find((x) => x.rule === v.rule && x.line === v.line && !x.pending);
  if (!found) return undefined;
  const starts = [0];
  for (const l of held) starts.push(starts[starts.length - 1] + new TextEncoder().encode(l.text).length + 1);
  const byOffset = new Map(starts.map((off, k) => [off, held[k]?.text ?? '']));
  const packs = o.packs?.length ? o.packs : o.ruleText ? [] : packsForTrace(trace);
  return permalinkFor(
    {
      fileName: o.fileName,
      ingest,
      rules: o.rules,
      packs,
      ruleText: o.ruleText,
      violation: { ...found, id: v.id },
      rawLines: async (offsets) => offsets.map((off) => byOffset.get(off) ?? ''),
    },
    o.base,
  );
}
