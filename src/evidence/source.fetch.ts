import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { AppError, invalidInput } from '../shared/errors.js';
import { classifyAddress } from './address.policy.js';
import { resolveLimits, type Limits, type RawSource } from './source.types.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface FetchOptions {
  /** Allow loopback, private, link-local … addresses (a local test server, an intranet). */
  allowPrivate?: boolean;
  limits?: Partial<Limits>;
  /** Which addresses may be contacted; overrides allowPrivate. Default: public addresses only. */
  isAllowedAddress?: (address: string) => boolean;
  /** Host name resolution; default `dns.promises.lookup(host, { all: true })`. Tests inject one. */
  lookup?: (host: string) => Promise<ResolvedAddress[]>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HEADERS = {
  'user-agent': 'Endwatch/0.1 (evidence reader)',
  accept: 'text/html,application/xhtml+xml,application/pdf,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.9,*/*;q=0.5',
  'accept-encoding': 'gzip, deflate, br',
};

const defaultLookup = (host: string) => dns.lookup(host, { all: true, verbatim: true });

/**
 * Fetches a URL as evidence, safely: http(s) only; the host's addresses (all of them, or
 * the literal IP) must pass the address policy — public only unless `allowPrivate` — and
 * the connection goes to the address that was checked (no second DNS lookup, so no DNS
 * rebinding); redirects are followed by hand, each Location checked the same way, at most
 * `maxRedirects`; the whole exchange is bounded by `timeoutMs`; a body (after
 * decompression) over `maxBytes` is cut off and refused. The result's origin is the final
 * URL after redirects.
 */
export async function fetchSource(url: string, opts: FetchOptions = {}): Promise<RawSource> {
  const limits = resolveLimits(opts.limits);
  const allowed = opts.isAllowedAddress ?? (opts.allowPrivate ? () => true : (a: string) => classifyAddress(a) === 'public');
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let target = httpUrl(url, url);
  for (let hop = 0; ; hop++) {
    try {
      const pinned = await vetHost(target, allowed, opts.lookup ?? defaultLookup, signal);
      const res = await get(target, pinned, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location) {
        res.destroy();
        if (hop >= limits.maxRedirects) throw invalidInput(`${url}: too many redirects (more than ${limits.maxRedirects})`);
        target = httpUrl(new URL(location, target).href, url);
        continue;
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw invalidInput(`${target.href}: HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
      }
      const bytes = await readBody(res, target.href, limits.maxBytes);
      const type = res.headers['content-type'];
      return { origin: target.href, bytes, contentType: typeof type === 'string' ? type : null };
    } catch (e) {
      throw fetchError(e, target.href, signal, limits.timeoutMs);
    }
  }
}

/** Parses a URL and refuses any scheme but http and https. */
function httpUrl(href: string, requested: string): URL {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    throw invalidInput(`${requested}: not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw invalidInput(`${href}: only http and https URLs may be fetched (not ${u.protocol.replace(/:$/, '')})`);
  }
  if (u.username || u.password) throw invalidInput(`${u.origin}: URLs with credentials are refused`);
  return u;
}

/** The address to connect to, after every address of the host passed the policy. */
async function vetHost(
  u: URL,
  allowed: (address: string) => boolean,
  lookup: (host: string) => Promise<ResolvedAddress[]>,
  signal: AbortSignal,
): Promise<ResolvedAddress> {
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await abortable(lookup(host), signal);
  if (addresses.length === 0) throw unreachable(u.href, 'host not found');
  for (const { address } of addresses) {
    if (!allowed(address)) {
      const kind = classifyAddress(address);
      const what = literal ? host : `${host} resolves to ${address}, which`;
      throw new AppError('forbidden', `${u.href}: refused: ${what} is a ${kind} address (fetching private addresses needs allowPrivate)`);
    }
  }
  return addresses[0];
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** One GET to the vetted address; the host name still goes in Host and TLS SNI. */
function get(u: URL, pinned: ResolvedAddress, signal: AbortSignal): Promise<http.IncomingMessage> {
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method: 'GET', headers: HEADERS, lookup, signal, agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** The response body, decompressed, refused as soon as it passes maxBytes. */
async function readBody(res: http.IncomingMessage, href: string, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => invalidInput(`${href}: response larger than ${maxBytes} bytes (limit maxBytes)`);
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase().trim();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : null;
  const stream: Readable = decoder ? res.pipe(decoder) : res;
  if (decoder) res.on('error', (e) => decoder.destroy(e));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } finally {
    res.destroy();
    decoder?.destroy();
  }
  return Buffer.concat(chunks, total);
}

function unreachable(href: string, why: string): AppError {
  return invalidInput(`${href}: unreachable (${why})`);
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
};

/** Any failure as an AppError naming the URL: timeouts, refusals and TLS problems in words. */
function fetchError(e: unknown, href: string, signal: AbortSignal, timeoutMs: number): AppError {
  if (e instanceof AppError) return e;
  if (signal.aborted) return invalidInput(`${href}: timed out after ${timeoutMs} ms (limit timeoutMs)`);
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? '';
  if (NETWORK_ERRORS[code]) return unreachable(href, NETWORK_ERRORS[code]);
  if (/CERT|TLS|SSL/i.test(code)) return invalidInput(`${href}: TLS error (${code})`);
  if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI')) return invalidInput(`${href}: corrupt compressed body (${code})`);
  return invalidInput(`${href}: fetch failed (${code || err.message})`);
}
