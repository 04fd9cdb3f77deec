import { readDarwinDns, readDarwinProxy } from './darwin.js';
import { readLinuxDns, readLinuxProxy } from './linux.js';
import type { ReaderContext } from './read.js';
import type { DnsReading, ProxyReading } from './types.js';
import { readWindowsDns, readWindowsProxy } from './windows.js';

export type { ReaderContext } from './read.js';
export type { AdapterDns, DnsReading, ProxyReading, ProxySource } from './types.js';
export { proxyModeText } from './types.js';

/** How one platform reads its IPv6 DNS servers and its proxies. */
export interface NetSettingsReader {
  readDns(context: ReaderContext): Promise<DnsReading>;
  readProxy(context: ReaderContext): Promise<ProxyReading>;
}

const READERS: Partial<Record<NodeJS.Platform, NetSettingsReader>> = {
  win32: { readDns: readWindowsDns, readProxy: readWindowsProxy },
  linux: { readDns: readLinuxDns, readProxy: readLinuxProxy },
  darwin: { readDns: readDarwinDns, readProxy: readDarwinProxy },
};

/** The platforms with a reader, for the "runs only on" sentence. */
export const NET_SETTINGS_PLATFORMS = 'Windows, Linux, macOS';

/** The reader of this platform, or null where the settings cannot be read. */
export function netSettingsReader(platform: NodeJS.Platform): NetSettingsReader | null {
  return READERS[platform] ?? null;
}
