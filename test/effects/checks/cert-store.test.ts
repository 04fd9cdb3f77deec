import { X509Certificate } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCertificate, LINUX_BUNDLES, listCertificates, macosCommands, MACOS_DEFAULT_KEYCHAINS, MACOS_SYSTEM_KEYCHAIN, windowsListCommand } from '../../../src/effects/checks/cert-store.js';
import { fileSystem } from '../../../src/effects/checks/system.js';
import { makeTestPki } from '../../helpers/certs.js';
import type { TestPki } from '../../helpers/certs.js';
import { redirectedFileSystem, removeTempDirs, tempDir } from '../../helpers/folders.js';
import { exited, FakeRunner, fixturePem, noCommands, recorded } from '../../fixtures/checks/stores/recorded.js';

const fingerprint = (name: string): string => new X509Certificate(fixturePem(name)).fingerprint256;
const G1 = fingerprint('online-billing-root-g1.pem');
const OLD = fingerprint('online-billing-root-old.pem');
const CLIENT = fingerprint('japanese-client.pem');

const CU_ROOT = 'Cert:\\CurrentUser\\Root';
const LM_ROOT = 'Cert:\\LocalMachine\\Root';

let pkiDir: string | undefined;
afterAll(() => {
  removeTempDirs();
  // certs.ts removes its dir on 'exit', which a vitest fork does not reach: this file made it, this file removes it.
  if (pkiDir) rmSync(pkiDir, { recursive: true, force: true });
});

async function testPki(): Promise<TestPki> {
  const pki = await makeTestPki();
  pkiDir = pki.dir;
  return pki;
}

describe('the Windows certificate stores', () => {
  const windows = (runner: FakeRunner) => ({ platform: 'win32' as const, runner, fs: fileSystem });
  const rootCall = windowsListCommand('root');

  it('lists both Root stores with PowerShell as UTF-8 JSON, computing SHA-256 from the raw certificate', () => {
    expect(rootCall.file).toBe('powershell.exe');
    expect(rootCall.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    const script = rootCall.args[3]!;
    expect(script.startsWith('[Console]::OutputEncoding=[Text.Encoding]::UTF8;')).toBe(true);
    expect(script).toContain("'Cert:\\CurrentUser\\Root','Cert:\\LocalMachine\\Root'");
    expect(script).toContain('[Convert]::ToBase64String($_.RawData)');
    expect(script).toContain('ConvertTo-Json');
    expect(windowsListCommand('my').args[3]).toContain("'Cert:\\CurrentUser\\My','Cert:\\LocalMachine\\My'");
  });

  it('on recorded Windows output (a BOM, CRLF, a Japanese subject), finds the root in the current user’s store', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, exited(recorded('windows-root-installed.json')));
    expect(await findCertificate(windows(runner), 'root', G1)).toEqual({ kind: 'found', location: CU_ROOT });
    runner.assertDone();
  });

  it('on recorded Windows output, reads Japanese subjects from the certificate itself', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, exited(recorded('windows-root-installed.json')));
    const listing = await listCertificates(windows(runner), 'root');
    runner.assertDone();
    expect(listing.kind).toBe('listed');
    if (listing.kind !== 'listed') return;
    expect(listing.certificates.map((c) => c.location)).toEqual([CU_ROOT, CU_ROOT, CU_ROOT, LM_ROOT, LM_ROOT]);
    expect(listing.certificates[1]!.subject).toBe('C=JP\nO=医療法人社団テスト会\nCN=テスト医療認証局 ルート');
    expect(listing.certificates[1]!.fingerprint256).toBe(fingerprint('japanese-root.pem'));
  });

  it('on recorded Windows output, the current user’s store is named before the machine’s when both hold it', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, exited(recorded('windows-root-machine.json')));
    expect(await findCertificate(windows(runner), 'root', G1)).toEqual({ kind: 'found', location: CU_ROOT });
    runner.assertDone();
  });

  it('on recorded Windows output without the root, says which stores were searched', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, exited(recorded('windows-root-absent.json')));
    expect(await findCertificate(windows(runner), 'root', G1)).toEqual({ kind: 'absent', searched: [CU_ROOT, LM_ROOT] });
    runner.assertDone();
  });

  it('on recorded Windows output with one certificate (ConvertTo-Json gives an object, not an array), finds it', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, exited(recorded('windows-root-single.json')));
    expect(await findCertificate(windows(runner), 'root', G1)).toEqual({ kind: 'found', location: CU_ROOT });
    runner.assertDone();
  });

  it('on Windows, an empty store (PowerShell prints nothing) holds nothing', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, exited('\r\n'));
    expect(await findCertificate(windows(runner), 'root', G1)).toEqual({ kind: 'absent', searched: [CU_ROOT, LM_ROOT] });
    runner.assertDone();
  });

  it('matches a fingerprint given in lower case without colons', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, exited(recorded('windows-root-single.json')));
    expect(await findCertificate(windows(runner), 'root', G1.replaceAll(':', '').toLowerCase())).toEqual({ kind: 'found', location: CU_ROOT });
    runner.assertDone();
  });

  it('on recorded Windows output of the Personal store, finds a client certificate with a Japanese subject', async () => {
    const my = windowsListCommand('my');
    const runner = new FakeRunner().expect(my.file, my.args, exited(recorded('windows-my-single.json')));
    expect(await findCertificate(windows(runner), 'my', CLIENT)).toEqual({ kind: 'found', location: 'Cert:\\CurrentUser\\My' });
    runner.assertDone();
  });

  it('cannot read the stores when PowerShell is missing', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, { kind: 'missing' });
    expect(await findCertificate(windows(runner), 'root', G1)).toEqual({ kind: 'cannot-read', message: 'powershell.exe was not found on this PC' });
    runner.assertDone();
  });

  it('on recorded Windows output of a failing command (exit 1, a Japanese error), gives its first line', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, exited('', 1, recorded('windows-error-stderr.txt')));
    expect(await findCertificate(windows(runner), 'root', G1)).toEqual({
      kind: 'cannot-read',
      message: "powershell.exe exited with code 1: Get-ChildItem : パス 'Cert:\\LocalMachine\\Root' が存在しないため検出できません。",
    });
    runner.assertDone();
  });

  it('cannot read output that is not JSON, and says so', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, exited('警告: プロファイルを読み込めません\r\n'));
    const lookup = await findCertificate(windows(runner), 'root', G1);
    expect(lookup).toEqual({ kind: 'cannot-read', message: 'PowerShell printed something that is not JSON: 警告: プロファイルを読み込めません' });
    runner.assertDone();
  });

  it('reports a timeout as not readable', async () => {
    const runner = new FakeRunner().expect(rootCall.file, rootCall.args, { kind: 'timeout' });
    expect(await findCertificate(windows(runner), 'root', G1)).toEqual({ kind: 'cannot-read', message: 'powershell.exe did not answer in time' });
    runner.assertDone();
  });
});

describe('the macOS keychains', () => {
  const mac = (runner: FakeRunner) => ({ platform: 'darwin' as const, runner, fs: fileSystem });
  const [userCall, systemCall] = macosCommands('root');
  const notFound = exited('', 44, recorded('macos-not-found-stderr.txt'));

  it('searches the default keychains, then the System keychain, by the root’s name', () => {
    expect(userCall).toEqual({ location: MACOS_DEFAULT_KEYCHAINS, file: 'security', args: ['find-certificate', '-a', '-Z', '-p', '-c', 'Online Billing NW Common Root CA'] });
    expect(systemCall!.args).toEqual([...userCall!.args, MACOS_SYSTEM_KEYCHAIN]);
    expect(macosCommands('my')[0]!.args).toEqual(['find-certificate', '-a', '-Z', '-p']);
  });

  it('on recorded macOS output, finds the root in the login keychain', async () => {
    const runner = new FakeRunner().expect('security', userCall!.args, exited(recorded('macos-root-login.txt'))).expect('security', systemCall!.args, notFound);
    expect(await findCertificate(mac(runner), 'root', G1)).toEqual({ kind: 'found', location: MACOS_DEFAULT_KEYCHAINS });
    runner.assertDone();
  });

  it('on recorded macOS output (exit 44: no match), reports the root absent from both', async () => {
    const runner = new FakeRunner().expect('security', userCall!.args, notFound).expect('security', systemCall!.args, notFound);
    expect(await findCertificate(mac(runner), 'root', G1)).toEqual({ kind: 'absent', searched: [MACOS_DEFAULT_KEYCHAINS, MACOS_SYSTEM_KEYCHAIN] });
    runner.assertDone();
  });

  it('on recorded macOS output, lists an old root of the same name in the System keychain', async () => {
    const runner = new FakeRunner().expect('security', userCall!.args, notFound).expect('security', systemCall!.args, exited(recorded('macos-root-system-old.txt')));
    const listing = await listCertificates(mac(runner), 'root');
    runner.assertDone();
    expect(listing).toEqual({
      kind: 'listed',
      certificates: [{ location: MACOS_SYSTEM_KEYCHAIN, fingerprint256: OLD, subject: 'C=JP\nO=Online Billing Test Fixture\nCN=Online Billing NW Common Root CA' }],
      searched: [MACOS_DEFAULT_KEYCHAINS, MACOS_SYSTEM_KEYCHAIN],
    });
  });

  it('on recorded macOS output, finds a client certificate among several in the keychains', async () => {
    const [user, system] = macosCommands('my');
    const runner = new FakeRunner().expect('security', user!.args, exited(recorded('macos-my-login.txt'))).expect('security', system!.args, notFound);
    expect(await findCertificate(mac(runner), 'my', CLIENT)).toEqual({ kind: 'found', location: MACOS_DEFAULT_KEYCHAINS });
    runner.assertDone();
  });

  it('cannot read the keychains when security fails otherwise', async () => {
    const runner = new FakeRunner().expect('security', userCall!.args, exited('', 51, 'security: SecKeychainCopySearchList: User interaction is not allowed.\n'));
    expect(await findCertificate(mac(runner), 'root', G1)).toEqual({
      kind: 'cannot-read',
      message: 'security exited with code 51: security: SecKeychainCopySearchList: User interaction is not allowed.',
    });
    runner.assertDone();
  });
});

describe('the Linux system bundle', () => {
  const [debian, fedora] = LINUX_BUNDLES;

  async function bundleWith(pems: string[], crlf = false): Promise<string> {
    const path = join(tempDir('seikyu-bundle-'), 'ca-certificates.crt');
    const text = pems.map((pem) => `# a comment line\n${pem.trim()}\n`).join('');
    writeFileSync(path, crlf ? text.replaceAll('\n', '\r\n') : text);
    return path;
  }

  it('finds the test root in a real PEM bundle at the Debian path', async () => {
    const pki = await testPki();
    const bundle = await bundleWith([pki.otherRoot.pem, pki.root.pem]);
    const fs = redirectedFileSystem({ [debian]: bundle }, LINUX_BUNDLES);
    expect(await findCertificate({ platform: 'linux', runner: noCommands, fs }, 'root', pki.root.fingerprint256)).toEqual({ kind: 'found', location: debian });
  });

  it('falls back to the next bundle that exists (Fedora’s), CRLF line ends included', async () => {
    const pki = await testPki();
    const bundle = await bundleWith([pki.root.pem], true);
    const fs = redirectedFileSystem({ [fedora]: bundle }, LINUX_BUNDLES);
    expect(await findCertificate({ platform: 'linux', runner: noCommands, fs }, 'root', pki.root.fingerprint256)).toEqual({ kind: 'found', location: fedora });
  });

  it('reports the root absent from a bundle of other roots, naming the bundle', async () => {
    const pki = await testPki();
    const bundle = await bundleWith([pki.otherRoot.pem, fixturePem('japanese-root.pem')]);
    const fs = redirectedFileSystem({ [debian]: bundle }, LINUX_BUNDLES);
    expect(await findCertificate({ platform: 'linux', runner: noCommands, fs }, 'root', pki.root.fingerprint256)).toEqual({ kind: 'absent', searched: [debian] });
  });

  it('cannot read the store when no bundle exists', async () => {
    const fs = redirectedFileSystem({}, LINUX_BUNDLES);
    const lookup = await findCertificate({ platform: 'linux', runner: noCommands, fs }, 'root', G1);
    expect(lookup.kind).toBe('cannot-read');
  });

  it('has no Personal store', async () => {
    expect(await findCertificate({ platform: 'linux', runner: noCommands, fs: fileSystem }, 'my', G1)).toEqual({ kind: 'unsupported' });
  });

  it.skipIf(!existsSync(debian))('reads this machine’s real bundle, which does not trust the test root', async () => {
    const pki = await testPki();
    expect(await findCertificate({ platform: 'linux', runner: noCommands, fs: fileSystem }, 'root', pki.root.fingerprint256)).toEqual({ kind: 'absent', searched: [debian] });
  });
});

describe('the fake runner these tests replay with', () => {
  it('fails on a call with other arguments, and on an expected call that never came', async () => {
    const runner = new FakeRunner().expect('security', ['a'], exited('')).expect('security', ['b'], exited(''));
    await expect(runner.run('security', ['x'])).rejects.toThrow('expected security ["a"]');
    expect(() => runner.assertDone()).toThrow();
  });
});
