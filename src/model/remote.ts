/**
 * Remote images: nothing is fetched unless the user names the host (`--allow-remote host1,host2`,
 * `BuildOptions.allowRemote`). Even then only `http:`/`https:` is used, every address the host
 * resolves to must be public (private, loopback, link-local, carrier-grade NAT, multicast and
 * reserved ranges are refused, for IPv4 and IPv6), redirects are not followed, the download is
 * capped in size and time, and the connection goes to the address that was checked (no second DNS
 * lookup that could be rebound).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { SahifaError, type SourcePlace } from './errors.js';

/** Lower-case host name of a URL (without brackets for IPv6), or undefined when it has none. */
export function hostOf(url: string): string | undefined {
  try {
    const host = new URL(url.startsWith('//') ? `https:${url}` : url).hostname.toLowerCase();
    return host.replace(/^\[|\]$/g, '') || undefined;
  } catch {
    return undefined;
  }
}

/** The sentence telling the user how to allow a remote image (or why it cannot be). */
export function remoteHint(url: string): string {
  const host = hostOf(url);
  if (!host || !/^(https?:|\/\/)/i.test(url)) return 'only local image files (a path relative to the brief) and http(s) images from allowed hosts are used';
  return `remote images are not fetched unless their host is allowed: use --allow-remote ${host} (sahifa build) to allow it`;
}

/**
 * Parses the `--allow-remote` list: comma-separated host names or IP addresses, lower-cased.
 *
 * @throws Error with a message for the CLI when an entry is not a host name
 */
export function parseAllowRemote(value: string): string[] {
  const hosts = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (!hosts.length) throw new Error('give at least one host name, e.g. --allow-remote example.org,cdn.example.org');
  for (const h of hosts) {
    if (!/^[a-z0-9.-]+$/.test(h) && isIP(h) === 0) throw new Error(`"${h}" is not a host name (give names like example.org, without scheme or path)`);
  }
  return hosts;
}

/** Addresses never connected to, even for an allowed host. */
const BLOCKED = (() => {
  const b = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
    ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
  ] as const) b.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of [
    // ::/96: IPv4-compatible (`::7f00:1` is 127.0.0.1), deprecated, never a public host;
    // 2002::/16: 6to4, which carries an IPv4 address (2002:7f00:1:: is 127.0.0.1's)
    ['::', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
  ] as const) b.addSubnet(net, prefix, 'ipv6');
  return b;
})();

/** True when `address` (IPv4 or IPv6) is private, loopback, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    // IPv4-mapped, written dotted (`::ffff:127.0.0.1`) or compact (`::ffff:7f00:1`,
    // `0:0:0:0:0:ffff:7f00:1`): the URL parser writes every form as the compact one
    const canonical = new URL(`http://[${address.replace(/%.*$/, '')}]/`).hostname.slice(1, -1);
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(canonical);
    if (mapped) {
      const hi = parseInt(mapped[1]!, 16);
      const lo = parseInt(mapped[2]!, 16);
      return isPrivateAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
  }
  // (IPv4-mapped IPv6 is handled above: Node's BlockList would also match plain IPv4 against a ::ffff:0:0/96 rule.)
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

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
