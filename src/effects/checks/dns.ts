import { promises as dns } from 'node:dns';
import type { LookupOutcome, NameResolver } from './types.js';

/**
 * Name resolution for the network checks. The system resolver answers the way every program on the PC does
 * (getaddrinfo: the adapters' DNS servers, the hosts file), which is what the closed network's software will
 * meet. The resolver with given servers asks one DNS server directly (tests: a dnsmasq on loopback).
 */

/** The code reported when our own deadline passed first (c-ares uses the same name for its timeout). */
export const LOOKUP_TIMEOUT = 'ETIMEOUT';

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : 'EUNKNOWN';
}

/** Resolves `work` or reports a timeout; `onTimeout` stops what can be stopped (a c-ares query can). */
function withDeadline(work: Promise<LookupOutcome>, timeoutMs: number, onTimeout: () => void = () => {}): Promise<LookupOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<LookupOutcome>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve({ kind: 'error', code: LOOKUP_TIMEOUT });
    }, timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The PC's own resolver. getaddrinfo cannot be cancelled: past the deadline its answer is ignored (the thread
 * finishes on its own). `verbatim` keeps the order the resolver gave, so an IPv6 answer is seen as such.
 */
export const systemResolver: NameResolver = {
  lookup(host, options) {
    const work = dns
      .lookup(host, { all: true, verbatim: true })
      .then((found): LookupOutcome => (found.length > 0 ? { kind: 'found', addresses: found.map((a) => a.address) } : { kind: 'error', code: 'ENOTFOUND' }))
      .catch((error: unknown): LookupOutcome => ({ kind: 'error', code: errorCode(error) }));
    return withDeadline(work, options.timeoutMs);
  },
};

/** Of two failed queries, the one that says more: "no such name" or a timeout beats "no record of this type". */
function moreTelling(first: string, second: string): string {
  return first === 'ENODATA' ? second : first;
}

/**
 * A resolver that asks the given servers (`'127.0.0.1:5353'`, `'[::1]:53'`) directly, AAAA first (the closed
 * network is IPv6 on NTT lines), then A. NXDOMAIN ends the search: no record type exists for a missing name.
 */
export function resolverWithServers(servers: string[]): NameResolver {
  return {
    lookup(host, options) {
      const resolver = new dns.Resolver({ timeout: Math.max(1, Math.floor(options.timeoutMs / 2)), tries: 1 });
      resolver.setServers(servers);
      const query = async (ask: () => Promise<string[]>): Promise<LookupOutcome> => {
        try {
          const addresses = await ask();
          return addresses.length > 0 ? { kind: 'found', addresses } : { kind: 'error', code: 'ENODATA' };
        } catch (error) {
          return { kind: 'error', code: errorCode(error) };
        }
      };
      let cancelled = false;
      const work = (async (): Promise<LookupOutcome> => {
        const v6 = await query(() => resolver.resolve6(host));
        // Past the deadline the answer is no longer awaited: start no second query.
        if (v6.kind === 'found' || v6.code === 'ENOTFOUND' || cancelled) return v6;
        const v4 = await query(() => resolver.resolve4(host));
        if (v4.kind === 'found') return v4;
        return { kind: 'error', code: moreTelling(v6.code, v4.code) };
      })();
      return withDeadline(work, options.timeoutMs, () => {
        cancelled = true;
        resolver.cancel();
      });
    },
  };
}
