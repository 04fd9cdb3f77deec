import type { Area, Profile } from './profile.js';

/**
 * What `net-config` sets on a PC: the closed network's IPv6 DNS pair of the facility's NTT area and, on a PC
 * used for eligibility checks, the オン資 proxy with the hosts it must not be used for. Pure data: the program
 * never changes the PC's settings, it says what to set and, on request, the Windows commands that set it.
 */

/** The IPv6 DNS servers of the closed network per NTT area (PROCEDURE.md §4): preferred first. */
export const DNS_SERVERS: Readonly<Record<Area, readonly [string, string]>> = {
  east: ['2404:1a8:f583:d00::53:1', '2404:1a8:f583:d00::53:2'],
  west: ['2001:a7ff:f014:d00::53:1', '2001:a7ff:f014:d00::53:2'],
};

/** The オン資 proxy from a vendor's kitting script: unconfirmed and provider-dependent, so only a default. */
export const DEFAULT_PROXY = 'proxy.base.oqs-pdl.org:8080';

/** The hosts reached without the proxy, with the default proxy (same source, same caveat). */
export const DEFAULT_PROXY_BYPASS: readonly string[] = [
  '*.onshikaku.org',
  '*.flets-east.jp',
  '*.flets-west.jp',
  '*.lineauth.mnw',
  '*.obn.managedpki.ne.jp',
  '*.cybertrust.ne.jp',
  '*.secomtrust.net',
  '*.rece',
  'pweb.base.oqs-pdl.org',
];

/** The step whose values these are. */
export const NET_CONFIG_STEP = 'net-config';

/** The proxy of a PC with the `oqs` role. */
export interface ProxySettings {
  /** `HOST:PORT`. */
  server: string;
  /** Hosts (wildcards allowed) and `<local>`, in the order Windows keeps them. */
  bypass: string[];
}

/** Everything `net-config` sets on one PC; null where nothing is set. */
export interface NetworkValues {
  area: Area | null;
  /** Preferred and alternate IPv6 DNS server; null off an NTT line (the provider says what to use). */
  dns: readonly [string, string] | null;
  /** Null for a PC without the `oqs` role. */
  proxy: ProxySettings | null;
}

/** The proxy the facility uses: its own setting, else the defaults (documents from before the setting had none). */
export function proxySettings(profile: Pick<Profile, 'proxy' | 'proxyBypass'>): ProxySettings {
  return { server: profile.proxy ?? DEFAULT_PROXY, bypass: [...(profile.proxyBypass ?? DEFAULT_PROXY_BYPASS)] };
}

/** The IPv6 DNS pair of the facility's line: NTT's area pair, none for other carriers. */
export function dnsServers(profile: Pick<Profile, 'carrier' | 'area'>): readonly [string, string] | null {
  return profile.carrier === 'ntt' && profile.area !== null ? DNS_SERVERS[profile.area] : null;
}

/** What to set on a terminal (by name; an unknown terminal gets the facility's DNS only). */
export function networkValues(profile: Profile, terminal: string | null): NetworkValues {
  const roles = profile.terminals.find((t) => t.name === terminal)?.roles ?? [];
  return { area: profile.area, dns: dnsServers(profile), proxy: roles.includes('oqs') ? proxySettings(profile) : null };
}

/** Do the two profiles give different proxy settings? (Unset and set to the defaults are the same.) */
export function proxyChanged(before: Profile, after: Profile): boolean {
  const a = proxySettings(before);
  const b = proxySettings(after);
  return a.server !== b.server || a.bypass.join(';') !== b.bypass.join(';');
}

// A host name (labels of letters, digits, hyphens) or an IPv4 address, then a port. No scheme, no path, no
// quotes: the value is put into PowerShell and netsh commands as it is.
const HOST = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Is `value` a `HOST:PORT` (port 1–65535)? */
export function isProxyServer(value: string): boolean {
  const colon = value.lastIndexOf(':');
  if (colon <= 0) return false;
  const port = value.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return false;
  return HOST.test(value.slice(0, colon));
}

/** One bypass entry: `<local>`, or a host or address pattern with `*` wildcards. */
const BYPASS_ENTRY = /^(?:<local>|[A-Za-z0-9*](?:[A-Za-z0-9*.-]{0,252}))$/;

/**
 * A bypass list as typed (`a;b;c`, spaces around entries ignored) → its entries, or null when an entry is not a
 * host pattern. Windows separates entries with `;` in both the Internet Settings and WinHTTP.
 */
export function parseProxyBypass(text: string): string[] | null {
  const entries = text.split(';').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0 || entries.length > 100) return null;
  return entries.every((e) => BYPASS_ENTRY.test(e)) ? entries : null;
}

/** The key of the per-user Internet Settings (WinINet: browsers and most applications read the proxy there). */
export const INTERNET_SETTINGS_KEY = 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';

/** A PowerShell single-quoted literal: nothing inside is expanded; a quote is doubled. */
export function psQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** One Windows command and what it sets (`dns`, `wininet`, `winhttp`), for the words around it. */
export interface WindowsCommand {
  sets: 'dns' | 'wininet' | 'winhttp';
  command: string;
}

/**
 * The Windows commands that apply the values, for the operator to run in an administrator's PowerShell (the
 * program never runs them). `adapter` is the placeholder the operator replaces with the adapter's name.
 */
export function windowsCommands(values: NetworkValues, adapter: string): WindowsCommand[] {
  const out: WindowsCommand[] = [];
  if (values.dns) {
    const servers = values.dns.map(psQuote).join(',');
    out.push({ sets: 'dns', command: `Set-DnsClientServerAddress -InterfaceAlias ${psQuote(adapter)} -ServerAddresses (${servers})` });
  }
  if (values.proxy) {
    const key = psQuote(INTERNET_SETTINGS_KEY);
    const bypass = values.proxy.bypass.join(';');
    out.push(
      { sets: 'wininet', command: `Set-ItemProperty -Path ${key} -Name ProxyEnable -Value 1 -Type DWord` },
      { sets: 'wininet', command: `Set-ItemProperty -Path ${key} -Name ProxyServer -Value ${psQuote(values.proxy.server)} -Type String` },
      { sets: 'wininet', command: `Set-ItemProperty -Path ${key} -Name ProxyOverride -Value ${psQuote(bypass)} -Type String` },
      // netsh parses its own `name="value"` pairs; the values hold no quotes (checked when they were set).
      { sets: 'winhttp', command: `netsh winhttp set proxy proxy-server="${values.proxy.server}" bypass-list="${bypass}"` },
    );
  }
  return out;
}
