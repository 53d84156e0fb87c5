/** Node side of loading: files into the shared ingest engine, rule files into the rule parser. */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseRules, type RuleFile } from '@vqscope/rules';
import { type IngestResult, ingestStream, PrefaultedBuffers, type Profile } from '@vqscope/trace';
import { fileChunks } from './file-chunks.ts';
import { requestFromHelperThread } from './prefault-thread.ts';

export class InputError extends Error {}

export async function loadTrace(path: string, profiles: readonly Profile[], format?: string): Promise<IngestResult> {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${path}: is a directory, expected a log file`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // Read without a web adapter: several times faster than openAsBlob().stream().
  const buffers = new PrefaultedBuffers(requestFromHelperThread);
  try {
    return await ingestStream(fileChunks(path), { fileName: path, totalBytes: size, profiles, format, buffers });
  } finally {
    buffers.close();
  }
}

export async function loadRuleFile(path: string): Promise<RuleFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read the rule file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseRules(text, path);
}
