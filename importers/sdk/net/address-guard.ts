import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { ForbiddenAddressError, NetworkError } from '../errors';

/**
 * SSRF guard: an import's URLs come from configuration typed by people, and a career site can redirect anywhere,
 * so the worker must never be made to fetch its own network (cloud metadata at 169.254.169.254, databases on
 * 10/8, the Temporal frontend on localhost). Every address a host resolves to is checked, IPv4 and IPv6.
 */

type Range = [prefix: number[], bits: number];

const V4_FORBIDDEN: Range[] = [
  [[0], 8], // "this" network
  [[10], 8],
  [[100, 64], 10], // carrier-grade NAT
  [[127], 8],
  [[169, 254], 16], // link-local, cloud metadata
  [[172, 16], 12],
  [[192, 0, 0], 24],
  [[192, 0, 2], 24], // documentation
  [[192, 168], 16],
  [[198, 18], 15], // benchmarking
  [[198, 51, 100], 24],
  [[203, 0, 113], 24],
  [[224], 4], // multicast
  [[240], 4], // reserved, broadcast
];

const V6_FORBIDDEN: Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128], // ::
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128], // ::1
  [[0x01, 0x00], 64], // discard
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0xfc], 7], // unique local
  [[0xfe, 0x80], 10], // link-local
  [[0xfe, 0xc0], 10], // old site-local
  [[0xff], 8], // multicast
];

function inRange(bytes: number[], [prefix, bits]: Range): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const mask = bits - i * 8 >= 8 ? 0xff : (0xff << (8 - (bits - i * 8))) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function parseV4(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** 16 bytes of an IPv6 address, including the `::` shorthand and a trailing dotted IPv4. */
function parseV6(ip: string): number[] {
  let text = ip;
  let tail: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail = parseV4(dotted[1]!);
    text = `${text.slice(0, dotted.index)}:0:0`;
  }
  const [head = '', rest] = text.split('::');
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** Whether an IP literal is private, loopback, link-local or otherwise not a public internet address. */
export function isForbiddenAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return V4_FORBIDDEN.some((r) => inRange(parseV4(ip), r));
  if (family !== 6) return true; // not an address at all: refuse rather than guess
  const bytes = parseV6(ip);
  // IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::) carry an IPv4 inside.
  if (inRange(bytes, [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96]) || inRange(bytes, [[0, 0x64, 0xff, 0x9b], 96])) {
    return V4_FORBIDDEN.some((r) => inRange(bytes.slice(12), r));
  }
  if (inRange(bytes, [[0x20, 0x02], 16])) return V4_FORBIDDEN.some((r) => inRange(bytes.slice(2, 6), r));
  return V6_FORBIDDEN.some((r) => inRange(bytes, r));
}

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) reject(new NetworkError(`DNS lookup failed for ${hostname}: ${err.code ?? err.message}`, { code: err.code, cause: err }));
      else resolve(addresses);
    });
  });
}

/** Resolves the URL's host and throws ForbiddenAddressError if any of its addresses is not public. */
export async function assertPublicUrl(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolveAll(host);
  const bad = addresses.find((a) => isForbiddenAddress(a.address));
  if (bad) {
    throw new ForbiddenAddressError(`Refusing to fetch ${url.href}: ${host} resolves to non-public address ${bad.address}`, {
      url: url.href,
    });
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for the socket itself, so a host cannot pass `assertPublicUrl` and then resolve to a private address
 * when the connection is made (DNS rebinding).
 */
export function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (bad) {
      const refused = new ForbiddenAddressError(`Refusing to connect to ${hostname}: resolves to non-public address ${bad.address}`);
      return callback(refused as NodeJS.ErrnoException, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    return callback(null, first.address, first.family);
  });
}
