import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';

/**
 * `show net-config` says what to set on the PC (the area's IPv6 DNS pair, the オン資 proxy on an eligibility PC),
 * `--windows` prints the commands that set it, and a change of those values after net-config was done reopens
 * it: the command line says so, status shows it again, the history marks the old record.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const BYPASS = '*.onshikaku.org;*.flets-east.jp;*.flets-west.jp;*.lineauth.mnw;*.obn.managedpki.ne.jp;*.cybertrust.ne.jp;*.secomtrust.net;*.rece;pweb.base.oqs-pdl.org';
const KEY = "'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'";
const OSAKA = '2710100013'; // 27 大阪府: NTT West

function clinic() {
  const dir = mkdtempSync(path.join(tmpdir(), 'seikyu-net-'));
  dirs.push(dir);
  const file = path.join(dir, 'seikyu.json');
  const run = (args: string[], now = '2026-04-01') => runInProcess(args, { SEIKYU_HOME: dir, SEIKYU_NOW: now, SEIKYU_OPERATOR: 'テスト' });
  const ok = async (args: string[], now?: string) => {
    const result = await run(args, now);
    if (result.code !== 0) throw new Error(`seikyu ${args.join(' ')} → ${result.code}: ${result.stderr}`);
    return result.stdout;
  };
  const bytes = () => readFileSync(file);
  return { run, ok, bytes };
}

type Status = { steps: { id: string; terminal: string | null; status: string }[] };
const statusOf = (s: Status, id: string, terminal: string) => s.steps.find((v) => v.id === id && v.terminal === terminal)?.status;

describe('show net-config', () => {
  it('lists the NTT East DNS pair and the proxy with its bypass list for a PC with both roles', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', '0110113719']);
    const out = await c.ok(['show', 'net-config']);
    expect(out).toContain(
      [
        '設定する値',
        '  優先 DNS サーバー（IPv6、NTT 東日本）: 2404:1a8:f583:d00::53:1',
        '  代替 DNS サーバー（IPv6、NTT 東日本）: 2404:1a8:f583:d00::53:2',
        '  プロキシ サーバー: proxy.base.oqs-pdl.org:8080',
        `  プロキシを使わないアドレス（「;」区切り）: ${BYPASS}`,
      ].join('\n'),
    );
    expect(out).toContain('Windows のコマンド: seikyu show net-config --windows');
    const en = await c.ok(['--lang', 'en', 'show', 'net-config']);
    expect(en).toContain('Values to set\n  Preferred DNS server (IPv6, NTT East): 2404:1a8:f583:d00::53:1\n  Alternate DNS server (IPv6, NTT East): 2404:1a8:f583:d00::53:2');
  });

  it('lists the NTT West pair and no proxy for a claims-only PC in Osaka', async () => {
    const c = clinic();
    await c.ok(['init', '--name', '浪速クリニック', '--code', OSAKA, '--connection', 'ipv4-ipvpn', '--terminal', '事務:claims']);
    const out = await c.ok(['show', 'net-config']);
    expect(out).toContain('  優先 DNS サーバー（IPv6、NTT 西日本）: 2001:a7ff:f014:d00::53:1\n  代替 DNS サーバー（IPv6、NTT 西日本）: 2001:a7ff:f014:d00::53:2\n');
    expect(out).not.toContain('プロキシ サーバー');
  });

  it('says to follow the provider for DNS off an NTT line', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'VPN 医院', '--code', '0110113719', '--carrier', 'example-vpn', '--connection', 'ipsec-ike']);
    expect(await c.ok(['show', 'net-config'])).toContain('  DNS サーバー: 回線事業者・接続事業者の案内に従ってください\n  プロキシ サーバー: proxy.base.oqs-pdl.org:8080');
  });
});

describe('show net-config --windows', () => {
  it('prints the exact commands for an oqs PC on NTT West, as a PowerShell script with comments, in Japanese', async () => {
    const c = clinic();
    await c.ok(['init', '--name', '浪速クリニック', '--code', OSAKA, '--terminal', '受付:oqs', '--terminal', '事務:claims']);
    expect(await c.ok(['show', 'net-config', '--terminal', '受付', '--windows'])).toBe(
      [
        '# 受付 の net-config の値を設定する Windows のコマンドです（seikyu は実行しません）。管理者として開いた PowerShell で、<アダプター名> を閉域網につなぐアダプターの名前（Get-NetAdapter で確認できます）に置き換えてから実行してください。',
        '',
        '# IPv6 DNS サーバー（NTT 西日本）',
        "Set-DnsClientServerAddress -InterfaceAlias '<アダプター名>' -ServerAddresses ('2001:a7ff:f014:d00::53:1','2001:a7ff:f014:d00::53:2')",
        '',
        '# プロキシ: このユーザーのインターネット設定（ブラウザーやアプリが使います）',
        `Set-ItemProperty -Path ${KEY} -Name ProxyEnable -Value 1 -Type DWord`,
        `Set-ItemProperty -Path ${KEY} -Name ProxyServer -Value 'proxy.base.oqs-pdl.org:8080' -Type String`,
        `Set-ItemProperty -Path ${KEY} -Name ProxyOverride -Value '${BYPASS}' -Type String`,
        '',
        '# プロキシ: WinHTTP（Windows のサービスが使います）',
        `netsh winhttp set proxy proxy-server="proxy.base.oqs-pdl.org:8080" bypass-list="${BYPASS}"`,
        '',
        '# 一般のインターネットを使うときはプロキシを無効にします: ProxyEnable を 0 に、WinHTTP は netsh winhttp reset proxy',
        '',
      ].join('\n'),
    );
  });

  it('prints only the DNS command for a claims PC on NTT East, in English', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'Sakura', '--code', '0110113719', '--terminal', 'PC1:claims']);
    expect(await c.ok(['--lang', 'en', 'show', 'net-config', '--windows'])).toBe(
      [
        '# Windows commands that set the net-config values of PC1 (seikyu never runs them). In a PowerShell opened as administrator, replace <adapter name> with the name of the adapter to the closed network (Get-NetAdapter lists them), then run them.',
        '',
        '# IPv6 DNS servers (NTT East)',
        "Set-DnsClientServerAddress -InterfaceAlias '<adapter name>' -ServerAddresses ('2404:1a8:f583:d00::53:1','2404:1a8:f583:d00::53:2')",
        '',
      ].join('\n'),
    );
  });

  it('uses the proxy set with profile set --proxy and --proxy-bypass', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', '0110113719']);
    await c.ok(['profile', 'set', '--proxy', 'proxy.healthcare-on-demand.jp:8080', '--proxy-bypass', 'www.odvpn;<local>']);
    const out = await c.ok(['show', 'net-config', '--windows']);
    expect(out).toContain(`Set-ItemProperty -Path ${KEY} -Name ProxyServer -Value 'proxy.healthcare-on-demand.jp:8080' -Type String\n`);
    expect(out).toContain(`Set-ItemProperty -Path ${KEY} -Name ProxyOverride -Value 'www.odvpn;<local>' -Type String\n`);
    expect(out).toContain('netsh winhttp set proxy proxy-server="proxy.healthcare-on-demand.jp:8080" bypass-list="www.odvpn;<local>"\n');
    expect(await c.ok(['profile', 'show'])).toContain('プロキシ（オンライン資格確認の端末）: proxy.healthcare-on-demand.jp:8080\nプロキシを使わないアドレス: www.odvpn;<local>');
  });

  it('is refused for another step (exit 2)', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', '0110113719']);
    const result = await c.run(['show', 'client-cert', '--windows']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('seikyu: --windows は net-config の手順にだけ使えます（seikyu show net-config --windows）。\n');
  });
});

describe('profile set --proxy and --proxy-bypass', () => {
  const refused: [string, string[], string][] = [
    ['a proxy that is not HOST:PORT', ['--proxy', 'http://proxy:8080'], 'プロキシ「http://proxy:8080」は「ホスト名:ポート番号」の形ではありません'],
    ['a bypass entry with a space', ['--proxy-bypass', '*.rece;a b'], 'プロキシを使わないアドレスの一覧「*.rece;a b」が読めません'],
    ['a control character', ['--proxy', 'proxy:80\u001b[2J'], '--proxy に制御文字'],
    ['a control character in the list', ['--proxy-bypass', '*.rece\u0007'], '--proxy-bypass に制御文字'],
  ];
  for (const [what, args, message] of refused) {
    it(`refuses ${what} with exit 3 and saves nothing`, async () => {
      const c = clinic();
      await c.ok(['init', '--name', 'さくら内科', '--code', '0110113719']);
      const before = c.bytes();
      const result = await c.run(['profile', 'set', ...args]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(message);
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(c.bytes().equals(before)).toBe(true);
    });
  }
});

describe('a change of the values after net-config was done', () => {
  it('reopens net-config on the oqs PC when the proxy changes: said by profile set, shown by status, marked in history', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', '0110113719', '--terminal', '受付:oqs', '--terminal', '事務:claims']);
    await c.ok(['done', 'net-config', '--terminal', '受付', '--note', 'DNS とプロキシを設定']);
    await c.ok(['done', 'net-config', '--terminal', '事務', '--note', 'DNS を設定']);
    const out = await c.ok(['profile', 'set', '--proxy', 'proxy.example.jp:3128']);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^施設情報を変更しました（#4: .+を変更）。$/);
    expect(lines.slice(1)).toEqual(['設定する値が変わったため、受付 の net-config をやり直してください（新しい値は `seikyu show net-config` で確認できます）。', '']);
    const status = JSON.parse(await c.ok(['status', '--json'])) as Status;
    expect(statusOf(status, 'net-config', '受付')).toBe('ready');
    expect(statusOf(status, 'net-config', '事務')).toBe('done');
    const history = (await c.ok(['history'])).split('\n');
    expect(history.find((l) => l.startsWith('#2 '))).toContain('（現在の施設情報では対象外）');
    expect(history.find((l) => l.startsWith('#3 '))).not.toContain('対象外');
    // Done again, with the new values, it counts again.
    await c.ok(['done', 'net-config', '--terminal', '受付', '--note', '新しいプロキシを設定']);
    expect(statusOf(JSON.parse(await c.ok(['status', '--json'])) as Status, 'net-config', '受付')).toBe('done');
  });

  it('reopens net-config on every PC when the area changes (the line becomes NTT East), and what followed it is blocked again', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', '0110113719', '--carrier', 'ctc', '--connection', 'ipv4-ipvpn', '--terminal', '事務:claims']);
    await c.ok(['done', 'net-config', '--note', '事業者の案内どおり']);
    const out = await c.ok(['profile', 'set', '--carrier', 'ntt']);
    expect(out).toContain('事務 の net-config をやり直してください');
    const shown = JSON.parse(await c.ok(['profile', 'show', '--json'])) as { area: string };
    expect(shown.area).toBe('east');
    const status = JSON.parse(await c.ok(['status', '--json'])) as Status;
    expect(statusOf(status, 'net-config', '事務')).toBe('ready');
    expect(statusOf(status, 'pppoe', '事務')).toBe('blocked');
    expect((await c.ok(['history'])).split('\n').find((l) => l.startsWith('#2 '))).toContain('（現在の施設情報では対象外）');
  });

  it('says nothing about net-config when it was not done, or when the values did not change', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', '0110113719']);
    expect(await c.ok(['profile', 'set', '--proxy', 'proxy.example.jp:3128'])).not.toContain('net-config');
    await c.ok(['done', 'net-config', '--note', 'ok']);
    expect(await c.ok(['profile', 'set', '--name', 'さくら内科クリニック'])).not.toContain('net-config');
    expect(statusOf(JSON.parse(await c.ok(['status', '--json'])) as Status, 'net-config', '端末1')).toBe('done');
  });
});
