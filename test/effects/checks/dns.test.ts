import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolverWithServers, systemResolver } from '../../../src/effects/checks/dns.js';
import { dnsmasqAvailable, startDnsmasq, type RunningDnsmasq } from '../../helpers/dnsmasq.js';
import { createSocket } from 'node:dgram';

/** The resolvers against a real DNS server (dnsmasq on loopback) and this machine's own resolver. */

describe.skipIf(!dnsmasqAvailable())('resolverWithServers against a real dnsmasq', () => {
  let dns: RunningDnsmasq;

  beforeAll(async () => {
    dns = await startDnsmasq([
      { name: 'www.cert.download.rece', addresses: ['2001:db8::443', '192.0.2.10'] },
      { name: 'www.lineauth.mnw', addresses: ['192.0.2.20'] },
    ]);
  });

  afterAll(async () => {
    await dns?.stop();
  });

  it('finds a closed-network name, IPv6 first', async () => {
    const outcome = await resolverWithServers([dns.server]).lookup('www.cert.download.rece', { timeoutMs: 2_000 });
    expect(outcome).toEqual({ kind: 'found', addresses: ['2001:db8::443'] });
  });

  it('falls back to IPv4 for a name without an IPv6 address', async () => {
    const outcome = await resolverWithServers([dns.server]).lookup('www.lineauth.mnw', { timeoutMs: 2_000 });
    expect(outcome).toEqual({ kind: 'found', addresses: ['192.0.2.20'] });
  });

  it('reports a name the server does not know as not found (NXDOMAIN)', async () => {
    const outcome = await resolverWithServers([dns.server]).lookup('hweb.oqs.onshikaku.org', { timeoutMs: 2_000 });
    expect(outcome).toEqual({ kind: 'error', code: 'ENOTFOUND' });
  });
});

describe('resolverWithServers without a server', () => {
  it('reports a timeout when nothing answers on the port', async () => {
    // A UDP socket that reads queries and never answers: no ICMP "port unreachable" either.
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    try {
      const started = Date.now();
      const outcome = await resolverWithServers([`127.0.0.1:${socket.address().port}`]).lookup('www.cert.download.rece', { timeoutMs: 400 });
      expect(outcome).toEqual({ kind: 'error', code: 'ETIMEOUT' });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      socket.close();
    }
  });

  it('reports a refused query when no DNS server listens on the port', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const port = socket.address().port;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const outcome = await resolverWithServers([`127.0.0.1:${port}`]).lookup('www.cert.download.rece', { timeoutMs: 2_000 });
    expect(outcome).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
  });
});

describe('systemResolver on this machine', () => {
  it('resolves localhost through the system resolver', async () => {
    const outcome = await systemResolver.lookup('localhost', { timeoutMs: 5_000 });
    expect(outcome.kind).toBe('found');
    expect(outcome.kind === 'found' && outcome.addresses.some((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
  });

  it('reports a name that cannot exist as an error with a code, never a throw', async () => {
    // `.invalid` is reserved (RFC 2606): no resolver may answer it with an address.
    const outcome = await systemResolver.lookup('seikyu-test.invalid', { timeoutMs: 5_000 });
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.code).toMatch(/^E[A-Z_]+$/);
  });
});
