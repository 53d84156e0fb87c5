/** Process entry of the bundled CLI. */
import { run } from './main.ts';

const code = await run(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
});
process.exitCode = code;
// A live check can end (Ctrl+C) while standard input is still open: leave once the output is out.
process.stdout.write('', () => process.exit(code));
