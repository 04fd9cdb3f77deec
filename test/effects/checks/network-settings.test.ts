import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DNS_SERVERS, DEFAULT_PROXY, DEFAULT_PROXY_BYPASS } from '../../../src/machine/network.js';
import { readDarwinDns, readDarwinProxy } from '../../../src/effects/checks/net-settings/darwin.js';
import { judgeDns, judgeProxy, missingBypass } from '../../../src/effects/checks/net-settings/judge.js';
import { readEnvironmentProxy, readLinuxDns, RESOLV_CONF } from '../../../src/effects/checks/net-settings/linux.js';
import type { ReaderContext } from '../../../src/effects/checks/net-settings/read.js';
import { proxyModeText } from '../../../src/effects/checks/net-settings/types.js';
import { DNS_SCRIPT, parseWinHttp, powershellArgs, PROXY_SCRIPT, readWindowsDns, readWindowsProxy } from '../../../src/effects/checks/net-settings/windows.js';
import { decodeOutput } from '../../../src/effects/checks/system.js';
import type { CommandOutcome, FileSystem } from '../../../src/effects/checks/types.js';
import { FakeRunner, fixture, neverAborted } from '../../fixtures/checks/network/fake-ports.js';

/** The platform readers on recorded real-format output (Windows, macOS) and real files (Linux). */

const EAST = [...DNS_SERVERS.east];
const WEST = [...DNS_SERVERS.west];
const noFiles: FileSystem = {
  readFile: () => Promise.reject(Object.assign(new Error('no file'), { code: 'ENOENT' })),
  stat: () => Promise.reject(new Error('no file')),
  readdir: () => Promise.reject(new Error('no file')),
};

function context(runner: FakeRunner, fs: FileSystem = noFiles, env: Record<string, string> = {}): ReaderContext {
  return { runner, fs, env, signal: neverAborted, timeoutMs: 10_000 };
}

const dnsCall = (reply: string | CommandOutcome) => ({ file: 'powershell.exe', args: powershellArgs(DNS_SCRIPT), reply });
const inetCall = (reply: string | CommandOutcome) => ({ file: 'powershell.exe', args: powershellArgs(PROXY_SCRIPT), reply });
const winhttpCall = (reply: string | CommandOutcome) => ({ file: 'netsh.exe', args: ['winhttp', 'show', 'proxy'], encoding: 'cp932' as const, reply });

describe('Windows DNS reader', () => {
  it('asks PowerShell for objects as JSON in UTF-8', () => {
    expect(powershellArgs(DNS_SCRIPT)).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      '[Console]::OutputEncoding=[Text.Encoding]::UTF8; Get-DnsClientServerAddress -AddressFamily IPv6 | Select-Object InterfaceAlias,InterfaceIndex,ServerAddresses | ConvertTo-Json',
    ]);
    expect(PROXY_SCRIPT).toBe(
      "Get-ItemProperty -Path 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings' | Select-Object ProxyEnable,ProxyServer,ProxyOverride,AutoConfigURL | ConvertTo-Json",
    );
  });

  it('on recorded Windows output (Japanese, BOM, CRLF) finds the East pair on イーサネット and ignores the fec0 placeholders', async () => {
    const runner = new FakeRunner([dnsCall('win-dns-east-ja.json')]);
    expect(await readWindowsDns(context(runner))).toEqual({ kind: 'read', source: 'Get-DnsClientServerAddress', adapters: [{ adapter: 'イーサネット', servers: EAST }] });
    runner.assertAllCalled();
  });

  it('on recorded Windows output (English) finds the West pair on Ethernet', async () => {
    const runner = new FakeRunner([dnsCall('win-dns-west-en.json')]);
    const reading = await readWindowsDns(context(runner));
    expect(reading).toMatchObject({ kind: 'read', adapters: [{ adapter: 'Ethernet', servers: WEST }] });
    runner.assertAllCalled();
  });

  it('on recorded Windows output with only the unset placeholders finds no IPv6 DNS server', async () => {
    const runner = new FakeRunner([dnsCall('win-dns-none-ja.json')]);
    expect(await readWindowsDns(context(runner))).toMatchObject({ kind: 'read', adapters: [] });
    runner.assertAllCalled();
  });

  it('on recorded Windows output for a single adapter (a bare object, not an array) reads it too', async () => {
    const runner = new FakeRunner([dnsCall('win-dns-single-en.json')]);
    expect(await readWindowsDns(context(runner))).toMatchObject({ kind: 'read', adapters: [{ adapter: 'Ethernet', servers: [EAST[0]] }] });
    runner.assertAllCalled();
  });

  it('says why when PowerShell is missing or prints something else', async () => {
    const missing = new FakeRunner([dnsCall({ kind: 'missing' })]);
    expect(await readWindowsDns(context(missing))).toEqual({ kind: 'unreadable', source: 'Get-DnsClientServerAddress', message: 'powershell.exe: not found' });
    const garbage = new FakeRunner([dnsCall({ kind: 'exited', exitCode: 0, stdout: 'Get-DnsClientServerAddress : アクセスが拒否されました。', stderr: '' })]);
    expect(await readWindowsDns(context(garbage))).toMatchObject({ kind: 'unreadable', message: expect.stringMatching(/^not JSON/) });
  });
});

describe('Windows proxy reader', () => {
  it('on recorded Windows output reads the Internet Settings and WinHTTP (Japanese, CP932) as the same proxy', async () => {
    const runner = new FakeRunner([inetCall('win-inet-proxy-on.json'), winhttpCall('netsh-winhttp-proxy-ja.txt')]);
    const reading = await readWindowsProxy(context(runner));
    runner.assertAllCalled();
    expect(reading.kind).toBe('read');
    if (reading.kind !== 'read') return;
    const [user, system] = reading.sources;
    expect(user).toMatchObject({ source: 'Internet Settings (WinINet)', enabled: true, server: DEFAULT_PROXY, bypass: [...DEFAULT_PROXY_BYPASS, '<local>'], autoConfigUrl: null });
    expect(system).toMatchObject({ source: 'WinHTTP', enabled: true, server: DEFAULT_PROXY, bypass: [...DEFAULT_PROXY_BYPASS] });
  });

  it('on recorded netsh output reads direct access in Japanese (CP932) and English', () => {
    for (const name of ['netsh-winhttp-direct-ja.txt', 'netsh-winhttp-direct-en.txt']) {
      const text = decodeOutput(fixture(name), 'cp932');
      expect(text).toContain('\r\n');
      expect(parseWinHttp(text)).toMatchObject({ enabled: false, server: null, bypass: [] });
    }
  });

  it('on recorded netsh output reads the proxy in English, and "(none)" as an empty bypass list', () => {
    expect(parseWinHttp(decodeOutput(fixture('netsh-winhttp-proxy-en.txt'), 'cp932'))).toMatchObject({ enabled: true, server: DEFAULT_PROXY, bypass: [...DEFAULT_PROXY_BYPASS] });
    expect(parseWinHttp(decodeOutput(fixture('netsh-winhttp-nobypass-en.txt'), 'cp932'))).toMatchObject({ enabled: true, server: DEFAULT_PROXY, bypass: [] });
    expect(parseWinHttp('Der Befehl wurde nicht gefunden.')).toBeNull();
  });

  it('on recorded Windows output takes the HTTPS entry of a per-protocol ProxyServer', async () => {
    const runner = new FakeRunner([inetCall('win-inet-proxy-other.json'), winhttpCall('netsh-winhttp-direct-en.txt')]);
    const reading = await readWindowsProxy(context(runner));
    expect(reading.kind === 'read' && reading.sources[0]).toMatchObject({ enabled: true, server: 'proxy.example.co.jp:3128' });
    expect(reading.kind === 'read' && reading.sources[1]).toMatchObject({ enabled: false });
  });

  it('on recorded Windows output reads a proxy that is off, and an auto-config script', async () => {
    const off = new FakeRunner([inetCall('win-inet-proxy-off.json'), winhttpCall('netsh-winhttp-direct-ja.txt')]);
    const offReading = await readWindowsProxy(context(off));
    expect(offReading.kind === 'read' && proxyModeText(offReading.sources[0]!)).toBe('off');
    const pac = new FakeRunner([inetCall('win-inet-proxy-pac.json'), winhttpCall('netsh-winhttp-direct-ja.txt')]);
    const pacReading = await readWindowsProxy(context(pac));
    expect(pacReading.kind === 'read' && proxyModeText(pacReading.sources[0]!)).toBe('pac=http://wpad.clinic.local/proxy.pac');
  });
});

describe('Linux readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seikyu-resolv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** The real file system, with /etc/resolv.conf answered from a temp file. */
  const resolvFrom = (text: string): FileSystem => {
    const path = join(dir, `resolv-${Math.random().toString(36).slice(2)}.conf`);
    writeFileSync(path, text);
    return { ...noFiles, readFile: (p) => (p === RESOLV_CONF ? readFile(path) : Promise.reject(new Error(`unexpected read of ${p}`))) };
  };

  it('reads systemd-resolved’s servers per link from resolvectl', async () => {
    const runner = new FakeRunner([{ file: 'resolvectl', args: ['dns'], reply: 'linux-resolvectl-dns.txt' }]);
    expect(await readLinuxDns(context(runner))).toEqual({ kind: 'read', source: 'resolvectl dns', adapters: [{ adapter: 'enp0s31f6', servers: EAST }] });
    runner.assertAllCalled();
  });

  it('reads /etc/resolv.conf when resolvectl is missing', async () => {
    const runner = new FakeRunner([{ file: 'resolvectl', args: ['dns'], reply: { kind: 'missing' } }]);
    const reading = await readLinuxDns(context(runner, resolvFrom(fixture('linux-resolv.conf').toString('utf8'))));
    expect(reading).toEqual({ kind: 'read', source: '/etc/resolv.conf', adapters: [{ adapter: '/etc/resolv.conf', servers: WEST }] });
  });

  it('reads /etc/resolv.conf when systemd-resolved is not running (resolvectl fails)', async () => {
    const failed: CommandOutcome = { kind: 'exited', exitCode: 1, stdout: '', stderr: 'Failed to get global data: Unit dbus-org.freedesktop.resolve1.service not found.' };
    const runner = new FakeRunner([{ file: 'resolvectl', args: ['dns'], reply: failed }]);
    const reading = await readLinuxDns(context(runner, resolvFrom('nameserver 127.0.0.53\noptions edns0 trust-ad\n')));
    expect(reading).toEqual({ kind: 'read', source: '/etc/resolv.conf', adapters: [] });
  });

  it('says why when neither can be read', async () => {
    const runner = new FakeRunner([{ file: 'resolvectl', args: ['dns'], reply: { kind: 'missing' } }]);
    expect(await readLinuxDns(context(runner))).toEqual({ kind: 'unreadable', source: '/etc/resolv.conf', message: 'resolvectl: not found; /etc/resolv.conf: ENOENT' });
  });

  it('reads the proxy from the environment without the credentials in it', () => {
    const proxy = readEnvironmentProxy({ https_proxy: 'http://clinic:s3cret@proxy.base.oqs-pdl.org:8080/', no_proxy: 'localhost, .onshikaku.org,*.rece' });
    expect(proxy).toMatchObject({ source: 'https_proxy', enabled: true, server: 'proxy.base.oqs-pdl.org:8080', bypass: ['localhost', '.onshikaku.org', '*.rece'], bypassStyle: 'suffix' });
    expect(JSON.stringify(proxy)).not.toContain('s3cret');
    expect(readEnvironmentProxy({ HTTPS_PROXY: 'proxy.example.jp:3128' })).toMatchObject({ source: 'HTTPS_PROXY', server: 'proxy.example.jp:3128' });
    expect(readEnvironmentProxy({})).toMatchObject({ enabled: false, server: null });
  });
});

describe('macOS readers', () => {
  it('on recorded macOS output reads the resolvers of en0 once and skips the mDNS ones', async () => {
    const runner = new FakeRunner([{ file: 'scutil', args: ['--dns'], reply: 'mac-scutil-dns.txt' }]);
    expect(await readDarwinDns(context(runner))).toEqual({ kind: 'read', source: 'scutil --dns', adapters: [{ adapter: 'en0', servers: EAST }] });
    runner.assertAllCalled();
  });

  it('on recorded macOS output reads the HTTPS proxy and its exceptions, and a proxy that is off', async () => {
    const on = new FakeRunner([{ file: 'scutil', args: ['--proxy'], reply: 'mac-scutil-proxy-on.txt' }]);
    const reading = await readDarwinProxy(context(on));
    expect(reading.kind === 'read' && reading.sources[0]).toMatchObject({ enabled: true, server: DEFAULT_PROXY, bypass: ['*.local', '169.254/16', ...DEFAULT_PROXY_BYPASS] });
    const off = new FakeRunner([{ file: 'scutil', args: ['--proxy'], reply: 'mac-scutil-proxy-off.txt' }]);
    const offReading = await readDarwinProxy(context(off));
    expect(offReading.kind === 'read' && offReading.sources[0]).toMatchObject({ enabled: false, server: null });
  });
});

describe('judging what was read', () => {
  it('accepts the area’s pair written with leading zeros or upper case', () => {
    expect(judgeDns([{ adapter: 'Ethernet', servers: ['2404:01A8:F583:0D00::53:2', '2404:1a8:f583:d00:0:0:53:1'] }], 'east')).toMatchObject({ kind: 'ok', adapter: 'Ethernet' });
  });

  it('needs both servers on one adapter', () => {
    const split = [
      { adapter: 'Ethernet', servers: [EAST[0]!] },
      { adapter: 'Wi-Fi', servers: [EAST[1]!] },
    ];
    expect(judgeDns(split, 'east')).toEqual({ kind: 'incomplete', adapter: 'Ethernet', found: [EAST[0]] });
  });

  it('matches no_proxy entries as domain suffixes and Windows entries as patterns', () => {
    expect(missingBypass(['.onshikaku.org', 'rece'], ['*.onshikaku.org', '*.rece', '*.lineauth.mnw'], 'suffix')).toEqual(['*.lineauth.mnw']);
    expect(missingBypass(['*'], ['*.rece'], 'suffix')).toEqual([]);
    expect(missingBypass(['onshikaku.org', '*.RECE'], ['*.onshikaku.org', '*.rece'], 'pattern')).toEqual(['*.onshikaku.org']);
  });

  it('compares the proxy server without case, scheme or trailing slash', () => {
    const source = { source: 'https_proxy', enabled: true, server: 'HTTP://Proxy.Base.OQS-PDL.org:8080/', bypass: [...DEFAULT_PROXY_BYPASS], autoConfigUrl: null, bypassStyle: 'suffix' as const };
    expect(judgeProxy(source, { server: DEFAULT_PROXY, bypass: [...DEFAULT_PROXY_BYPASS] })).toEqual({ kind: 'ok' });
  });
});
