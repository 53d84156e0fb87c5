#!/usr/bin/env node
// Loads the CLI bundle that `npm ci` builds (the root package's `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/vqscope.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write(
    'vqscope: the CLI bundle is missing (packages/cli/dist/vqscope.mjs).\n' +
      'It is built by `npm ci` / `npm install` at the repository root; run `node scripts/build-cli.mjs` to build it now.\n',
  );
  process.exit(2);
}
await import(bundle.href);
