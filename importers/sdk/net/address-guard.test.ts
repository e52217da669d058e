import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { Agent, request } from 'undici';
import { ForbiddenAddressError } from '../errors';
import { startTestServer } from '../testing/http-server';
import { assertPublicUrl, createAddressGuard, guardedLookup, isAllowlistEntry, isForbiddenAddress, specialRange } from './address-guard';

/** One address in every IPv4 special-purpose range (IANA registry, plus multicast and broadcast). */
const V4_SPECIAL: Record<string, string> = {
  '0.0.0.0/8 this network': '0.1.2.3',
  '10.0.0.0/8 private': '10.1.2.3',
  '100.64.0.0/10 carrier-grade NAT': '100.127.255.254',
  '127.0.0.0/8 loopback': '127.255.0.9',
  '169.254.0.0/16 link-local, cloud metadata': '169.254.169.254',
  '172.16.0.0/12 private': '172.31.255.255',
  '192.0.0.0/24 IETF protocol assignments': '192.0.0.170',
  '192.0.2.0/24 TEST-NET-1': '192.0.2.1',
  '192.31.196.0/24 AS112-v4': '192.31.196.1',
  '192.52.193.0/24 AMT': '192.52.193.1',
  '192.88.99.0/24 6to4 relay anycast': '192.88.99.1',
  '192.168.0.0/16 private': '192.168.1.10',
  '192.175.48.0/24 direct delegation AS112': '192.175.48.1',
  '198.18.0.0/15 benchmarking': '198.19.255.1',
  '198.51.100.0/24 TEST-NET-2': '198.51.100.7',
  '203.0.113.0/24 TEST-NET-3': '203.0.113.9',
  '224.0.0.0/4 multicast': '239.255.255.250',
  '240.0.0.0/4 reserved': '250.1.2.3',
  '255.255.255.255/32 broadcast': '255.255.255.255',
};

/** One address in every IPv6 special-purpose range, and the ways an IPv6 address carries a private IPv4. */
const V6_SPECIAL: Record<string, string> = {
  '::/128 unspecified': '::',
  '::1/128 loopback': '::1',
  '::ffff:0:0/96 IPv4-mapped loopback': '::ffff:127.0.0.1',
  '::ffff:0:0/96 IPv4-mapped, hex form': '::ffff:7f00:1',
  '::ffff:0:0/96 IPv4-mapped metadata': '::ffff:169.254.169.254',
  '::/96 IPv4-compatible loopback': '::127.0.0.1',
  '::/96 IPv4-compatible private': '::a00:1',
  '::ffff:0:0:0/96 SIIT (RFC 6145) private': '::ffff:0:10.0.0.1',
  '64:ff9b::/96 NAT64 to a private IPv4': '64:ff9b::10.0.0.1',
  '64:ff9b::/96 NAT64 to metadata': '64:ff9b::a9fe:a9fe',
  '64:ff9b:1::/48 local-use NAT64': '64:ff9b:1::808:808',
  '100::/64 discard-only': '100::1',
  '2001::/23 IETF protocol assignments': '2001:1::1',
  '2001::/32 Teredo': '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  '2001:2::/48 benchmarking': '2001:2::1',
  '2001:3::/32 AMT': '2001:3::1',
  '2001:4:112::/48 AS112-v6': '2001:4:112::1',
  '2001:10::/28 deprecated ORCHID': '2001:10::1',
  '2001:20::/28 ORCHIDv2': '2001:20::1',
  '2001:30::/28 drone remote ID': '2001:30::1',
  '2001:db8::/32 documentation': '2001:db8::1',
  '2002::/16 6to4 (to a private IPv4)': '2002:c0a8:0101::1',
  '2002::/16 6to4 (to a public IPv4: tunnels are refused too)': '2002:0808:0808::1',
  '2620:4f:8000::/48 direct delegation AS112': '2620:4f:8000::1',
  '3fff::/20 documentation': '3fff::1',
  '5f00::/16 segment routing': '5f00::1',
  'fc00::/7 unique local': 'fd12:3456::1',
  'fe80::/10 link-local (with zone)': 'fe80::1%eth0',
  'fec0::/10 site-local': 'fec0::1',
  'ff00::/8 multicast': 'ff02::1',
  'bracketed loopback': '[::1]',
};

const PUBLIC = [
  '8.8.8.8', '1.1.1.1', '93.184.216.34', '172.15.255.255', '172.32.0.1', '192.169.0.1', '100.128.0.1', '100.63.255.255',
  '192.88.100.1', '198.20.0.1', '223.255.255.254',
  '2a00:1450:4007:80e::200e', '2606:4700::6810:85e5', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808', '::8.8.8.8',
];

describe('specialRange (ipaddr.js, IANA special-purpose registries)', () => {
  it.each(Object.entries(V4_SPECIAL))('refuses IPv4 %s (%s)', (_range, ip) => {
    expect(specialRange(ip)).not.toBeNull();
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each(Object.entries(V6_SPECIAL))('refuses IPv6 %s (%s)', (_range, ip) => {
    expect(specialRange(ip)).not.toBeNull();
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it('accepts public addresses, including neighbours of special ranges and IPv6 forms of a public IPv4', () => {
    expect(PUBLIC.filter((ip) => isForbiddenAddress(ip))).toEqual([]);
  });

  it('names the range, and the IPv4 inside the IPv6 forms that carry one', () => {
    expect(specialRange('10.0.0.1')).toBe('private');
    expect(specialRange('::ffff:127.0.0.1')).toBe('ipv4Mapped:loopback');
    expect(specialRange('::127.0.0.1')).toBe('ipv4Compatible:loopback');
    expect(specialRange('64:ff9b::10.0.0.1')).toBe('nat64:private');
    expect(specialRange('2001::1')).toBe('teredo');
    expect(specialRange('2002:808:808::1')).toBe('6to4');
  });

  it('refuses what is not an IP address', () => {
    expect(specialRange('localhost')).toBe('invalid');
    expect(isForbiddenAddress('127.1')).toBe(true);
  });
});

describe('the platform allowlist', () => {
  it('accepts CIDRs, addresses and host names as entries', () => {
    expect(['127.0.0.1/8', '::1', '10.20.0.0/16', 'fixtures.internal', '[::1]'].filter((e) => !isAllowlistEntry(e))).toEqual([]);
    expect(['10.0.0.0/33', 'http://x', 'a b', ''].filter((e) => isAllowlistEntry(e))).toEqual([]);
  });

  it('lets through exactly the networks and hosts listed, public addresses always', async () => {
    const guard = createAddressGuard(['127.0.0.1/32', '10.20.0.0/16', 'localhost']);
    await expect(guard.assertUrl(new URL('http://127.0.0.1:8080/'))).resolves.toBeUndefined();
    await expect(guard.assertUrl(new URL('http://[::ffff:127.0.0.1]/'))).resolves.toBeUndefined();
    await expect(guard.assertUrl(new URL('http://10.20.3.4/'))).resolves.toBeUndefined();
    await expect(guard.assertUrl(new URL('http://localhost:1/'))).resolves.toBeUndefined();
    await expect(guard.assertUrl(new URL('http://93.184.216.34/'))).resolves.toBeUndefined();
    await expect(guard.assertUrl(new URL('http://127.0.0.2/'))).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(guard.assertUrl(new URL('http://10.21.0.1/'))).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(guard.assertUrl(new URL('http://169.254.169.254/'))).rejects.toThrow(/FETCH_ALLOW_PRIVATE/);
    await expect(guard.assertUrl(new URL('http://[::1]/'))).rejects.toBeInstanceOf(ForbiddenAddressError);
  });

  it('is empty by default: nothing private is reachable', async () => {
    await expect(createAddressGuard([]).assertUrl(new URL('http://127.0.0.1/'))).rejects.toBeInstanceOf(ForbiddenAddressError);
  });
});

describe('assertPublicUrl and guardedLookup', () => {
  it('resolves names before deciding', async () => {
    await expect(assertPublicUrl(new URL('http://localhost:8080/'))).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(assertPublicUrl(new URL('http://[::1]/'))).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(assertPublicUrl(new URL('http://93.184.216.34/'))).resolves.toBeUndefined();
  });

  it('fails the socket lookup of a private host', async () => {
    const err = await new Promise<unknown>((resolve) => {
      guardedLookup('localhost', { all: true }, (e: unknown, addresses: string | LookupAddress[]) => resolve(e ?? addresses));
    });
    expect(err).toBeInstanceOf(ForbiddenAddressError);
  });

  it('stops the connection itself when used as the socket lookup (what a rebinding host would reach)', async () => {
    const server = await startTestServer((_req, res) => res.end('internal'));
    const agent = new Agent({ connect: { lookup: guardedLookup } });
    try {
      const err = await request(`http://localhost:${server.port}/`, { dispatcher: agent }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ForbiddenAddressError);
      expect(server.requests).toEqual([]);
    } finally {
      await agent.close();
      await server.close();
    }
  });

  it('lets the socket lookup of an allowed network connect', async () => {
    const server = await startTestServer((_req, res) => res.end('fixture'));
    const agent = new Agent({ connect: { lookup: createAddressGuard(['127.0.0.0/8', '::1']).lookup } });
    try {
      const res = await request(`http://localhost:${server.port}/`, { dispatcher: agent });
      expect(await res.body.text()).toBe('fixture');
    } finally {
      await agent.close();
      await server.close();
    }
  });
});
