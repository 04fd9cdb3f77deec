import { isIPv6 } from 'node:net';
import type { AdapterDns, DnsReading, ProxyReading, ProxySource } from './types.js';
import { commandText, type ReaderContext, unique } from './read.js';

/**
 * Linux: systemd-resolved knows the DNS servers per link (`resolvectl dns`); without it, /etc/resolv.conf is
 * what every program reads. The proxy is the environment's, the convention command-line programs follow.
 */

export const RESOLVECTL = 'resolvectl';
export const RESOLV_CONF = '/etc/resolv.conf';

/** `2001:db8::1%eth0#dns.example`, `[2001:db8::1]:53` → the bare address, or null when it is not IPv6. */
function ipv6Of(token: string): string | null {
  let address = token.replace(/#.*$/, '');
  const bracketed = /^\[([^\]]+)\]/.exec(address);
  if (bracketed) address = bracketed[1]!;
  address = address.replace(/%.*$/, '');
  return isIPv6(address) ? address : null;
}

/**
 * `resolvectl dns`:
 *   Global: 2001:db8::53
 *   Link 2 (enp0s3): 192.168.1.1 2404:1a8:f583:d00::53:1 2404:1a8:f583:d00::53:2
 *   Link 3 (wlp2s0):
 */
export function parseResolvectlDns(text: string): AdapterDns[] {
  const adapters: AdapterDns[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(Global|Link\s+\d+\s+\(([^)]*)\))\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const adapter = match[2] ?? match[1]!;
    const servers = unique(match[3]!.split(/\s+/).map(ipv6Of).filter((a): a is string => a !== null));
    if (servers.length > 0) adapters.push({ adapter, servers });
  }
  return adapters;
}

/** `nameserver ADDRESS` lines of resolv.conf, IPv6 only (comments start with `#` or `;`). */
export function parseResolvConf(text: string): AdapterDns[] {
  const servers = unique(
    text
      .split(/\r?\n/)
      .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1] ?? null)
      .map((token) => (token ? ipv6Of(token) : null))
      .filter((a): a is string => a !== null),
  );
  return servers.length > 0 ? [{ adapter: RESOLV_CONF, servers }] : [];
}

export async function readLinuxDns(context: ReaderContext): Promise<DnsReading> {
  // resolvectl fails (not exit 0) when systemd-resolved is not running: resolv.conf then holds the servers.
  const resolved = await commandText(context, RESOLVECTL, ['dns']);
  if (resolved.ok) return { kind: 'read', source: 'resolvectl dns', adapters: parseResolvectlDns(resolved.text) };
  try {
    const text = (await context.fs.readFile(RESOLV_CONF)).toString('utf8');
    return { kind: 'read', source: RESOLV_CONF, adapters: parseResolvConf(text) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { kind: 'unreadable', source: RESOLV_CONF, message: `${resolved.message}; ${RESOLV_CONF}: ${typeof code === 'string' ? code : String(error)}` };
  }
}

/** The variables programs read for an HTTPS proxy, in the order curl and most tools prefer them. */
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy'] as const;

/** `http://user:secret@host:8080/` → `host:8080`: credentials never reach the evidence. */
export function proxyServerOf(value: string): string {
  const text = value.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${url.hostname}:${port}`;
  } catch {
    return text.replace(/^.*@/, '');
  }
}

export function readEnvironmentProxy(env: Readonly<Record<string, string | undefined>>): ProxySource {
  const name = PROXY_VARIABLES.find((n) => (env[n] ?? '').trim() !== '');
  const server = name ? proxyServerOf(env[name]!) : null;
  const noProxy = (env['no_proxy'] ?? env['NO_PROXY'] ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
  return { source: name ?? 'https_proxy', enabled: server !== null, server, bypass: unique(noProxy), autoConfigUrl: null, bypassStyle: 'suffix' };
}

export async function readLinuxProxy(context: ReaderContext): Promise<ProxyReading> {
  return { kind: 'read', sources: [readEnvironmentProxy(context.env)] };
}
