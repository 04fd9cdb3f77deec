import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROXY,
  DEFAULT_PROXY_BYPASS,
  dnsServers,
  isProxyServer,
  networkValues,
  parseProxyBypass,
  psQuote,
  windowsCommands,
} from '../../src/machine/network.js';
import { checkProfile } from '../../src/machine/profile.js';
import { isDone, regionState } from '../../src/machine/build-machine.js';
import { makeProfile, Scenario } from '../helpers/scenario.js';

/**
 * What net-config sets: the closed network's IPv6 DNS pair of the NTT area, the オン資 proxy on eligibility-check
 * PCs, and the Windows commands that set them (printed for the operator, never run). A change of those values
 * after net-config was done reopens it.
 */

const EAST = ['2404:1a8:f583:d00::53:1', '2404:1a8:f583:d00::53:2'];
const WEST = ['2001:a7ff:f014:d00::53:1', '2001:a7ff:f014:d00::53:2'];
const BYPASS = '*.onshikaku.org;*.flets-east.jp;*.flets-west.jp;*.lineauth.mnw;*.obn.managedpki.ne.jp;*.cybertrust.ne.jp;*.secomtrust.net;*.rece;pweb.base.oqs-pdl.org';
const KEY = "'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'";
const TWO_PCS = [
  { name: '受付', roles: ['oqs' as const] },
  { name: '事務', roles: ['claims' as const] },
];

describe('the values net-config sets', () => {
  it('gives NTT East the 2404:1a8:f583:d00:: pair and NTT West the 2001:a7ff:f014:d00:: pair, preferred first', () => {
    expect(dnsServers(makeProfile({ area: 'east' }))).toEqual(EAST);
    expect(dnsServers(makeProfile({ code: '2710000002', area: 'west' }))).toEqual(WEST);
  });

  it('gives no DNS pair off an NTT line (the provider says what to use)', () => {
    expect(dnsServers(makeProfile({ carrier: 'ctc', area: null, connection: 'ipv4-ipvpn' }))).toBeNull();
    expect(dnsServers(makeProfile({ carrier: 'example-vpn', area: null, connection: 'ipsec-ike' }))).toBeNull();
  });

  it('gives the proxy and its bypass list to a PC with the oqs role only', () => {
    const profile = makeProfile({ terminals: TWO_PCS });
    expect(networkValues(profile, '受付')).toEqual({ area: 'east', dns: EAST, proxy: { server: 'proxy.base.oqs-pdl.org:8080', bypass: BYPASS.split(';') } });
    expect(networkValues(profile, '事務')).toEqual({ area: 'east', dns: EAST, proxy: null });
  });

  it('uses the proxy set in the profile instead of the default, and the default when a profile has none', () => {
    const set = makeProfile({ proxy: 'proxy.healthcare-on-demand.jp:8080', proxyBypass: ['www.odvpn', '<local>'] });
    expect(networkValues(set, '端末1').proxy).toEqual({ server: 'proxy.healthcare-on-demand.jp:8080', bypass: ['www.odvpn', '<local>'] });
    expect(networkValues(makeProfile(), '端末1').proxy).toEqual({ server: DEFAULT_PROXY, bypass: [...DEFAULT_PROXY_BYPASS] });
  });
});

describe('the Windows commands that apply them', () => {
  it('are, for an oqs PC on NTT East, the DNS cmdlet, the three Internet Settings values and netsh winhttp, exactly', () => {
    const commands = windowsCommands(networkValues(makeProfile(), '端末1'), '<アダプター名>').map((c) => c.command);
    expect(commands).toEqual([
      "Set-DnsClientServerAddress -InterfaceAlias '<アダプター名>' -ServerAddresses ('2404:1a8:f583:d00::53:1','2404:1a8:f583:d00::53:2')",
      `Set-ItemProperty -Path ${KEY} -Name ProxyEnable -Value 1 -Type DWord`,
      `Set-ItemProperty -Path ${KEY} -Name ProxyServer -Value 'proxy.base.oqs-pdl.org:8080' -Type String`,
      `Set-ItemProperty -Path ${KEY} -Name ProxyOverride -Value '${BYPASS}' -Type String`,
      `netsh winhttp set proxy proxy-server="proxy.base.oqs-pdl.org:8080" bypass-list="${BYPASS}"`,
    ]);
  });

  it('are, for a claims-only PC on NTT West, the DNS cmdlet with the West pair only', () => {
    const profile = makeProfile({ code: '2710000002', area: 'west', terminals: TWO_PCS });
    expect(windowsCommands(networkValues(profile, '事務'), '<adapter name>')).toEqual([
      { sets: 'dns', command: "Set-DnsClientServerAddress -InterfaceAlias '<adapter name>' -ServerAddresses ('2001:a7ff:f014:d00::53:1','2001:a7ff:f014:d00::53:2')" },
    ]);
  });

  it('keep <local> as one entry of the ";"-separated list, as Windows expects it in ProxyOverride and bypass-list', () => {
    const profile = makeProfile({ carrier: 'example-vpn', area: null, connection: 'ipsec-ike', proxy: 'proxy.example.jp:3128', proxyBypass: ['*.rece', '<local>'] });
    expect(windowsCommands(networkValues(profile, '端末1'), 'x').map((c) => c.command)).toEqual([
      `Set-ItemProperty -Path ${KEY} -Name ProxyEnable -Value 1 -Type DWord`,
      `Set-ItemProperty -Path ${KEY} -Name ProxyServer -Value 'proxy.example.jp:3128' -Type String`,
      `Set-ItemProperty -Path ${KEY} -Name ProxyOverride -Value '*.rece;<local>' -Type String`,
      'netsh winhttp set proxy proxy-server="proxy.example.jp:3128" bypass-list="*.rece;<local>"',
    ]);
  });

  it('are none for a claims-only PC off an NTT line', () => {
    const profile = makeProfile({ carrier: 'ctc', area: null, connection: 'ipv4-ipvpn', terminals: [{ name: '端末1', roles: ['claims'] }] });
    expect(windowsCommands(networkValues(profile, '端末1'), 'x')).toEqual([]);
  });

  it('quote PowerShell literals in single quotes, doubling a quote inside', () => {
    expect(psQuote("Ethernet 2")).toBe("'Ethernet 2'");
    expect(psQuote("O'Brien $env:X")).toBe("'O''Brien $env:X'");
  });
});

describe('the proxy setting', () => {
  it('accepts HOST:PORT and refuses a scheme, a path, a missing or impossible port, spaces and quotes', () => {
    for (const ok of ['proxy.base.oqs-pdl.org:8080', '10.0.0.1:3128', 'proxy:1', 'p.example.jp:65535']) expect(isProxyServer(ok), ok).toBe(true);
    for (const bad of ['http://proxy:8080', 'proxy:8080/', 'proxy', 'proxy:', ':8080', 'proxy:0', 'proxy:65536', 'pro xy:80', '"proxy":80', "proxy':80", 'proxy:8080\n']) {
      expect(isProxyServer(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('reads a bypass list of host patterns and <local> separated by ";", and refuses anything else', () => {
    expect(parseProxyBypass(BYPASS)).toEqual(DEFAULT_PROXY_BYPASS);
    expect(parseProxyBypass(' *.rece ; <local>;')).toEqual(['*.rece', '<local>']);
    for (const bad of ['', ';', '*.rece;"x"', "*.rece;a'b", '*.rece;a b', '*.rece;http://x', '*.rece;<remote>', 'a\u001bb']) {
      expect(parseProxyBypass(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('is checked with the profile: a bad proxy or bypass list is a problem named as such', () => {
    expect(checkProfile(makeProfile({ proxy: 'http://x:80' })).map((p) => p.key)).toEqual(['profile.proxy']);
    expect(checkProfile(makeProfile({ proxyBypass: ['ok.example', 'not ok'] })).map((p) => p.key)).toEqual(['profile.proxyBypass']);
    expect(checkProfile(makeProfile({ proxyBypass: [] })).map((p) => p.key)).toEqual(['profile.proxyBypass']);
    expect(checkProfile(makeProfile({ proxy: 'proxy.example.jp:8080', proxyBypass: ['*.rece'] }))).toEqual([]);
  });
});

describe('a change of the values after net-config was done', () => {
  it('reopens net-config on every terminal when the area changes, and marks the old records as no longer applying', () => {
    // A profile saved with the wrong area (before the area followed from the code) is corrected.
    const s = new Scenario(makeProfile({ area: 'west', terminals: TWO_PCS }));
    const a = s.done('net-config', '受付', { note: 'west pair' });
    const b = s.done('net-config', '事務', { note: 'west pair' });
    expect(isDone(s.state().snapshot, 'net-config@受付')).toBe(true);
    s.changeProfile(makeProfile({ area: 'east', terminals: TWO_PCS }), 'fields:area');
    const state = s.state();
    expect(regionState(state.snapshot, 'net-config@受付')).toBe('ready');
    expect(regionState(state.snapshot, 'net-config@事務')).toBe('ready');
    expect(state.ignored.map((i) => i.event.id)).toEqual([a.id, b.id]);
    // Done again with the new values, it counts.
    s.done('net-config', '受付', { note: 'east pair' });
    expect(isDone(s.state().snapshot, 'net-config@受付')).toBe(true);
  });

  it('reopens net-config on the oqs terminals only when the proxy changes', () => {
    const s = new Scenario(makeProfile({ terminals: TWO_PCS }));
    const oqs = s.done('net-config', '受付', { note: 'ok' });
    s.done('net-config', '事務', { note: 'ok' });
    s.changeProfile(makeProfile({ terminals: TWO_PCS, proxy: 'proxy.example.jp:8080' }), 'fields:proxy');
    const state = s.state();
    expect(regionState(state.snapshot, 'net-config@受付')).toBe('ready');
    expect(isDone(state.snapshot, 'net-config@事務')).toBe(true);
    expect(state.ignored.map((i) => i.event.id)).toEqual([oqs.id]);
  });

  it('reopens net-config when the bypass list changes, and not when the proxy is set to the values it already had', () => {
    const s = new Scenario(makeProfile());
    s.done('net-config', '端末1', { note: 'ok' });
    s.changeProfile(makeProfile({ proxy: DEFAULT_PROXY, proxyBypass: [...DEFAULT_PROXY_BYPASS] }), 'fields:proxy,proxyBypass');
    expect(isDone(s.state().snapshot, 'net-config@端末1')).toBe(true);
    s.changeProfile(makeProfile({ proxy: DEFAULT_PROXY, proxyBypass: [...DEFAULT_PROXY_BYPASS, '<local>'] }), 'fields:proxyBypass');
    expect(regionState(s.state().snapshot, 'net-config@端末1')).toBe('ready');
  });

  it('keeps net-config done when something else changes (the name)', () => {
    const s = new Scenario(makeProfile());
    s.done('net-config', '端末1', { note: 'ok' });
    s.changeProfile(makeProfile({ name: '別の名前' }), 'fields:name');
    expect(isDone(s.state().snapshot, 'net-config@端末1')).toBe(true);
    expect(s.state().ignored).toEqual([]);
  });

  it('gives the record back when the change is undone', () => {
    const s = new Scenario(makeProfile());
    s.done('net-config', '端末1', { note: 'ok' });
    const change = s.changeProfile(makeProfile({ proxy: 'proxy.example.jp:8080' }), 'fields:proxy');
    s.undo(change.id);
    expect(isDone(s.state().snapshot, 'net-config@端末1')).toBe(true);
    expect(s.state().ignored).toEqual([]);
  });
});

describe('a proxy change after the certificate is installed', () => {
  it('reopens net-config on the PC and keeps what was done after it done', () => {
    const T = '端末1';
    const s = new Scenario(makeProfile(), '2026-11-24', '2026-10-01');
    s.done('portal-account', null, { occurredAt: '2026-10-02', inputs: { email: 'a@b.jp' } });
    s.done('line-contract', null, { occurredAt: '2026-10-02', inputs: { customerId: 'CAF1234567890' } });
    s.done('setup-manual', null, { occurredAt: '2026-10-02', note: 'x' });
    s.done('oqs-application', null, { occurredAt: '2026-10-03' });
    s.done('line-registration', null, { occurredAt: '2026-10-06' });
    const netConfig = s.done('net-config', T, { occurredAt: '2026-10-06', note: 'x' });
    s.done('line-auth', T, { occurredAt: '2026-10-07', note: 'x' });
    s.done('closed-network', T, { occurredAt: '2026-10-07', note: 'x' });
    s.done('root-ca', T, { occurredAt: '2026-10-07', note: 'x' });
    s.done('cert-application', T, { occurredAt: '2026-10-07' });
    s.done('cert-letter', T, { occurredAt: '2026-10-10', inputs: { requestId: 'R1' } });
    s.done('client-cert', T, { occurredAt: '2026-10-11', note: 'x', inputs: { file: '/c.p12', notAfter: '2030-01-01' } });
    expect(isDone(s.state().snapshot, `client-cert@${T}`)).toBe(true);

    s.changeProfile(makeProfile({ proxy: 'proxy.example.jp:3128' }), 'fields:proxy');
    const state = s.state();
    expect(regionState(state.snapshot, `net-config@${T}`)).toBe('ready');
    for (const step of ['line-auth', 'closed-network', 'root-ca', 'client-cert']) expect(isDone(state.snapshot, `${step}@${T}`), step).toBe(true);
    expect(state.ignored.map((i) => i.event.id)).toEqual([netConfig.id]);
  });
});
