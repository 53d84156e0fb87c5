/**
 * `vqscope open FILE [--follow] [--rules F] [--port N] [--no-browser]`: the app in the user's
 * browser on a local file, as speedscope and Perfetto's open scripts do. The server stops on
 * Ctrl+C or when the page is closed.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ParsedArgs, UsageError } from './args.ts';
import { InputError } from './load.ts';
import { startOpenServer } from './open-server.ts';

/** The app build at the repository root: from the bundle (packages/cli/dist) and from the sources (packages/cli/src) alike. */
export const APP_DIR = fileURLToPath(new URL('../../../dist/', import.meta.url));

/** The platform's way to open a URL in the default browser. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener here: the URL is printed anyway.
  }
}

export interface OpenContext {
  ruleText?: string;
  ruleFileName?: string;
  out: (s: string) => void;
  err: (s: string) => void;
  appDir?: string;
}

export async function openCommand(a: ParsedArgs, c: OpenContext): Promise<number> {
  if (a.files.length !== 1) throw new UsageError('open expects one FILE');
  const file = a.files[0];
  try {
    if (statSync(file).isDirectory()) throw new InputError(`${file}: is a directory, expected a log file`);
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (!a.follow) throw new InputError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let stopped: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  const server = await startOpenServer({
    appDir: c.appDir ?? APP_DIR,
    trace: file,
    ruleText: c.ruleText,
    ruleFileName: c.ruleFileName,
    follow: a.follow,
    port: a.port,
    onPageClosed: () => {
      c.err('vqscope: the page was closed; stopping');
      stopped();
    },
  });
  const onSignal = () => stopped();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  c.out(server.url);
  c.err(
    `vqscope: serving ${file}${a.follow ? ' and what is appended to it' : ''} to this machine only; ${a.noBrowser ? 'open the URL above' : 'opening it in your browser'}. Ctrl+C or closing the page stops it.`,
  );
  if (!a.noBrowser) openBrowser(server.url);
  try {
    await done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await server.close();
  }
  return 0;
}
