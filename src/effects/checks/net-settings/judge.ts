import { DNS_SERVERS, type ProxySettings } from '../../../machine/network.js';
import type { Area } from '../../../machine/profile.js';
import type { AdapterDns, ProxySource } from './types.js';

/**
 * The settings found against the values `net-config` sets (src/machine/network.ts says what they are; this
 * file only compares). Pure: the check turns a verdict into a sentence.
 */

/** One spelling per IPv6 address (`2404:01a8:…` and `2404:1a8:…` are the same server): the URL parser's. */
export function canonicalIpv6(address: string): string {
  const bare = address.trim().replace(/%.*$/, '');
  try {
    return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  } catch {
    return bare.toLowerCase();
  }
}

export type DnsVerdict =
  /** Both servers of the area's pair on one adapter. */
  | { kind: 'ok'; adapter: string; pair: readonly [string, string] }
  /** One of the pair only. */
  | { kind: 'incomplete'; adapter: string; found: string[] }
  /** The other NTT area's server(s) on an adapter. */
  | { kind: 'other-area'; adapter: string; otherArea: Area; found: string[] }
  /** IPv6 DNS servers are set, none of them the closed network's. */
  | { kind: 'mismatch' }
  /** No adapter has an IPv6 DNS server. */
  | { kind: 'none' };

export function judgeDns(adapters: readonly AdapterDns[], area: Area): DnsVerdict {
  const pair = DNS_SERVERS[area];
  const otherArea: Area = area === 'east' ? 'west' : 'east';
  const wanted = pair.map(canonicalIpv6);
  const other = new Set(DNS_SERVERS[otherArea].map(canonicalIpv6));
  const found = adapters.map((a) => ({ adapter: a.adapter, servers: a.servers, canonical: a.servers.map(canonicalIpv6) }));
  const complete = found.find((a) => wanted.every((w) => a.canonical.includes(w)));
  if (complete) return { kind: 'ok', adapter: complete.adapter, pair };
  const half = found.find((a) => wanted.some((w) => a.canonical.includes(w)));
  if (half) return { kind: 'incomplete', adapter: half.adapter, found: half.servers };
  const wrongArea = found.find((a) => a.canonical.some((s) => other.has(s)));
  if (wrongArea) return { kind: 'other-area', adapter: wrongArea.adapter, otherArea, found: wrongArea.servers };
  return found.some((a) => a.servers.length > 0) ? { kind: 'mismatch' } : { kind: 'none' };
}

/** `Ethernet: a, b / Wi-Fi: c` for evidence; empty when nothing was found. */
export function dnsFoundText(adapters: readonly AdapterDns[]): string {
  return adapters.map((a) => `${a.adapter}: ${a.servers.join(', ')}`).join(' / ');
}

export type ProxyVerdict =
  | { kind: 'ok' }
  /** A PAC script decides: what it chooses is not readable without running it. */
  | { kind: 'pac'; url: string }
  | { kind: 'off' }
  | { kind: 'other-server'; found: string }
  | { kind: 'bypass-missing'; missing: string[] };

/** `HTTP://Proxy.Example:8080/` → `proxy.example:8080`. */
function normalServer(server: string): string {
  return server.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/+$/, '');
}

/** no_proxy entries are domain suffixes: `*.rece`, `.rece` and `rece` all cover every host under `rece`. */
function suffixOf(entry: string): string {
  return entry.trim().toLowerCase().replace(/^\*?\.?/, '');
}

/** The wanted bypass entries the found list does not cover. */
export function missingBypass(found: readonly string[], wanted: readonly string[], style: ProxySource['bypassStyle']): string[] {
  if (style === 'pattern') {
    const have = new Set(found.map((e) => e.trim().toLowerCase()));
    return wanted.filter((w) => !have.has(w.trim().toLowerCase()));
  }
  const have = new Set(found.map(suffixOf));
  if (have.has('')) return []; // `no_proxy=*`: nothing goes through a proxy.
  // `<local>` is Windows' word for dotless names; no_proxy has no such entry.
  return wanted.filter((w) => w !== '<local>' && !have.has(suffixOf(w)));
}

export function judgeProxy(found: ProxySource, wanted: ProxySettings): ProxyVerdict {
  if (found.autoConfigUrl) return { kind: 'pac', url: found.autoConfigUrl };
  if (!found.enabled || !found.server) return { kind: 'off' };
  if (normalServer(found.server) !== normalServer(wanted.server)) return { kind: 'other-server', found: found.server };
  const missing = missingBypass(found.bypass, wanted.bypass, found.bypassStyle);
  return missing.length > 0 ? { kind: 'bypass-missing', missing } : { kind: 'ok' };
}
