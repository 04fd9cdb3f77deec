/**
 * What the PC's network settings say, as read by one platform's reader: the IPv6 DNS servers per adapter and
 * the proxies programs use. Readers only read; judging against the profile is `judge.ts`.
 */

/** One adapter (or resolver scope) and its IPv6 DNS servers in the order the PC uses them. */
export interface AdapterDns {
  adapter: string;
  servers: string[];
}

/** A reading that failed: which source, and what it said (one line, never a secret). */
export interface Unreadable {
  kind: 'unreadable';
  source: string;
  message: string;
}

export type DnsReading = { kind: 'read'; source: string; adapters: AdapterDns[] } | Unreadable;

/**
 * One place a proxy is set (Windows has two: the per-user Internet Settings read by browsers and most
 * programs, and WinHTTP read by services). `server` is the proxy used for HTTPS, `HOST:PORT` as written.
 */
export interface ProxySource {
  /** Stable name shown as evidence: `Internet Settings (WinINet)`, `WinHTTP`, `https_proxy`, `scutil --proxy`. */
  source: string;
  enabled: boolean;
  server: string | null;
  bypass: string[];
  /** A proxy auto-configuration script; what it chooses cannot be read without running it. */
  autoConfigUrl: string | null;
  /** How bypass entries match hosts: Windows and macOS compare patterns; `no_proxy` takes domain suffixes. */
  bypassStyle: 'pattern' | 'suffix';
}

export type ProxyReading = { kind: 'read'; sources: ProxySource[] } | Unreadable;

/** The raw text of one proxy source's mode, language-free, for evidence: `off`, `server=… bypass=…`, `pac=…`. */
export function proxyModeText(proxy: ProxySource): string {
  const parts: string[] = [];
  if (proxy.autoConfigUrl) parts.push(`pac=${proxy.autoConfigUrl}`);
  if (proxy.enabled && proxy.server) {
    parts.push(`server=${proxy.server}`);
    if (proxy.bypass.length > 0) parts.push(`bypass=${proxy.bypass.join(';')}`);
  }
  return parts.length > 0 ? parts.join(' ') : 'off';
}
