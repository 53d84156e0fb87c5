// Writes docs/spec-coverage.md from the statement table and the built-in packs
// (packages/rules/src/spec/); `--check` exits 1 when the committed file is stale.
// The unit test spec/coverage-doc.test.ts makes the same comparison.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const dir = mkdtempSync(join(tmpdir(), 'vqscope-coverage-'));
const outfile = join(dir, 'coverage.mjs');
await build({
  stdin: {
    contents: `import { builtinPacks, coverageMarkdown, specCoverage } from '@vqscope/rules';
export const markdown = coverageMarkdown(specCoverage(builtinPacks()));`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile,
  logLevel: 'warning',
});
const { markdown } = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });
const target = 'docs/spec-coverage.md';
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== markdown) {
    console.error(`${target} is stale: run node scripts/gen-spec-coverage.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(target, markdown);
  console.log(`wrote ${target}`);
}
