import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { AppError } from '../shared/errors.js';
import { fetchSource, type ResolvedAddress } from './source.fetch.js';

/** A loopback test server; every test here talks only to 127.0.0.1 / ::1. */
async function serve(handler: http.RequestListener, host = '127.0.0.1'): Promise<{ url: string; port: number; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, server };
}
const servers: http.Server[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

const fails = (code: string, message: string | RegExp) => (e: unknown) =>
  e instanceof AppError && e.code === code && (typeof message === 'string' ? e.message === message : message.test(e.message));

const page = (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<p>hello</p>');
};

test('loopback is refused by default and fetched with allowPrivate', async () => {
  const { url } = await serve(page);
  await assert.rejects(fetchSource(`${url}/a`), fails('forbidden', `${url}/a: refused: 127.0.0.1 is a loopback address (fetching private addresses needs allowPrivate)`));
  const raw = await fetchSource(`${url}/a`, { allowPrivate: true });
  assert.equal(raw.origin, `${url}/a`);
  assert.equal(raw.bytes.toString(), '<p>hello</p>');
  assert.equal(raw.contentType, 'text/html; charset=utf-8');
});

test('IPv6 loopback and IPv4-mapped literals are refused without connecting', async () => {
  await assert.rejects(fetchSource('http://[::1]:9/'), fails('forbidden', /\[::1\]:9\/: refused: ::1 is a loopback address/));
  await assert.rejects(fetchSource('http://[::ffff:127.0.0.1]/'), fails('forbidden', /loopback address/));
  await assert.rejects(fetchSource('http://0.0.0.0:9/'), fails('forbidden', /unspecified address/));
  await assert.rejects(fetchSource('http://169.254.169.254/latest/meta-data'), fails('forbidden', /link-local address/));
});

test('host names: every resolved address must pass, and the connection goes to the vetted address', async () => {
  const { port } = await serve((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`host header: ${req.headers.host}`);
  });
  const lookup = async (host: string): Promise<ResolvedAddress[]> => {
    assert.equal(host, 'evidence.test');
    return [{ address: '127.0.0.1', family: 4 }];
  };
  await assert.rejects(fetchSource(`http://evidence.test:${port}/`, { lookup }), fails('forbidden', /evidence\.test resolves to 127\.0\.0\.1, which is a loopback address/));
  const mixed = async (): Promise<ResolvedAddress[]> => [{ address: '93.184.216.34', family: 4 }, { address: '10.1.2.3', family: 4 }];
  await assert.rejects(fetchSource('http://mixed.test/', { lookup: mixed }), fails('forbidden', /resolves to 10\.1\.2\.3, which is a private address/));
  const raw = await fetchSource(`http://evidence.test:${port}/`, { lookup, allowPrivate: true });
  assert.equal(raw.bytes.toString(), `host header: evidence.test:${port}`);
});

test('redirects are followed by hand and every hop is re-checked', async () => {
  const target = await serve(page);
  const { url } = await serve((req, res) => {
    if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (req.url === '/private') res.writeHead(301, { location: `http://127.0.0.2:${target.port}/secret` }).end();
    else res.writeHead(302, { location: `${target.url}/final` }).end();
  });
  const raw = await fetchSource(`${url}/start`, { allowPrivate: true });
  assert.equal(raw.origin, `${target.url}/final`);
  assert.equal(raw.bytes.toString(), '<p>hello</p>');
  // The first hop is allowed by the policy, the redirect target is not.
  const onlyFirst = (address: string) => address === '127.0.0.1';
  await assert.rejects(
    fetchSource(`${url}/private`, { isAllowedAddress: onlyFirst }),
    fails('forbidden', `http://127.0.0.2:${target.port}/secret: refused: 127.0.0.2 is a loopback address (fetching private addresses needs allowPrivate)`),
  );
  await assert.rejects(fetchSource(`${url}/loop`, { allowPrivate: true, limits: { maxRedirects: 3 } }), fails('invalid_input', `${url}/loop: too many redirects (more than 3)`));
});

test('a redirect to another scheme is refused', async () => {
  const { url } = await serve((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
  await assert.rejects(fetchSource(url, { allowPrivate: true }), fails('invalid_input', 'file:///etc/passwd: only http and https URLs may be fetched (not file)'));
});

test('ftp:// and file:// are refused', async () => {
  await assert.rejects(fetchSource('ftp://127.0.0.1/x'), fails('invalid_input', 'ftp://127.0.0.1/x: only http and https URLs may be fetched (not ftp)'));
  await assert.rejects(fetchSource('file:///etc/hosts'), fails('invalid_input', 'file:///etc/hosts: only http and https URLs may be fetched (not file)'));
  await assert.rejects(fetchSource('not a url'), fails('invalid_input', 'not a url: not a valid URL'));
});

test('size limit: Content-Length up front, and while streaming without it', async () => {
  const { url } = await serve((req, res) => {
    if (req.url === '/declared') {
      res.writeHead(200, { 'content-length': '5000' });
      res.end('x'.repeat(5000));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }); // chunked: no length
    const timer = setInterval(() => res.write('y'.repeat(1024)), 1);
    res.on('close', () => clearInterval(timer));
  });
  await assert.rejects(fetchSource(`${url}/declared`, { allowPrivate: true, limits: { maxBytes: 4096 } }), fails('invalid_input', `${url}/declared: response larger than 4096 bytes (limit maxBytes)`));
  await assert.rejects(fetchSource(`${url}/stream`, { allowPrivate: true, limits: { maxBytes: 8192 } }), fails('invalid_input', `${url}/stream: response larger than 8192 bytes (limit maxBytes)`));
});

test('the size limit applies after decompression (gzip bomb)', async () => {
  const bomb = gzipSync(Buffer.alloc(1_000_000, 0x41));
  const { url } = await serve((_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
    res.end(bomb);
  });
  await assert.rejects(fetchSource(url, { allowPrivate: true, limits: { maxBytes: 100_000 } }), fails('invalid_input', /response larger than 100000 bytes/));
  const ok = await fetchSource(url, { allowPrivate: true });
  assert.equal(ok.bytes.length, 1_000_000);
});

test('a server that never answers times out', async () => {
  const { url } = await serve(() => {});
  const started = performance.now();
  await assert.rejects(fetchSource(url, { allowPrivate: true, limits: { timeoutMs: 200 } }), fails('invalid_input', `${url}/: timed out after 200 ms (limit timeoutMs)`));
  assert.ok(performance.now() - started < 2000);
});

test('a closed port is reported unreachable', async () => {
  const { port, server } = await serve(page);
  server.close();
  await new Promise((r) => setTimeout(r, 20));
  const url = `http://127.0.0.1:${port}/`;
  await assert.rejects(fetchSource(url, { allowPrivate: true }), fails('invalid_input', `${url}: unreachable (connection refused)`));
});

test('HTTP errors name the URL and status', async () => {
  const { url } = await serve((_req, res) => res.writeHead(404).end('gone'));
  await assert.rejects(fetchSource(`${url}/x`, { allowPrivate: true }), fails('invalid_input', `${url}/x: HTTP 404 Not Found`));
});
