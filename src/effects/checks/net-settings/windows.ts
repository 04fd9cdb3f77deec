import { INTERNET_SETTINGS_KEY, psQuote } from '../../../machine/network.js';
import type { AdapterDns, DnsReading, ProxyReading, ProxySource } from './types.js';
import { commandText, type ReaderContext, unique } from './read.js';

/**
 * Windows: the DNS servers and the per-user proxy through PowerShell objects as JSON (locale-free), WinHTTP's
 * proxy through `netsh winhttp show proxy` (nothing else prints it: its text is parsed in Japanese and English).
 */

export const POWERSHELL = 'powershell.exe';
export const NETSH = 'netsh.exe';

/** PowerShell writes its console in the OEM code page unless told otherwise; JSON text must survive as UTF-8. */
export function powershellArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-Command', `[Console]::OutputEncoding=[Text.Encoding]::UTF8; ${script}`];
}

export const DNS_SCRIPT = 'Get-DnsClientServerAddress -AddressFamily IPv6 | Select-Object InterfaceAlias,InterfaceIndex,ServerAddresses | ConvertTo-Json';
export const PROXY_SCRIPT = `Get-ItemProperty -Path ${psQuote(INTERNET_SETTINGS_KEY)} | Select-Object ProxyEnable,ProxyServer,ProxyOverride,AutoConfigURL | ConvertTo-Json`;
export const WINHTTP_ARGS = ['winhttp', 'show', 'proxy'] as const;

export const WININET_SOURCE = 'Internet Settings (WinINet)';
export const WINHTTP_SOURCE = 'WinHTTP';

/**
 * Windows lists these site-local addresses on every adapter whose IPv6 DNS was never set (a leftover of an
 * abandoned draft): they mean "none set", not a server.
 */
const UNSET_PLACEHOLDERS = new Set(['fec0:0:0:ffff::1', 'fec0:0:0:ffff::2', 'fec0:0:0:ffff::3']);

function parseJson(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  // No adapter (or no value) prints nothing at all.
  return trimmed === '' ? null : (JSON.parse(trimmed) as unknown);
}

/** ConvertTo-Json prints one object bare and several as an array; a one-element array property may be a string. */
function asArray(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function parseDnsJson(text: string): AdapterDns[] {
  const rows = asArray(parseJson(text));
  const adapters: AdapterDns[] = [];
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    const { InterfaceAlias: alias, InterfaceIndex: index, ServerAddresses: addresses } = row as Record<string, unknown>;
    const servers = asArray(addresses)
      .filter((a): a is string => typeof a === 'string')
      .map((a) => a.trim())
      .filter((a) => a.includes(':') && !UNSET_PLACEHOLDERS.has(a.replace(/%.*$/, '').toLowerCase()));
    const adapter = typeof alias === 'string' && alias !== '' ? alias : `interface ${String(index ?? '?')}`;
    if (servers.length > 0) adapters.push({ adapter, servers: unique(servers) });
  }
  return adapters;
}

/**
 * The proxy used for HTTPS from a WinINet or WinHTTP server value: `host:port` for every protocol, or
 * `http=host:port;https=host:port` per protocol (then HTTPS without an entry goes direct).
 */
export function httpsServer(value: string | null): string | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  if (!text.includes('=')) return text.split(';')[0]!.trim() || null;
  for (const entry of text.split(';')) {
    const [scheme, server] = entry.split('=', 2).map((s) => s.trim());
    if (scheme?.toLowerCase() === 'https' && server) return server;
  }
  return null;
}

export function splitBypass(value: string | null): string[] {
  return unique(
    (value ?? '')
      .split(/[;\s]+/)
      .map((e) => e.trim())
      .filter((e) => e !== ''),
  );
}

export function parseInternetSettingsJson(text: string): ProxySource {
  const value = parseJson(text);
  const row = (Array.isArray(value) ? value[0] : value) as Record<string, unknown> | null;
  const str = (key: string): string | null => (typeof row?.[key] === 'string' && row[key] !== '' ? (row[key] as string) : null);
  const server = httpsServer(str('ProxyServer'));
  return {
    source: WININET_SOURCE,
    enabled: Number(row?.['ProxyEnable'] ?? 0) === 1 && server !== null,
    server,
    bypass: splitBypass(str('ProxyOverride')),
    autoConfigUrl: str('AutoConfigURL'),
    bypassStyle: 'pattern',
  };
}

/**
 * `netsh winhttp show proxy`, Japanese or English (CRLF):
 *   Current WinHTTP proxy settings: / 現在の WinHTTP プロキシ設定:
 *       Direct access (no proxy server). / 直接アクセス (プロキシ サーバーなし)。
 *   or
 *       Proxy Server(s) :  host:port      / プロキシ サーバー:  host:port
 *       Bypass List     :  a;b            / バイパス一覧     :  a;b   ((none) / (なし) when empty)
 * Null when the text is neither.
 */
export function parseWinHttp(text: string): ProxySource | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const direct = lines.some((l) => /^Direct access\b/i.test(l) || l.startsWith('直接アクセス'));
  let server: string | null = null;
  let bypass: string[] = [];
  let sawServer = false;
  for (const line of lines) {
    // The label ends at the first colon followed by spaces; `host:port` has none after its colon.
    const match = /^(.+?)\s*[:：]\s+(\S.*)$/.exec(line);
    if (!match) continue;
    const [, label, value] = match as unknown as [string, string, string];
    const none = /^\((?:none|なし)\)$/i.test(value.trim());
    if (/proxy server|プロキシ\s*サーバー/i.test(label)) {
      sawServer = true;
      server = none ? null : httpsServer(value);
    } else if (/bypass|バイパス/i.test(label)) {
      bypass = none ? [] : splitBypass(value);
    }
  }
  if (!direct && !sawServer) return null;
  return { source: WINHTTP_SOURCE, enabled: !direct && server !== null, server: direct ? null : server, bypass: direct ? [] : bypass, autoConfigUrl: null, bypassStyle: 'pattern' };
}

function unreadable(source: string, message: string): { kind: 'unreadable'; source: string; message: string } {
  return { kind: 'unreadable', source, message: message.split('\n')[0]!.slice(0, 200) };
}

export async function readWindowsDns(context: ReaderContext): Promise<DnsReading> {
  const source = 'Get-DnsClientServerAddress';
  const out = await commandText(context, POWERSHELL, powershellArgs(DNS_SCRIPT));
  if (!out.ok) return unreadable(source, out.message);
  try {
    return { kind: 'read', source, adapters: parseDnsJson(out.text) };
  } catch (error) {
    return unreadable(source, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function readWindowsProxy(context: ReaderContext): Promise<ProxyReading> {
  const [wininet, winhttp] = await Promise.all([commandText(context, POWERSHELL, powershellArgs(PROXY_SCRIPT)), commandText(context, NETSH, WINHTTP_ARGS, 'cp932')]);
  if (!wininet.ok) return unreadable(WININET_SOURCE, wininet.message);
  if (!winhttp.ok) return unreadable(WINHTTP_SOURCE, winhttp.message);
  let user: ProxySource;
  try {
    user = parseInternetSettingsJson(wininet.text);
  } catch (error) {
    return unreadable(WININET_SOURCE, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const system = parseWinHttp(winhttp.text);
  if (!system) return unreadable(WINHTTP_SOURCE, `unrecognized output: ${winhttp.text.trim().split(/\r?\n/)[0] ?? ''}`);
  return { kind: 'read', sources: [user, system] };
}
