import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolverWithServers } from '../../../src/effects/checks/dns.js';
import { createNetworkChecks } from '../../../src/effects/checks/network.js';
import { runCheck } from '../../../src/effects/checks/run.js';
import { fileSystem } from '../../../src/effects/checks/system.js';
import { tlsConnector } from '../../../src/effects/checks/tls.js';
import type { CheckResult, NameResolver, RecordedFacts, TlsConnector } from '../../../src/effects/checks/types.js';
import { DNS_SERVERS } from '../../../src/machine/network.js';
import type { Profile } from '../../../src/machine/profile.js';
import { makeTestPki, type TestPki } from '../../helpers/certs.js';
import { dnsmasqAvailable, startDnsmasq, type RunningDnsmasq } from '../../helpers/dnsmasq.js';
import { loopbackConnector, startTlsServer, type LoopbackServer } from '../../helpers/tls-server.js';
import { assertWords, fakePorts, profile, request } from '../../fixtures/checks/network/fake-ports.js';

/**
 * `line-auth` and `closed-network` against real components started here: dnsmasq answering the closed network's
 * names (and NXDOMAIN for the rest), node:tls servers with the test PKI (hweb demands a client certificate),
 * reached through the real resolver and TLS connector; only the port of `host:443` is moved to loopback.
 */

const EAST = DNS_SERVERS.east.join(', ');

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe.skipIf(!dnsmasqAvailable())('line-auth and closed-network on a loopback closed network', () => {
  let pki: TestPki;
  let full: RunningDnsmasq;
  let bare: RunningDnsmasq;
  let site: LoopbackServer;
  let hweb: LoopbackServer;
  let deadPort: number;
  let dir: string;
  let manual: string;
  let strangerManual: string;
  let derManual: string;

  beforeAll(async () => {
    pki = await makeTestPki();
    [full, bare, site, hweb, deadPort] = await Promise.all([
      startDnsmasq([
        { name: 'www.lineauth.mnw', addresses: ['2001:db8:1::80'] },
        { name: 'www.cert.download.rece', addresses: ['2001:db8:2::443', '192.0.2.44'] },
        { name: 'hweb.oqs.onshikaku.org', addresses: ['2001:db8:3::443'] },
      ]),
      // A DNS server that knows only the certificate site: the others are NXDOMAIN there.
      startDnsmasq([{ name: 'www.cert.download.rece', addresses: ['2001:db8:2::443'] }]),
      startTlsServer(pki),
      startTlsServer(pki, { requireClientCert: true }),
      closedPort(),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'seikyu-net-'));
    // Online_Setup_Manual folders as recorded at setup-manual: the test root (PEM), a stranger's root, the root as DER.
    const folder = (name: string, write: (path: string) => void) => {
      mkdirSync(join(dir, name, 'crt'), { recursive: true });
      write(join(dir, name, 'crt', 'OnlineBillingNWCommonRootCA-G1.crt'));
      return join(dir, name);
    };
    manual = folder('manual', (path) => copyFileSync(pki.root.certPath, path));
    strangerManual = folder('stranger', (path) => copyFileSync(pki.otherRoot.certPath, path));
    derManual = folder('der', (path) => writeFileSync(path, new X509Certificate(pki.root.pem).raw));
  });

  afterAll(async () => {
    await Promise.all([full?.stop(), bare?.stop(), site?.close(), hweb?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  interface Setup {
    terminal?: string;
    profile?: Profile;
    resolver?: NameResolver;
    routes?: Record<string, number>;
    recorded?: Record<string, RecordedFacts>;
  }

  async function run(step: 'line-auth' | 'closed-network', setup: Setup = {}): Promise<CheckResult & { tlsRequests: string[] }> {
    const tls = loopbackConnector(tlsConnector, setup.routes ?? { 'www.lineauth.mnw': site.port, 'www.cert.download.rece': site.port, 'hweb.oqs.onshikaku.org': hweb.port });
    const ports = fakePorts({ resolver: setup.resolver ?? resolverWithServers([full.server]), tls: tls as TlsConnector, fs: fileSystem });
    const check = createNetworkChecks(ports).find((c) => c.step === step)!;
    const result = await runCheck(check, request(step, setup.terminal ?? 'jimu', setup.profile ?? profile(), setup.recorded ?? {}));
    assertWords(result);
    return { ...result, tlsRequests: tls.requests };
  }

  const withManual = (folder: string): Record<string, RecordedFacts> => ({ 'setup-manual@': { inputs: { folder }, facts: {} } });
  const withClientCert = (file: string, password: string, folder = manual): Record<string, RecordedFacts> => ({
    ...withManual(folder),
    'client-cert@uketsuke': { inputs: { file, password }, facts: {} },
  });

  describe('line-auth', () => {
    it('passes when www.lineauth.mnw resolves and answers on 443', async () => {
      const result = await run('line-auth');
      expect(result).toMatchObject({
        outcome: 'passed',
        reason: 'check.line-auth.passed',
        evidence: { host: 'www.lineauth.mnw', addresses: '2001:db8:1::80', tls: 'connected TLSv1.3' },
        facts: { addresses: '2001:db8:1::80' },
      });
      expect(result.tlsRequests).toEqual(['www.lineauth.mnw:443']);
    });

    it('fails, naming the host and the East pair, when the DNS server does not know the name (NXDOMAIN)', async () => {
      const result = await run('line-auth', { resolver: resolverWithServers([bare.server]) });
      expect(result).toMatchObject({ outcome: 'failed', reason: 'check.dns-not-found', evidence: { lookupHost: 'www.lineauth.mnw', dnsError: 'ENOTFOUND', expectedDns: EAST } });
      expect(result.tlsRequests).toEqual([]);
    });

    it('names no NTT pair off an NTT line', async () => {
      const ipsec = profile({ carrier: 'provider-x', area: null, connection: 'ipsec-ike' });
      const result = await run('line-auth', { resolver: resolverWithServers([bare.server]), profile: ipsec });
      expect(result).toMatchObject({ outcome: 'failed', reason: 'check.dns-not-found-provider' });
      expect(result.evidence).not.toHaveProperty('expectedDns');
    });

    it('says the DNS server cannot be reached when nothing listens where it should', async () => {
      const result = await run('line-auth', { resolver: resolverWithServers([`127.0.0.1:${deadPort}`]) });
      expect(result).toMatchObject({ outcome: 'failed', reason: 'check.dns-no-network', evidence: { dnsError: 'ECONNREFUSED' } });
    });

    it('says no DNS server answered on a timeout', async () => {
      const silent: NameResolver = { lookup: async () => ({ kind: 'error', code: 'ETIMEOUT' }) };
      expect(await run('line-auth', { resolver: silent })).toMatchObject({ outcome: 'failed', reason: 'check.dns-timeout', evidence: { lookupHost: 'www.lineauth.mnw' } });
    });

    it('explains a name that resolves but does not answer', async () => {
      const result = await run('line-auth', { routes: { 'www.lineauth.mnw': deadPort } });
      expect(result).toMatchObject({ outcome: 'failed', reason: 'check.line-auth.no-answer', evidence: { addresses: '2001:db8:1::80', tls: 'error ECONNREFUSED' } });
    });
  });

  describe('closed-network', () => {
    it('passes and verifies the server with the root recorded at setup-manual', async () => {
      const result = await run('closed-network', { recorded: withManual(manual) });
      expect(result).toMatchObject({
        outcome: 'passed',
        reason: 'check.closed-network.passed',
        evidence: {
          host: 'www.cert.download.rece',
          addresses: '2001:db8:2::443',
          tls: 'connected TLSv1.3',
          authorized: 'yes',
          peerSubject: 'CN=www.cert.download.rece',
          peerIssuer: 'CN=Online Billing NW Common Root CA',
          rootFile: join(manual, 'crt', 'OnlineBillingNWCommonRootCA-G1.crt'),
        },
        facts: { addresses: '2001:db8:2::443', authorized: 'yes' },
      });
      // A claims-only PC does not ask for hweb.
      expect(result.tlsRequests).toEqual(['www.cert.download.rece:443']);
    });

    it('reads the manual’s root in DER as well', async () => {
      expect(await run('closed-network', { recorded: withManual(derManual) })).toMatchObject({ outcome: 'passed', evidence: { authorized: 'yes' } });
    });

    it('passes unverified when no root was recorded, and says so', async () => {
      const result = await run('closed-network');
      expect(result).toMatchObject({ outcome: 'passed', reason: 'check.closed-network.passed-unverified', evidence: { authorized: 'no' } });
      expect(result.evidence).not.toHaveProperty('rootFile');
    });

    it('fails when the server does not verify with the recorded root', async () => {
      const result = await run('closed-network', { recorded: withManual(strangerManual) });
      expect(result).toMatchObject({ outcome: 'failed', reason: 'check.closed-network.untrusted', evidence: { authorized: 'no' } });
      expect(result.evidence['authorizationError']).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
    });

    it('fails with the host and the DNS servers to set when www.cert.download.rece does not resolve', async () => {
      const dead: NameResolver = { lookup: async () => ({ kind: 'error', code: 'ENOTFOUND' }) };
      expect(await run('closed-network', { resolver: dead })).toMatchObject({
        outcome: 'failed',
        reason: 'check.dns-not-found',
        evidence: { lookupHost: 'www.cert.download.rece', expectedDns: EAST },
      });
    });

    it('fails when the name resolves but nothing accepts TLS, or the server breaks off the handshake', async () => {
      expect(await run('closed-network', { routes: { 'www.cert.download.rece': deadPort } })).toMatchObject({
        outcome: 'failed',
        reason: 'check.closed-network.no-answer',
        evidence: { tls: 'error ECONNREFUSED' },
      });
      // The hweb-like server refuses a client without a certificate: a handshake broken off by the server.
      expect(await run('closed-network', { routes: { 'www.cert.download.rece': hweb.port } })).toMatchObject({
        outcome: 'failed',
        reason: 'check.closed-network.tls-refused',
        evidence: { tls: expect.stringMatching(/^refused /) },
      });
    });

    describe('on an eligibility-check (oqs) PC', () => {
      it('also resolves hweb.oqs.onshikaku.org, and passes without a client certificate recorded yet', async () => {
        const result = await run('closed-network', { terminal: 'uketsuke', recorded: withManual(manual) });
        expect(result).toMatchObject({ outcome: 'passed', reason: 'check.closed-network.passed', evidence: { hwebAddresses: '2001:db8:3::443' } });
        expect(result.tlsRequests).toEqual(['www.cert.download.rece:443']);
      });

      it('fails naming hweb when only it does not resolve', async () => {
        const result = await run('closed-network', { terminal: 'uketsuke', resolver: resolverWithServers([bare.server]), recorded: withManual(manual) });
        expect(result).toMatchObject({ outcome: 'failed', reason: 'check.dns-not-found', evidence: { lookupHost: 'hweb.oqs.onshikaku.org', authorized: 'yes' } });
      });

      it('passes when hweb accepts the recorded client certificate', async () => {
        const result = await run('closed-network', { terminal: 'uketsuke', recorded: withClientCert(pki.p12.good, pki.password) });
        expect(result).toMatchObject({ outcome: 'passed', reason: 'check.closed-network.passed-hweb', evidence: { clientCert: pki.p12.good, hwebTls: 'connected TLSv1.3' } });
        expect(result.tlsRequests).toEqual(['www.cert.download.rece:443', 'hweb.oqs.onshikaku.org:443']);
        expect(Object.values(result.evidence)).not.toContain(pki.password);
      });

      it('fails when hweb refuses a certificate from another CA', async () => {
        const result = await run('closed-network', { terminal: 'uketsuke', recorded: withClientCert(pki.p12.stranger, pki.password) });
        expect(result).toMatchObject({ outcome: 'failed', reason: 'check.closed-network.hweb-refused', evidence: { clientCert: pki.p12.stranger, hwebTls: expect.stringMatching(/^refused /) } });
      });

      it('fails when hweb does not answer', async () => {
        const routes = { 'www.cert.download.rece': site.port, 'hweb.oqs.onshikaku.org': deadPort };
        const result = await run('closed-network', { terminal: 'uketsuke', routes, recorded: withClientCert(pki.p12.good, pki.password) });
        expect(result).toMatchObject({ outcome: 'failed', reason: 'check.closed-network.hweb-no-answer', evidence: { hwebTls: 'error ECONNREFUSED' } });
      });

      it('passes on what it learned when the recorded certificate no longer opens, saying why it was not tried', async () => {
        const wrong = await run('closed-network', { terminal: 'uketsuke', recorded: withClientCert(pki.p12.good, 'not-the-password') });
        expect(wrong).toMatchObject({ outcome: 'passed', reason: 'check.closed-network.passed', evidence: { clientCert: pki.p12.good, clientCertError: expect.any(String) } });
        expect(wrong.evidence).not.toHaveProperty('hwebTls');
        const gone = await run('closed-network', { terminal: 'uketsuke', recorded: withClientCert(join(dir, 'gone.p12'), pki.password) });
        expect(gone).toMatchObject({ outcome: 'passed', evidence: { clientCertError: 'ENOENT' } });
      });
    });

    it('gives the same answer when run twice, and leaves no connection open', async () => {
      const first = await run('closed-network', { terminal: 'uketsuke', recorded: withClientCert(pki.p12.good, pki.password) });
      const second = await run('closed-network', { terminal: 'uketsuke', recorded: withClientCert(pki.p12.good, pki.password) });
      expect(second).toEqual(first);
      const deadline = Date.now() + 5_000;
      while ((site.openConnections() > 0 || hweb.openConnections() > 0) && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
      expect([site.openConnections(), hweb.openConnections()]).toEqual([0, 0]);
    });
  });
});
