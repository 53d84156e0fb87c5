/**
 * The local server of `vqscope open`: the built app and the named trace, to this machine's
 * browser only. It fails closed: it binds to loopback only, answers only under a random per-run
 * token path, serves only the files it listed when it started (regular files of the app build,
 * never a symlink, so no path in a request can reach anything else), and refuses requests whose
 * Host is not the loopback name or address it serves (DNS rebinding).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';
import { CSP } from '../../../app/csp.ts';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json',
  map: 'application/json',
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  jsonl: 'text/plain; charset=utf-8',
  lesson: 'text/plain; charset=utf-8',
  rules: 'text/plain; charset=utf-8',
  woff2: 'font/woff2',
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}

export interface OpenServerOptions {
  /** The app build (index.html and its assets). */
  appDir: string;
  /** The trace to serve. */
  trace: string;
  /** Rule text to give the page (the --rules files), if any. */
  ruleText?: string;
  ruleFileName?: string;
  follow: boolean;
  /** 0 = a free port. */
  port?: number;
  /** Only loopback is accepted; anything else is refused before binding. */
  host?: string;
  /** The page was closed: the last keep-alive connection ended and none came back within this many ms. */
  closedAfterMs?: number;
  onPageClosed?: () => void;
}

export interface OpenServer {
  url: string;
  token: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export class OpenServerError extends Error {}

/** Every regular file under dir by its URL path ('/'-separated); symlinks and special files are left out. */
function listFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const root = realpathSync(dir);
  const walk = (d: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = join(d, e.name);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) out.set(relative(root, abs).split(sep).join('/'), abs);
    }
  };
  walk(root);
  return out;
}

function typeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return TYPES[ext] ?? 'application/octet-stream';
}

export async function startOpenServer(o: OpenServerOptions): Promise<OpenServer> {
  const host = o.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new OpenServerError(`vqscope open serves to this machine only; it will not listen on ${host}`);
  let files: Map<string, string>;
  try {
    if (!statSync(join(o.appDir, 'index.html')).isFile()) throw new Error();
    files = listFiles(o.appDir);
  } catch {
    throw new OpenServerError(
      `the built app is missing (${join(o.appDir, 'index.html')}); it is built by \`npm ci\` at the repository root, or now with \`npx vite build\``,
    );
  }
  const token = randomBytes(18).toString('base64url');
  const prefix = `/${token}/`;
  const traceName = o.trace.split(/[\\/]/).pop() || 'trace.log';
  let port = 0;
  let alive = 0;
  let everAlive = false;
  let closeTimer: ReturnType<typeof setTimeout> | undefined;
  const tails = new Set<ServerResponse>();

  const headers = (type: string, extra: Record<string, string> = {}) => ({
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  });
  const notFound = (res: ServerResponse, status = 404, text = 'not found') => {
    res.writeHead(status, headers('text/plain; charset=utf-8'));
    res.end(text);
  };

  /** Host must name what we serve: 127.0.0.1:PORT or localhost:PORT (a rebinding attack sends its own name). */
  const hostAllowed = (req: IncomingMessage) => {
    const h = req.headers.host ?? '';
    return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
  };

  const serveTrace = async (res: ServerResponse) => {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(o.trace);
    } catch {
      return notFound(res, 404, `${traceName} does not exist (yet)`);
    }
    // With --follow the page reads the part present now, then the tail from where that ended.
    res.writeHead(200, headers(typeOf(traceName), { 'Content-Length': String(st.size), 'X-Vqscope-Size': String(st.size) }));
    if (st.size === 0) return res.end();
    createReadStream(o.trace, { start: 0, end: st.size - 1 }).pipe(res);
  };

  /** Streams the bytes of the trace from `from` on, as they are appended, until the page goes or the file is cut. */
  const serveTail = async (req: IncomingMessage, res: ServerResponse, from: number) => {
    res.writeHead(200, headers('application/octet-stream', { 'X-Accel-Buffering': 'no' }));
    res.flushHeaders();
    tails.add(res);
    let pos = from;
    let fh: FileHandle | undefined;
    let done = false;
    const buf = Buffer.alloc(1 << 20);
    const stop = () => {
      done = true;
      tails.delete(res);
    };
    req.on('close', stop);
    try {
      fh = await open(o.trace, 'r');
      while (!done) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead > 0) {
          pos += bytesRead;
          if (!res.write(Buffer.from(buf.subarray(0, bytesRead)))) await new Promise((r) => res.once('drain', r));
          continue;
        }
        // A truncated or replaced file ends the stream: the page says so and can load it again.
        if ((await fh.stat()).size < pos) break;
        try {
          if ((await stat(o.trace)).ino !== (await fh.stat()).ino) break;
        } catch {}
        await new Promise((r) => setTimeout(r, 100));
      }
    } catch {
      // the file went away: end the stream
    } finally {
      await fh?.close();
      stop();
      res.end();
    }
  };

  const keepAlive = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, headers('text/plain; charset=utf-8'));
    res.write('open\n');
    alive++;
    everAlive = true;
    clearTimeout(closeTimer);
    const ping = setInterval(() => res.write('.\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      alive--;
      if (alive === 0 && everAlive && o.onPageClosed) {
        closeTimer = setTimeout(() => {
          if (alive === 0) o.onPageClosed?.();
        }, o.closedAfterMs ?? 3000);
      }
    });
  };

  const server = createServer((req, res) => {
    if (!hostAllowed(req)) return notFound(res, 421, 'this server answers only to its loopback address');
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res, 405, 'only GET');
    const url = new URL(req.url ?? '/', 'http://x');
    // Whatever the path says ('..', encoded or not), only an exact name of a listed file is served.
    const path = url.pathname;
    if (!path.startsWith(prefix)) return notFound(res);
    let rest: string;
    try {
      rest = decodeURIComponent(path.slice(prefix.length));
    } catch {
      return notFound(res);
    }
    if (rest === 'trace') return void serveTrace(res);
    if (rest === 'tail' && o.follow) {
      const from = Number(url.searchParams.get('from') ?? '0');
      if (!Number.isSafeInteger(from) || from < 0) return notFound(res, 400, 'from must be a byte offset');
      return void serveTail(req, res, from);
    }
    if (rest === 'alive') return keepAlive(req, res);
    if (rest === 'rules' && o.ruleText !== undefined) {
      res.writeHead(200, headers('text/plain; charset=utf-8'));
      return res.end(o.ruleText);
    }
    const file = files.get(rest === '' ? 'index.html' : rest);
    if (!file) return notFound(res);
    res.writeHead(200, headers(typeOf(file)));
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new OpenServerError(e.code === 'EADDRINUSE' ? `port ${o.port} is in use; choose another with --port, or leave it out` : e.message),
      ),
    );
    server.listen(o.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const q = new URLSearchParams({ open: traceName });
  if (o.ruleText !== undefined) q.set('rules', o.ruleFileName ?? 'rules');
  if (o.follow) q.set('follow', '1');
  const hostInUrl = host === '::1' ? '[::1]' : host;
  return {
    url: `http://${hostInUrl}:${port}${prefix}?${q}`,
    token,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of tails) t.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
