/**
 * The one network access of a build: a remote image from a host the user allowed, fetched under
 * the rules of `model/remote.ts` (public addresses only, no redirects, capped in size and time,
 * connected to the address that was checked).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { SahifaError, type SourcePlace } from '../model/errors.js';
import { isPrivateAddress, remoteHint } from '../model/remote.js';

/** Limits of {@link fetchImage}. */
export interface FetchLimits {
  /** Largest download in bytes. */
  readonly maxBytes: number;
  /** Milliseconds for the whole download. */
  readonly timeoutMs: number;
}

/** Default {@link FetchLimits}: 10 MB, 15 seconds. */
export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxBytes: 10 * 1024 * 1024, timeoutMs: 15_000 };

/** Resolver used by {@link fetchImage} (replaceable in tests). */
export type Resolver = (host: string) => Promise<readonly LookupAddress[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Fetches one remote image from an allowed host.
 *
 * @param place where the image is written, for errors
 * @throws {SahifaError} rule `remote` when the host is not allowed, resolves to a private address,
 *   answers with anything but 200, redirects, is too large or too slow
 */
export async function fetchImage(url: string, allowed: readonly string[], place: SourcePlace, limits: FetchLimits = DEFAULT_FETCH_LIMITS, resolver: Resolver = systemResolver): Promise<Uint8Array> {
  const fail = (reason: string): never => {
    throw new SahifaError(place, `image "${url}": ${reason}`, 'remote');
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail('only http and https images are fetched');
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (!allowed.includes(host)) return fail(remoteHint(url));
  let addresses: readonly LookupAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolver(host);
    } catch (err) {
      return fail(`host ${host} could not be resolved (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  if (!addresses.length) return fail(`host ${host} has no address`);
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad) return fail(`host ${host} resolves to ${bad.address}, a private, loopback or link-local address: never fetched`);
  const target = addresses[0]!;
  const { request } = parsed.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<Uint8Array>((ok, ko) => {
    const reject = (reason: string): void => ko(new SahifaError(place, `image "${url}": ${reason}`, 'remote'));
    const req = request(
      parsed,
      {
        method: 'GET',
        timeout: limits.timeoutMs,
        // Connect to the address checked above, not to whatever a second lookup would return.
        lookup: ((_h: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
          opts.all ? cb(null, [{ address: target.address, family: target.family }]) : cb(null, target.address, target.family)) as unknown as import('node:net').LookupFunction,
        headers: { 'user-agent': 'sahifa', accept: 'image/png,image/jpeg' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          req.destroy();
          return reject(res.statusCode && res.statusCode >= 300 && res.statusCode < 400 ? `the server redirects (${res.statusCode}); redirects are not followed` : `the server answered ${res.statusCode}`);
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > limits.maxBytes) {
          req.destroy();
          return reject(`${declared} bytes; the limit is ${limits.maxBytes}`);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > limits.maxBytes) {
            req.destroy();
            reject(`more than ${limits.maxBytes} bytes; the limit is ${limits.maxBytes}`);
          } else chunks.push(c);
        });
        res.on('end', () => ok(new Uint8Array(Buffer.concat(chunks))));
        res.on('error', (err) => reject(err.message));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(`no answer within ${limits.timeoutMs} ms`);
    }, limits.timeoutMs);
    timer.unref();
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => {
      req.destroy();
      reject(`no answer within ${limits.timeoutMs} ms`);
    });
    req.on('error', (err) => reject(err.message));
    req.end();
  });
}
