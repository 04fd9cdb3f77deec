import { isIPv6 } from 'node:net';
import type { AdapterDns, DnsReading, ProxyReading, ProxySource } from './types.js';
import { commandText, type ReaderContext, unique } from './read.js';

/** macOS: the resolver configuration and the system proxy as `scutil` prints them (labels are not localized). */

export const SCUTIL = 'scutil';
export const SCUTIL_SOURCE = 'scutil --proxy';

/**
 * `scutil --dns`: blocks `resolver #N` with `nameserver[i] : ADDRESS`, `if_index : 6 (en0)` and, for resolvers
 * of one domain only (`local`, a VPN's), `domain : NAME`. Those are skipped: they do not answer other names.
 */
export function parseScutilDns(text: string): AdapterDns[] {
  const byAdapter = new Map<string, string[]>();
  const blocks = text.split(/^\s*resolver\s+#/m).slice(1);
  for (const block of blocks) {
    const number = /^(\d+)/.exec(block)?.[1] ?? '?';
    if (/^\s*domain\s*:/m.test(block)) continue;
    const servers = [...block.matchAll(/^\s*nameserver\[\d+\]\s*:\s*(\S+)/gm)].map((m) => m[1]!.replace(/%.*$/, '')).filter((a) => isIPv6(a));
    if (servers.length === 0) continue;
    const adapter = /^\s*if_index\s*:\s*\d+\s*\(([^)]+)\)/m.exec(block)?.[1] ?? `resolver #${number}`;
    byAdapter.set(adapter, unique([...(byAdapter.get(adapter) ?? []), ...servers]));
  }
  return [...byAdapter].map(([adapter, servers]) => ({ adapter, servers }));
}

/**
 * `scutil --proxy`: a `<dictionary>` of `Key : value` lines; `ExceptionsList : <array> { 0 : *.local … }`.
 * The HTTPS proxy is HTTPSEnable / HTTPSProxy / HTTPSPort; a PAC is ProxyAutoConfigEnable / …URLString.
 */
export function parseScutilProxy(text: string): ProxySource {
  const values = new Map<string, string>();
  const exceptions: string[] = [];
  let inExceptions = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*ExceptionsList\s*:\s*<array>\s*\{/.test(line)) {
      inExceptions = true;
      continue;
    }
    if (inExceptions) {
      if (/^\s*\}/.test(line)) inExceptions = false;
      else {
        const entry = /^\s*\d+\s*:\s*(.+?)\s*$/.exec(line)?.[1];
        if (entry) exceptions.push(entry);
      }
      continue;
    }
    const match = /^\s*([A-Za-z]+)\s*:\s*(.+?)\s*$/.exec(line);
    if (match && !match[2]!.startsWith('<')) values.set(match[1]!, match[2]!);
  }
  const enabled = values.get('HTTPSEnable') === '1' && values.has('HTTPSProxy');
  const server = enabled ? `${values.get('HTTPSProxy')}:${values.get('HTTPSPort') ?? '443'}` : null;
  const pac = values.get('ProxyAutoConfigEnable') === '1' ? (values.get('ProxyAutoConfigURLString') ?? null) : null;
  return { source: SCUTIL_SOURCE, enabled, server, bypass: unique(exceptions), autoConfigUrl: pac, bypassStyle: 'pattern' };
}

export async function readDarwinDns(context: ReaderContext): Promise<DnsReading> {
  const out = await commandText(context, SCUTIL, ['--dns']);
  return out.ok ? { kind: 'read', source: 'scutil --dns', adapters: parseScutilDns(out.text) } : { kind: 'unreadable', source: 'scutil --dns', message: out.message };
}

export async function readDarwinProxy(context: ReaderContext): Promise<ProxyReading> {
  const out = await commandText(context, SCUTIL, ['--proxy']);
  return out.ok ? { kind: 'read', sources: [parseScutilProxy(out.text)] } : { kind: 'unreadable', source: SCUTIL_SOURCE, message: out.message };
}
