import { describe, expect, it } from 'vitest';
import { createNetworkChecks } from '../../../src/effects/checks/network.js';
import { DNS_SCRIPT, powershellArgs, PROXY_SCRIPT } from '../../../src/effects/checks/net-settings/windows.js';
import { runCheck } from '../../../src/effects/checks/run.js';
import type { CheckPorts, CheckResult, CommandOutcome, FileSystem } from '../../../src/effects/checks/types.js';
import { DEFAULT_PROXY, DNS_SERVERS } from '../../../src/machine/network.js';
import type { Profile } from '../../../src/machine/profile.js';
import { assertWords, type ExpectedCall, fakePorts, FakeRunner, profile, request } from '../../fixtures/checks/network/fake-ports.js';

/** `net-config` verdicts on recorded real-format output: DNS per NTT area, the proxy of eligibility-check PCs. */

const dns = (reply: string | CommandOutcome): ExpectedCall => ({ file: 'powershell.exe', args: powershellArgs(DNS_SCRIPT), reply });
const inet = (reply: string): ExpectedCall => ({ file: 'powershell.exe', args: powershellArgs(PROXY_SCRIPT), reply });
const winhttp = (reply: string): ExpectedCall => ({ file: 'netsh.exe', args: ['winhttp', 'show', 'proxy'], encoding: 'cp932', reply });

const EAST = DNS_SERVERS.east.join(', ');
const WEST = DNS_SERVERS.west.join(', ');
const west = profile({ code: '2710000002', area: 'west' });
const ctc = profile({ carrier: 'ctc', area: null, connection: 'ipv4-ipvpn' });

/** Runs net-config through the runner with exactly the expected commands, and checks its words. */
async function netConfig(terminal: string, p: Profile, calls: ExpectedCall[], ports: Partial<CheckPorts> = {}): Promise<CheckResult> {
  const runner = new FakeRunner(calls);
  const check = createNetworkChecks(fakePorts({ platform: 'win32', runner, ...ports })).find((c) => c.step === 'net-config')!;
  const result = await runCheck(check, request('net-config', terminal, p));
  runner.assertAllCalled();
  assertWords(result);
  return result;
}

describe('net-config on Windows: the IPv6 DNS servers', () => {
  it('on recorded Windows output passes a claims PC with the East pair on イーサネット, reading no proxy', async () => {
    const result = await netConfig('jimu', profile(), [dns('win-dns-east-ja.json')]);
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.net-config.passed', facts: { dns: EAST } });
    expect(result.evidence).toMatchObject({ adapter: 'イーサネット', dns: EAST, dnsFound: `イーサネット: ${EAST}`, expectedDns: EAST });
  });

  it('on recorded Windows output says the East pair is set where the facility is West', async () => {
    const result = await netConfig('jimu', west, [dns('win-dns-east-ja.json')]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.east-pair-for-west', fix: 'check.net-config.east-pair-for-west.fix', facts: {} });
    expect(result.evidence).toMatchObject({ adapter: 'イーサネット', expectedDns: WEST });
  });

  it('on recorded Windows output says the West pair is set where the facility is East', async () => {
    const result = await netConfig('jimu', profile(), [dns('win-dns-west-en.json')]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.west-pair-for-east' });
    expect(result.evidence).toMatchObject({ adapter: 'Ethernet', dnsFound: `Ethernet: ${WEST}` });
  });

  it('on recorded Windows output passes a West facility with the West pair', async () => {
    const result = await netConfig('jimu', west, [dns('win-dns-west-en.json')]);
    expect(result).toMatchObject({ outcome: 'passed', facts: { dns: WEST } });
  });

  it('on recorded Windows output says when no adapter has an IPv6 DNS server', async () => {
    const result = await netConfig('jimu', profile(), [dns('win-dns-none-ja.json')]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.no-ipv6-dns' });
    expect(result.evidence).not.toHaveProperty('dnsFound');
  });

  it('on recorded Windows output says when other IPv6 DNS servers are set, and when only one of the pair is', async () => {
    expect(await netConfig('jimu', profile(), [dns('win-dns-other-en.json')])).toMatchObject({
      outcome: 'failed',
      reason: 'check.net-config.dns-mismatch',
      evidence: { dnsFound: 'Ethernet 2: 2001:4860:4860::8888, 2001:4860:4860::8844' },
    });
    expect(await netConfig('jimu', profile(), [dns('win-dns-single-en.json')])).toMatchObject({
      outcome: 'failed',
      reason: 'check.net-config.dns-incomplete',
      evidence: { adapter: 'Ethernet' },
    });
  });

  it('does not judge the DNS off an NTT line, and says so', async () => {
    const result = await netConfig('jimu', ctc, []);
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.net-config.nothing-to-check', evidence: { dnsNotJudged: 'ctc' }, facts: {} });
  });

  it('cannot run when the settings cannot be read', async () => {
    const result = await netConfig('jimu', profile(), [dns({ kind: 'missing' })]);
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.net-config.unreadable', evidence: { source: 'Get-DnsClientServerAddress', message: 'powershell.exe: not found' } });
  });
});

describe('net-config on Windows: the proxy of an eligibility-check (oqs) PC', () => {
  it('on recorded Windows output passes with the proxy in both the Internet Settings and WinHTTP (Japanese)', async () => {
    const result = await netConfig('uketsuke', profile(), [dns('win-dns-east-ja.json'), inet('win-inet-proxy-on.json'), winhttp('netsh-winhttp-proxy-ja.txt')]);
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.net-config.passed-proxy' });
    expect(result.facts).toEqual({ dns: EAST, proxyMode: expect.stringMatching(new RegExp(`^server=${DEFAULT_PROXY} bypass=\\*\\.onshikaku\\.org;`)) });
    expect(result.evidence['winhttpMode']).toMatch(/^server=proxy\.base\.oqs-pdl\.org:8080 bypass=/);
  });

  it('on recorded Windows output passes off an NTT line on the proxy alone (English netsh)', async () => {
    const result = await netConfig('uketsuke', ctc, [inet('win-inet-proxy-on.json'), winhttp('netsh-winhttp-proxy-en.txt')]);
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.net-config.passed-proxy-only', evidence: { dnsNotJudged: 'ctc' } });
    expect(result.facts).toEqual({ proxyMode: result.evidence['proxyMode'] });
  });

  it('on recorded Windows output fails when the proxy is off', async () => {
    const result = await netConfig('uketsuke', profile(), [dns('win-dns-east-ja.json'), inet('win-inet-proxy-off.json'), winhttp('netsh-winhttp-direct-ja.txt')]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.proxy-off', evidence: { proxySource: 'Internet Settings (WinINet)', proxyMode: 'off', winhttpMode: 'off', expectedProxy: DEFAULT_PROXY } });
  });

  it('on recorded Windows output fails when only WinHTTP goes direct', async () => {
    const result = await netConfig('uketsuke', profile(), [dns('win-dns-east-ja.json'), inet('win-inet-proxy-on.json'), winhttp('netsh-winhttp-direct-en.txt')]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.proxy-off', evidence: { proxySource: 'WinHTTP' } });
  });

  it('on recorded Windows output fails on a different proxy server', async () => {
    const result = await netConfig('uketsuke', profile(), [dns('win-dns-east-ja.json'), inet('win-inet-proxy-other.json'), winhttp('netsh-winhttp-proxy-ja.txt')]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.proxy-other-server', evidence: { proxyServer: 'proxy.example.co.jp:3128' } });
  });

  it('on recorded Windows output lists the bypass entries of the profile that are missing', async () => {
    const result = await netConfig('uketsuke', profile(), [dns('win-dns-east-ja.json'), inet('win-inet-proxy-missing.json'), winhttp('netsh-winhttp-proxy-ja.txt')]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.proxy-bypass-missing', evidence: { missingBypass: '*.lineauth.mnw;*.rece' } });
  });

  it('compares against the facility’s own proxy setting, not the default', async () => {
    const own = profile({ proxy: 'proxy.healthcare-on-demand.jp:8080', proxyBypass: ['*.onshikaku.org', 'www.odvpn'] });
    const result = await netConfig('uketsuke', own, [dns('win-dns-east-ja.json'), inet('win-inet-proxy-on.json'), winhttp('netsh-winhttp-proxy-ja.txt')]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.proxy-other-server', evidence: { proxyServer: DEFAULT_PROXY, expectedProxy: 'proxy.healthcare-on-demand.jp:8080' } });
  });

  it('on recorded Windows output cannot say what an auto-config script chooses', async () => {
    const result = await netConfig('uketsuke', profile(), [dns('win-dns-east-ja.json'), inet('win-inet-proxy-pac.json'), winhttp('netsh-winhttp-proxy-en.txt')]);
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.net-config.proxy-pac', evidence: { pacUrl: 'http://wpad.clinic.local/proxy.pac', proxyMode: 'pac=http://wpad.clinic.local/proxy.pac' } });
  });

  it('says the DNS first when both the DNS and the proxy are wrong, keeping the proxy as evidence', async () => {
    const result = await netConfig('uketsuke', profile(), [dns('win-dns-none-ja.json'), inet('win-inet-proxy-off.json'), winhttp('netsh-winhttp-direct-ja.txt')]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.no-ipv6-dns', evidence: { proxyMode: 'off' } });
  });

  it('gives the same answer when run twice', async () => {
    const calls = () => [dns('win-dns-east-ja.json'), inet('win-inet-proxy-on.json'), winhttp('netsh-winhttp-proxy-ja.txt')];
    const runner = new FakeRunner([...calls(), ...calls()]);
    const check = createNetworkChecks(fakePorts({ platform: 'win32', runner })).find((c) => c.step === 'net-config')!;
    const first = await runCheck(check, request('net-config', 'uketsuke'));
    const second = await runCheck(check, request('net-config', 'uketsuke'));
    runner.assertAllCalled();
    expect(second).toEqual(first);
  });
});

describe('net-config on Linux and macOS', () => {
  const resolvConf = (text: string): FileSystem => ({
    readFile: (path) => (path === '/etc/resolv.conf' ? Promise.resolve(Buffer.from(text)) : Promise.reject(new Error(path))),
    stat: () => Promise.reject(new Error('stat')),
    readdir: () => Promise.reject(new Error('readdir')),
  });

  it('passes a West PC with the West pair in resolv.conf and the proxy in the environment', async () => {
    const env = { https_proxy: `http://${DEFAULT_PROXY}`, no_proxy: '.onshikaku.org,.flets-east.jp,.flets-west.jp,.lineauth.mnw,.obn.managedpki.ne.jp,.cybertrust.ne.jp,.secomtrust.net,.rece,pweb.base.oqs-pdl.org' };
    const result = await netConfig('uketsuke', west, [{ file: 'resolvectl', args: ['dns'], reply: { kind: 'missing' } }], {
      platform: 'linux',
      env,
      fs: resolvConf(`nameserver ${DNS_SERVERS.west[0]}\nnameserver ${DNS_SERVERS.west[1]}\n`),
    });
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.net-config.passed-proxy', evidence: { adapter: '/etc/resolv.conf', proxyMode: expect.stringMatching(/^server=proxy\.base\.oqs-pdl\.org:8080 /) } });
  });

  it('fails a Linux oqs PC whose no_proxy lacks entries', async () => {
    const result = await netConfig('uketsuke', profile(), [{ file: 'resolvectl', args: ['dns'], reply: 'linux-resolvectl-dns.txt' }], {
      platform: 'linux',
      env: { HTTPS_PROXY: DEFAULT_PROXY, NO_PROXY: '*.onshikaku.org,*.rece' },
    });
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.net-config.proxy-bypass-missing', evidence: { proxySource: 'HTTPS_PROXY', missingBypass: expect.stringContaining('*.lineauth.mnw') } });
  });

  it('on recorded macOS output passes with the East pair on en0 and the system proxy', async () => {
    const result = await netConfig(
      'uketsuke',
      profile(),
      [
        { file: 'scutil', args: ['--dns'], reply: 'mac-scutil-dns.txt' },
        { file: 'scutil', args: ['--proxy'], reply: 'mac-scutil-proxy-on.txt' },
      ],
      { platform: 'darwin' },
    );
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.net-config.passed-proxy', evidence: { adapter: 'en0' } });
  });

  it('cannot run on a platform it cannot read', async () => {
    const result = await netConfig('jimu', profile(), [], { platform: 'freebsd' });
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.other-platform', evidence: { platforms: 'Windows, Linux, macOS', platform: 'freebsd' } });
  });
});
