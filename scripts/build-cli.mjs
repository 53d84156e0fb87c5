// Bundles the CLI into packages/cli/dist/vqscope.mjs; run by `npm ci` (prepare) so `npx vqscope` works at once.
import { build } from 'esbuild';

await build({
  entryPoints: ['packages/cli/src/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'packages/cli/dist/vqscope.mjs',
  logLevel: 'warning',
  legalComments: 'none',
});
