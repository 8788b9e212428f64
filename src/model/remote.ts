/**
 * Remote images: nothing is fetched unless the user names the host (`--allow-remote host1,host2`,
 * `BuildOptions.allowRemote`). Even then only `http:`/`https:` is used, every address the host
 * resolves to must be public (private, loopback, link-local, carrier-grade NAT, multicast and
 * reserved ranges are refused, for IPv4 and IPv6), redirects are not followed, the download is
 * capped in size and time, and the connection goes to the address that was checked (no second DNS
 * lookup that could be rebound).
 *
 * This module holds the rules (hosts, addresses); the fetch itself is `io/fetch-image.ts`.
 */
import { BlockList, isIP } from 'node:net';

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
