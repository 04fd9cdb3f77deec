import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_CERT_UNUSABLE, tlsConnector } from '../../../src/effects/checks/tls.js';
import { makeTestPki, type TestPki } from '../../helpers/certs.js';
import { startSilentServer, startTlsServer, type LoopbackServer } from '../../helpers/tls-server.js';

/** The real TLS connector against real loopback servers made with the test PKI. */

let pki: TestPki;
const servers: LoopbackServer[] = [];

async function server(...args: Parameters<typeof startTlsServer> extends [TestPki, ...infer Rest] ? Rest : never): Promise<LoopbackServer> {
  const started = await startTlsServer(pki, ...args);
  servers.push(started);
  return started;
}

/** Polls until the server has let go of every connection: the client destroyed its socket. */
async function allClosed(target: LoopbackServer): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (target.openConnections() > 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  expect(target.openConnections()).toBe(0);
}

function freeClosedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  pki = await makeTestPki();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('tlsConnector', () => {
  it('connects and verifies the server with the given root, then lets go of the socket', async () => {
    const target = await server();
    const outcome = await tlsConnector.connect({ host: '127.0.0.1', port: target.port, servername: 'www.cert.download.rece', ca: [pki.root.pem], timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ kind: 'connected', authorized: true, authorizationError: null, protocol: 'TLSv1.3' });
    expect(outcome.kind === 'connected' && outcome.peerSubject).toBe('CN=www.cert.download.rece');
    expect(outcome.kind === 'connected' && outcome.peerIssuer).toBe('CN=Online Billing NW Common Root CA');
    await allClosed(target);
  });

  it('connects but reports the server unverified when no root vouches for it (Node’s own roots)', async () => {
    const target = await server();
    const outcome = await tlsConnector.connect({ host: '127.0.0.1', port: target.port, servername: 'www.cert.download.rece', timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ kind: 'connected', authorized: false });
    expect(outcome.kind === 'connected' && outcome.authorizationError).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
    await allClosed(target);
  });

  it('reports a certificate for another name as unverified even under the right root', async () => {
    const target = await server();
    const outcome = await tlsConnector.connect({ host: '127.0.0.1', port: target.port, servername: 'www.example.jp', ca: [pki.root.pem], timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ kind: 'connected', authorized: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
    describe(`a server that requires a client certificate (${maxVersion})`, () => {
      it('accepts the good PKCS#12', async () => {
        const target = await server({ requireClientCert: true, maxVersion });
        const outcome = await tlsConnector.connect({
          host: '127.0.0.1',
          port: target.port,
          servername: 'hweb.oqs.onshikaku.org',
          pfx: readFileSync(pki.p12.good),
          passphrase: pki.password,
          timeoutMs: 5_000,
        });
        expect(outcome).toMatchObject({ kind: 'connected', protocol: maxVersion });
        expect(target.handshakes()).toBe(1);
        await allClosed(target);
      });

      it('is refused with a certificate from another CA', async () => {
        const target = await server({ requireClientCert: true, maxVersion });
        const outcome = await tlsConnector.connect({
          host: '127.0.0.1',
          port: target.port,
          servername: 'hweb.oqs.onshikaku.org',
          pfx: readFileSync(pki.p12.stranger),
          passphrase: pki.password,
          timeoutMs: 5_000,
        });
        expect(outcome).toMatchObject({ kind: 'refused' });
        expect(outcome.kind === 'refused' && outcome.code).toMatch(/ALERT|ECONNRESET/);
        expect(target.handshakes()).toBe(0);
        await allClosed(target);
      });

      it('is refused without a certificate', async () => {
        const target = await server({ requireClientCert: true, maxVersion });
        const outcome = await tlsConnector.connect({ host: '127.0.0.1', port: target.port, servername: 'hweb.oqs.onshikaku.org', timeoutMs: 5_000 });
        expect(outcome).toMatchObject({ kind: 'refused' });
        expect(target.handshakes()).toBe(0);
        await allClosed(target);
      });
    });
  }

  it('sends nothing when the PKCS#12 does not open with the password', async () => {
    const target = await server({ requireClientCert: true });
    const outcome = await tlsConnector.connect({ host: '127.0.0.1', port: target.port, pfx: readFileSync(pki.p12.good), passphrase: 'wrong', timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ kind: 'error', code: CLIENT_CERT_UNUSABLE });
    expect(target.openConnections()).toBe(0);
  });

  it('reports a closed port as an error, not a refusal by a server', async () => {
    const outcome = await tlsConnector.connect({ host: '127.0.0.1', port: await freeClosedPort(), timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ kind: 'error', code: 'ECONNREFUSED' });
  });

  it('gives up on a server that never answers the handshake, and closes the connection', async () => {
    const silent = await startSilentServer();
    servers.push(silent);
    const started = Date.now();
    const outcome = await tlsConnector.connect({ host: '127.0.0.1', port: silent.port, servername: 'www.cert.download.rece', timeoutMs: 300 });
    expect(outcome).toEqual({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    await allClosed(silent);
  });
});
