import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { Agent, request } from 'undici';
import { ForbiddenAddressError } from '../errors';
import { startTestServer } from '../testing/http-server';
import { assertPublicUrl, guardedLookup, isForbiddenAddress } from './address-guard';

describe('isForbiddenAddress', () => {
  it('refuses private, loopback, link-local and reserved IPv4', () => {
    const refused = ['127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.10', '169.254.169.254', '0.0.0.0', '100.64.0.1', '224.0.0.1', '255.255.255.255'];
    expect(refused.filter((ip) => !isForbiddenAddress(ip))).toEqual([]);
  });

  it('accepts public IPv4, including neighbours of private ranges', () => {
    const allowed = ['8.8.8.8', '172.15.255.255', '172.32.0.1', '192.169.0.1', '100.128.0.1', '93.184.216.34'];
    expect(allowed.filter((ip) => isForbiddenAddress(ip))).toEqual([]);
  });

  it('refuses loopback, unique-local, link-local and IPv4-carrying IPv6 that points inside', () => {
    const refused = ['::1', '::', 'fe80::1%eth0', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::10.0.0.1', '2002:c0a8:0101::1', '[::1]'];
    expect(refused.filter((ip) => !isForbiddenAddress(ip))).toEqual([]);
  });

  it('accepts public IPv6 and mapped public IPv4', () => {
    const allowed = ['2a00:1450:4007:80e::200e', '2606:4700::6810:85e5', '::ffff:8.8.8.8', '2002:0808:0808::1'];
    expect(allowed.filter((ip) => isForbiddenAddress(ip))).toEqual([]);
  });

  it('refuses what is not an IP address', () => {
    expect(isForbiddenAddress('localhost')).toBe(true);
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
});
