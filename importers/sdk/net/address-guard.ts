import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { ForbiddenAddressError, NetworkError } from '../errors';

/**
 * SSRF guard: an import's URLs come from configuration typed by people, and a career site can redirect anywhere,
 * so the worker must never be made to fetch its own network (cloud metadata at 169.254.169.254, databases on
 * 10/8, the Temporal frontend on localhost). Every address a host resolves to is checked, IPv4 and IPv6.
 *
 * The ranges are ipaddr.js's tables of the IANA special-purpose registries (IPv4 and IPv6): only what it calls
 * `unicast` is public. Where an IPv6 address carries an IPv4 one that a gateway would reach, it is judged by that.
 * The only way to reach a private address is the platform's allowlist (FETCH_ALLOW_PRIVATE, set by ops).
 */

/** IPv6 ranges whose last 32 bits are an IPv4 address the packet ends up at. */
const V4_CARRIERS = new Set(['ipv4Mapped', 'rfc6145']);
/** The NAT64 well-known prefix 64:ff9b::/96 (the RFC 6052 range also holds the local-use 64:ff9b:1::/48, refused). */
const NAT64_WKP = ipaddr.parseCIDR('64:ff9b::/96');
/** `::a.b.c.d`, deprecated IPv4-compatible addresses (ipaddr.js files them under `unicast`). */
const V4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * The special range an IP literal falls in (`loopback`, `private`, `teredo`, `6to4`, `ipv4Mapped:loopback`…), or
 * null for a public unicast address. Anything that is not an IP address at all is `invalid`: refused, not guessed.
 */
export function specialRange(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(ip) || isIP(ip) === 0) return 'invalid';
  const parsed = ipaddr.parse(isIP(ip) === 6 ? dottedTailToHex(ip) : ip);
  if (parsed.kind() === 'ipv4') return v4Range(parsed as ipaddr.IPv4);
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  const embedded = (): ipaddr.IPv4 => {
    const bytes = v6.toByteArray().slice(12);
    return new ipaddr.IPv4(bytes);
  };
  if (V4_CARRIERS.has(range)) return prefixed(range, v4Range(embedded()));
  if (v6.match(NAT64_WKP)) return prefixed('nat64', v4Range(embedded()));
  if (range === 'unicast' && v6.match(V4_COMPATIBLE)) return prefixed('ipv4Compatible', v4Range(embedded()));
  return range === 'unicast' ? null : range;
}

/** `::a.b.c.d` → `::xxxx:yyyy`: ipaddr.js reads a dotted tail after `::` as IPv4-mapped, whatever the prefix. */
function dottedTailToHex(ip: string): string {
  return ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`);
}

function v4Range(ip: ipaddr.IPv4): string | null {
  const range = ip.range();
  return range === 'unicast' ? null : range;
}

function prefixed(carrier: string, inner: string | null): string | null {
  return inner === null ? null : `${carrier}:${inner}`;
}

/** Whether an IP literal is private, loopback, link-local or otherwise not a public internet address. */
export function isForbiddenAddress(address: string): boolean {
  return specialRange(address) !== null;
}

/**
 * Hosts and networks that may be reached although private: exact host names (`fixtures.internal`) or CIDRs
 * (`127.0.0.1/32`, `10.20.0.0/16`, `::1`; a bare address is a single-address network).
 */
export class PrivateAllowlist {
  private readonly hosts = new Set<string>();
  private readonly networks: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];

  constructor(entries: readonly string[] = []) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase().replace(/^\[|\]$/g, '');
      if (entry === '') continue;
      const network = parseNetwork(entry);
      if (network) this.networks.push(network);
      else this.hosts.add(entry);
    }
  }

  get empty(): boolean {
    return this.hosts.size === 0 && this.networks.length === 0;
  }

  allowsHost(hostname: string): boolean {
    return this.hosts.has(hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, ''));
  }

  allowsAddress(address: string): boolean {
    const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    if (!ipaddr.isValid(ip)) return false;
    const parsed = ipaddr.parse(isIP(ip) === 6 ? dottedTailToHex(ip) : ip);
    // An IPv4 rule covers the same address written IPv4-mapped (::ffff:127.0.0.1), as sockets sometimes report it.
    const candidates = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? [parsed, (parsed as ipaddr.IPv6).toIPv4Address()] : [parsed];
    return candidates.some((c) => this.networks.some(([net, bits]) => net.kind() === c.kind() && c.match(net, bits)));
  }
}

/** A CIDR or an IP address as a network; null for a host name. */
export function parseNetwork(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  if (entry.includes('/')) return ipaddr.isValidCIDR(entry) ? ipaddr.parseCIDR(entry) : null;
  if (isIP(entry) === 0) return null;
  const ip = ipaddr.parse(entry);
  return [ip, ip.kind() === 'ipv4' ? 32 : 128];
}

/** Whether an allowlist entry is well formed: a CIDR, an IP address, or a host name. */
export function isAllowlistEntry(entry: string): boolean {
  const e = entry.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (e.includes('/')) return ipaddr.isValidCIDR(e);
  return isIP(e) !== 0 || /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/.test(e);
}

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) reject(new NetworkError(`DNS lookup failed for ${hostname}: ${err.code ?? err.message}`, { code: err.code, cause: err }));
      else resolve(addresses);
    });
  });
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export interface AddressGuard {
  /** Resolves the URL's host and throws ForbiddenAddressError if one of its addresses is neither public nor allowed. */
  assertUrl(url: URL): Promise<void>;
  /**
   * A `lookup` for the socket itself, so a host cannot pass `assertUrl` and then resolve to a private address
   * when the connection is made (DNS rebinding).
   */
  lookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void;
}

const HINT = 'private addresses are reachable only for hosts or networks on the platform allowlist (FETCH_ALLOW_PRIVATE)';

export function createAddressGuard(allow: readonly string[] = []): AddressGuard {
  const allowlist = new PrivateAllowlist(allow);
  const refused = (host: string, addresses: { address: string }[]): { address: string; range: string } | null => {
    if (allowlist.allowsHost(host)) return null;
    for (const a of addresses) {
      const range = specialRange(a.address);
      if (range !== null && !allowlist.allowsAddress(a.address)) return { address: a.address, range };
    }
    return null;
  };
  return {
    async assertUrl(url) {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const addresses = isIP(host) ? [{ address: host }] : allowlist.allowsHost(host) ? [] : await resolveAll(host);
      const bad = refused(host, addresses);
      if (bad) {
        throw new ForbiddenAddressError(`Refusing to fetch ${url.href}: ${host} resolves to non-public address ${bad.address} (${bad.range}); ${HINT}`, {
          url: url.href,
        });
      }
    },
    lookup(hostname, options, callback) {
      lookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, []);
        const bad = refused(hostname, addresses);
        if (bad) {
          const error = new ForbiddenAddressError(`Refusing to connect to ${hostname}: resolves to non-public address ${bad.address} (${bad.range}); ${HINT}`);
          return callback(error as NodeJS.ErrnoException, []);
        }
        if (options.all) return callback(null, addresses);
        const first = addresses[0];
        if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        return callback(null, first.address, first.family);
      });
    },
  };
}

/** The guard with no allowlist: public addresses only. */
const PUBLIC_ONLY = createAddressGuard();
export const assertPublicUrl = (url: URL): Promise<void> => PUBLIC_ONLY.assertUrl(url);
export const guardedLookup: AddressGuard['lookup'] = (hostname, options, callback) => PUBLIC_ONLY.lookup(hostname, options, callback);
