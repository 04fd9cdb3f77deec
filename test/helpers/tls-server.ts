import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import type { TlsConnector } from '../../src/effects/checks/types.js';
import type { TestPki } from './certs.js';

/**
 * Loopback servers for the TLS checks: a real node:tls server with the test PKI's server certificate (issued
 * by the test "Online Billing NW Common Root CA" for www.cert.download.rece, hweb.oqs.onshikaku.org and
 * www.lineauth.mnw), optionally demanding a client certificate under that root like hweb; and a TCP server
 * that accepts and never speaks, for timeouts.
 */

export interface LoopbackServer {
  port: number;
  /** Connections the server still holds open: 0 once every client has gone. */
  openConnections(): number;
  /** Handshakes the server completed (a refused client never gets here). */
  handshakes(): number;
  close(): Promise<void>;
}

function track(server: Server, sockets: Set<Socket>): void {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  });
}

function listen(server: Server, sockets: Set<Socket>, counted: () => number): Promise<LoopbackServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        openConnections: () => sockets.size,
        handshakes: counted,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export interface TlsServerOptions {
  /** Like hweb: a client certificate under the test root is required, others are refused in the handshake. */
  requireClientCert?: boolean;
  /** `TLSv1.2`: the server refuses a client certificate inside the handshake instead of after the client's Finished. */
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

export function startTlsServer(pki: TestPki, options: TlsServerOptions = {}): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  let handshakes = 0;
  const server = createServer({
    cert: pki.server.pem,
    key: readFileSync(pki.server.keyPath),
    ...(options.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: [pki.root.pem] } : {}),
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    handshakes++;
    socket.on('error', () => {});
  });
  // A refused client is the server's ordinary business, not a test failure.
  server.on('tlsClientError', () => {});
  track(server, sockets);
  return listen(server, sockets, () => handshakes);
}

/** Accepts TCP connections and says nothing: a TLS client waits for a ServerHello that never comes. */
export function startSilentServer(): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  // Reading (and dropping) what arrives lets the server see the client's FIN: a paused socket never ends.
  const server = createTcpServer((socket) => socket.resume());
  track(server, sockets);
  return listen(server, sockets, () => 0);
}

/**
 * A real TLS connector whose `host:443` goes to a loopback port instead, keeping the host as the server name
 * (SNI and the certificate's name check see the real name). Hosts not in the map are refused as unknown.
 */
export function loopbackConnector(real: TlsConnector, ports: Record<string, number>): TlsConnector & { requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    connect(request) {
      requests.push(`${request.host}:${request.port}`);
      const port = ports[request.host];
      if (port === undefined || request.port !== 443) return Promise.resolve({ kind: 'error', code: 'ENOTFOUND', message: `no loopback server for ${request.host}` });
      return real.connect({ ...request, host: '127.0.0.1', port, servername: request.servername ?? request.host });
    },
  };
}
