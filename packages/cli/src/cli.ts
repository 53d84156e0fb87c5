/** Process entry of the bundled CLI. */
import { run } from './main.ts';

// `vqscope check big.log | head` closes our stdout early: that is the reader's choice, not a failure to report.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const code = await run(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
});
process.exitCode = code;
// A live check can end (Ctrl+C) while standard input is still open: leave once the output is out.
process.stdout.write('', () => process.exit(code));
