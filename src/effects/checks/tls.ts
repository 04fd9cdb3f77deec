import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import type { TlsConnector, TlsOutcome, TlsRequest } from './types.js';

/**
 * A TLS handshake with a server, and nothing more: no HTTP request is sent, the socket is destroyed as soon as
 * the outcome is known. The server's certificate is checked but never enforced (`rejectUnauthorized: false`),
 * so an unverified server is still reported as connected with `authorized: false` and the reason.
 */

/** The code when the client certificate (PKCS#12 and password) could not be loaded: nothing was sent. */
export const CLIENT_CERT_UNUSABLE = 'ERR_CLIENT_CERT_UNUSABLE';

/**
 * In TLS 1.3 the client finishes its handshake before the server has looked at the client certificate, so a
 * refusal arrives after `secureConnect`. A server that accepts sends its session tickets straight away (Node,
 * OpenSSL, IIS do); without either sign within this time the handshake is taken as accepted.
 */
export const TLS13_SETTLE_MS = 1000;

function codeOf(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : fallback;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}

/** `CN=…, O=…` from X509Certificate's one-attribute-a-line form. */
function distinguishedName(lines: string | undefined): string | null {
  return lines ? lines.split('\n').filter((l) => l !== '').join(', ') : null;
}

function connectedOutcome(socket: TLSSocket): TlsOutcome {
  const peer = socket.getPeerX509Certificate();
  const error = socket.authorizationError as unknown;
  return {
    kind: 'connected',
    authorized: socket.authorized,
    authorizationError: socket.authorized ? null : error instanceof Error ? codeOf(error, error.message) : error ? String(error) : null,
    peerSubject: distinguishedName(peer?.subject),
    peerIssuer: distinguishedName(peer?.issuer),
    protocol: socket.getProtocol() ?? null,
  };
}

export const tlsConnector: TlsConnector = {
  connect(request: TlsRequest): Promise<TlsOutcome> {
    return new Promise<TlsOutcome>((resolve) => {
      let socket: TLSSocket | undefined;
      let settled = false;
      let tcpConnected = false;
      let handshake: TlsOutcome | null = null;
      let settleTimer: NodeJS.Timeout | undefined;
      const finish = (outcome: TlsOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(settleTimer);
        socket?.destroy();
        resolve(outcome);
      };
      // Past the deadline a completed handshake still counts: only the wait for a late refusal was cut short.
      const deadline = setTimeout(() => finish(handshake ?? { kind: 'timeout' }), request.timeoutMs);

      const servername = request.servername ?? (isIP(request.host) ? undefined : request.host);
      try {
        socket = connect({
          host: request.host,
          port: request.port,
          ...(servername ? { servername } : {}),
          ...(request.ca ? { ca: request.ca } : {}),
          ...(request.pfx ? { pfx: request.pfx, passphrase: request.passphrase ?? '' } : {}),
          rejectUnauthorized: false,
        });
      } catch (error) {
        // Only the options are checked synchronously: an unreadable PKCS#12 or a wrong password, a bad root.
        finish({ kind: 'error', code: request.pfx ? CLIENT_CERT_UNUSABLE : codeOf(error, 'ERR_TLS_OPTIONS'), message: messageOf(error) });
        return;
      }

      socket.once('connect', () => {
        tcpConnected = true;
      });
      socket.once('secureConnect', () => {
        handshake = connectedOutcome(socket!);
        if (socket!.getProtocol() !== 'TLSv1.3') return finish(handshake);
        settleTimer = setTimeout(() => finish(handshake!), TLS13_SETTLE_MS);
      });
      socket.on('session', () => {
        if (handshake) finish(handshake);
      });
      socket.on('error', (error) => {
        // Once TCP is up, whatever ends the handshake came from the server: an alert (it wanted a client
        // certificate, or did not trust the one it got), a reset, or an answer that is not TLS at all.
        const outcome: TlsOutcome = tcpConnected
          ? { kind: 'refused', code: codeOf(error, 'ECONNRESET'), message: messageOf(error) }
          : { kind: 'error', code: codeOf(error, 'EUNKNOWN'), message: messageOf(error) };
        finish(outcome);
      });
      socket.once('close', () => {
        finish(
          tcpConnected
            ? { kind: 'refused', code: 'ECONNRESET', message: handshake ? 'closed by the server after the handshake' : 'closed by the server during the handshake' }
            : { kind: 'error', code: 'ECONNRESET', message: 'closed before connecting' },
        );
      });
    });
  },
};
