/** The `vqscope open` server fails closed: every request below that is not the app or the named trace gets nothing. */
import { appendFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../../app/csp.ts';
import { type OpenServer, OpenServerError, startOpenServer } from './open-server.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vqscope-open-'));
const app = join(tmp, 'app');
const outside = join(tmp, 'secret.txt');
const trace = join(tmp, 'trace.log');
let srv: OpenServer;

/** A raw GET: the path goes out exactly as written (no normalisation), with the Host header given ('' = none at all). */
function get(path: string, host?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = host === '' ? {} : { host: host ?? `127.0.0.1:${srv.port}` };
    const req = request({ host: '127.0.0.1', port: srv.port, path, headers, setHost: host !== '' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  mkdirSync(join(app, 'assets'), { recursive: true });
  writeFileSync(join(app, 'index.html'), '<!doctype html><title>vqscope</title>');
  writeFileSync(join(app, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(outside, 'TOP SECRET');
  // A symlink inside the served folder that points out of it, and a symlinked directory.
  symlinkSync(outside, join(app, 'leak.txt'));
  symlinkSync(tmp, join(app, 'up'));
  writeFileSync(trace, '[1.0] a\n');
  srv = await startOpenServer({ appDir: app, trace, follow: true, ruleText: 'a precedes b\n', ruleFileName: 'r.rules' });
});

afterAll(async () => {
  await srv?.close();
});

describe('vqscope open server', () => {
  it('serves the app and the trace under its token, on loopback, with the CSP', async () => {
    expect((srv.server.address() as AddressInfo).address).toBe('127.0.0.1');
    expect(srv.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${srv.port}/${srv.token}/\\?open=trace\\.log&rules=r\\.rules&follow=1$`));
    const index = await get(`/${srv.token}/`);
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CSP);
    expect((await get(`/${srv.token}/assets/app.js`)).body).toBe('console.log(1)');
    expect((await get(`/${srv.token}/trace`)).body).toBe('[1.0] a\n');
    expect((await get(`/${srv.token}/rules`)).body).toBe('a precedes b\n');
    expect((await get(`/${srv.token}/`, `localhost:${srv.port}`)).status).toBe(200);
  });

  it('answers 404 without the token, with a wrong token, and for a directory', async () => {
    expect((await get('/')).status).toBe(404);
    expect((await get('/index.html')).status).toBe(404);
    expect((await get(`/${'x'.repeat(srv.token.length)}/`)).status).toBe(404);
    expect((await get(`/${srv.token}/assets/`)).status).toBe(404);
    expect((await get(`/${srv.token}/assets`)).status).toBe(404);
  });

  it('answers 404 to .. paths, plain and percent-encoded', async () => {
    for (const path of [
      `/${srv.token}/../secret.txt`,
      `/${srv.token}/../../secret.txt`,
      `/${srv.token}/assets/../../secret.txt`,
      `/${srv.token}/%2e%2e%2fsecret.txt`,
      `/${srv.token}/%2e%2e/secret.txt`,
      `/${srv.token}/assets/%2e%2e%2f%2e%2e%2fsecret.txt`,
      `/${srv.token}/%2E%2E%2Fapp%2Findex.html`,
      `/${srv.token}/..%5csecret.txt`,
      `/${srv.token}/%252e%252e%252fsecret.txt`,
      `/${srv.token}//etc/passwd`,
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('TOP SECRET');
    }
  });

  it('does not follow a symlink in the served folder, to a file or to a directory', async () => {
    expect((await get(`/${srv.token}/leak.txt`)).status).toBe(404);
    expect((await get(`/${srv.token}/up/secret.txt`)).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding), whatever the path', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${srv.port}`,
      `127.0.0.1.evil.example:${srv.port}`,
      `127.0.0.1:${srv.port + 1}`,
      '',
    ]) {
      const r = await get(`/${srv.token}/trace`, host);
      // No Host at all is refused by Node's HTTP/1.1 parser itself (400).
      expect([400, 421], `Host: ${host}`).toContain(r.status);
      expect(r.body).not.toContain('[1.0] a');
    }
  });

  it('refuses to listen on anything but loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com'])
      await expect(startOpenServer({ appDir: app, trace, follow: false, host })).rejects.toThrow(OpenServerError);
  });

  it('streams what is appended to the trace from a byte offset (--follow)', async () => {
    const got = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: srv.port, path: `/${srv.token}/tail?from=8` }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
          if (body.includes('c\n')) {
            req.destroy();
            resolve(body);
          }
        });
      });
      req.on('error', reject);
      req.end();
      setTimeout(() => appendFileSync(trace, '[2.0] b\n'), 150);
      setTimeout(() => appendFileSync(trace, '[3.0] c\n'), 300);
    });
    expect(got).toBe('[2.0] b\n[3.0] c\n');
  });
});
