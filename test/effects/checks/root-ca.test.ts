import { X509Certificate } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINUX_BUNDLES, macosCommands, MACOS_DEFAULT_KEYCHAINS, MACOS_SYSTEM_KEYCHAIN, windowsListCommand } from '../../../src/effects/checks/cert-store.js';
import { createRootCaCheck } from '../../../src/effects/checks/root-ca.js';
import { runCheck } from '../../../src/effects/checks/run.js';
import type { CheckResult, CommandRunner, FileSystem, RecordedFacts } from '../../../src/effects/checks/types.js';
import { checkJa } from '../../../src/i18n/checks/index.js';
import { makeTestPki } from '../../helpers/certs.js';
import type { TestPki } from '../../helpers/certs.js';
import { checkRequest, expectShowable, fileCheckPorts, makeSetupManual, redirectedFileSystem, removeTempDirs, tempDir } from '../../helpers/folders.js';
import { exited, FakeRunner, fixturePem, noCommands, recorded } from '../../fixtures/checks/stores/recorded.js';

const G1 = new X509Certificate(fixturePem('online-billing-root-g1.pem')).fingerprint256;
const OLD = new X509Certificate(fixturePem('online-billing-root-old.pem')).fingerprint256;
const [DEBIAN_BUNDLE] = LINUX_BUNDLES;

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
});
afterAll(() => {
  removeTempDirs();
  // certs.ts removes its dir on 'exit', which a vitest fork does not reach: this file made it, this file removes it.
  rmSync(pki.dir, { recursive: true, force: true });
});

/** What `setup-manual` recorded: its fact, or (an older record) only the folder. */
const recordedFact = (rootFingerprint: string): Record<string, RecordedFacts> => ({ 'setup-manual': { inputs: { folder: 'C:\\Online_Setup_Manual' }, facts: { rootFingerprint } } });
const recordedFolder = (folder: string): Record<string, RecordedFacts> => ({ 'setup-manual': { inputs: { folder }, facts: {} } });

async function rootCa(platform: NodeJS.Platform, runner: CommandRunner, fs: FileSystem | undefined, records: Record<string, RecordedFacts>): Promise<CheckResult> {
  const result = await runCheck(createRootCaCheck(fileCheckPorts({ platform, runner, fs })), checkRequest('root-ca', {}, records));
  expectShowable(result);
  return result;
}

function bundleFs(pems: string[]): FileSystem {
  const path = join(tempDir('seikyu-bundle-'), 'ca-certificates.crt');
  writeFileSync(path, pems.join('\n'));
  return redirectedFileSystem({ [DEBIAN_BUNDLE]: path }, LINUX_BUNDLES);
}

describe('root-ca on Linux, with a real bundle', () => {
  it('passes when the bundle holds the recorded root, naming where it is', async () => {
    const result = await rootCa('linux', noCommands, bundleFs([pki.otherRoot.pem, pki.root.pem]), recordedFact(pki.root.fingerprint256));
    expect(result).toEqual({
      outcome: 'passed',
      reason: 'check.root-ca.passed',
      fix: null,
      evidence: { location: DEBIAN_BUNDLE, rootFingerprint: pki.root.fingerprint256 },
      facts: { location: DEBIAN_BUNDLE, rootFingerprint: pki.root.fingerprint256 },
    });
  });

  it('reads the root from the recorded manual folder when no fingerprint was recorded', async () => {
    const manual = makeSetupManual(pki.root.pem, { inParent: true, upperCase: true });
    const result = await rootCa('linux', noCommands, bundleFs([pki.root.pem]), recordedFolder(manual.folder));
    expect(result).toMatchObject({ outcome: 'passed', evidence: { rootFingerprint: pki.root.fingerprint256 } });
  });

  it('fails when the bundle lacks the root, saying how to add it there', async () => {
    const result = await rootCa('linux', noCommands, bundleFs([pki.otherRoot.pem]), recordedFact(pki.root.fingerprint256));
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.root-ca.absent-bundle', fix: 'check.root-ca.absent-bundle.fix', evidence: { searched: DEBIAN_BUNDLE } });
  });

  it('fails with its own sentence when a root of the same name has another fingerprint', async () => {
    const manual = makeSetupManual(fixturePem('online-billing-root-g1.pem'));
    const result = await rootCa('linux', noCommands, bundleFs([fixturePem('online-billing-root-old.pem')]), recordedFolder(manual.folder));
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.root-ca.other-root', evidence: { location: DEBIAN_BUNDLE, rootFingerprint: G1, otherFingerprint: OLD } });
  });

  it('cannot run when no bundle exists', async () => {
    const result = await rootCa('linux', noCommands, redirectedFileSystem({}, LINUX_BUNDLES), recordedFact(pki.root.fingerprint256));
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.root-ca.cannot-read' });
  });
});

describe('root-ca without a recorded manual', () => {
  it('cannot run before setup-manual is recorded, and says to record it first', async () => {
    const runner = new FakeRunner();
    const result = await rootCa('win32', runner, undefined, {});
    runner.assertDone();
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.root-ca.no-manual', fix: 'check.root-ca.no-manual.fix' });
    expect(checkJa['check.root-ca.no-manual.fix']).toContain('seikyu done setup-manual');
  });

  it('cannot run when the recorded manual folder is gone', async () => {
    const manual = makeSetupManual(pki.root.pem);
    rmSync(manual.folder, { recursive: true });
    const runner = new FakeRunner();
    const result = await rootCa('win32', runner, undefined, recordedFolder(manual.folder));
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.root-ca.manual-unreadable', evidence: { folder: manual.folder } });
    runner.assertDone();
  });
});

describe('root-ca on Windows', () => {
  const call = windowsListCommand('root');
  const replay = (outcome: Parameters<FakeRunner['expect']>[2]) => new FakeRunner().expect(call.file, call.args, outcome);

  it('on recorded Windows output, passes with the root in the current user’s Trusted Root store', async () => {
    const runner = replay(exited(recorded('windows-root-installed.json')));
    const result = await rootCa('win32', runner, undefined, recordedFact(G1));
    runner.assertDone();
    expect(result).toMatchObject({ outcome: 'passed', evidence: { location: 'Cert:\\CurrentUser\\Root', rootFingerprint: G1 } });
  });

  it('on recorded Windows output, fails without the root and tells how to install it into 信頼されたルート証明機関', async () => {
    const runner = replay(exited(recorded('windows-root-absent.json')));
    const result = await rootCa('win32', runner, undefined, recordedFact(G1));
    runner.assertDone();
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.root-ca.absent', fix: 'check.root-ca.absent.fix', evidence: { searched: 'Cert:\\CurrentUser\\Root, Cert:\\LocalMachine\\Root' } });
    const fix = checkJa['check.root-ca.absent.fix'];
    for (const words of ['証明書のインストール', '証明書をすべて次のストアに配置する', '信頼されたルート証明機関']) expect(fix).toContain(words);
  });

  it('on recorded Windows output, fails with its own sentence on an old root of the same name', async () => {
    const runner = replay(exited(recorded('windows-root-old.json')));
    const result = await rootCa('win32', runner, undefined, recordedFact(G1));
    runner.assertDone();
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.root-ca.other-root', evidence: { location: 'Cert:\\CurrentUser\\Root', otherFingerprint: OLD } });
  });

  it('on recorded Windows output with one certificate, passes', async () => {
    const runner = replay(exited(recorded('windows-root-single.json')));
    expect(await rootCa('win32', runner, undefined, recordedFact(G1))).toMatchObject({ outcome: 'passed' });
    runner.assertDone();
  });

  it('on Windows, fails on an empty store', async () => {
    const runner = replay(exited(''));
    expect(await rootCa('win32', runner, undefined, recordedFact(G1))).toMatchObject({ outcome: 'failed', reason: 'check.root-ca.absent' });
    runner.assertDone();
  });

  it('cannot run when PowerShell is missing', async () => {
    const runner = replay({ kind: 'missing' });
    expect(await rootCa('win32', runner, undefined, recordedFact(G1))).toMatchObject({ outcome: 'cannot-run', reason: 'check.root-ca.cannot-read', evidence: { message: 'powershell.exe was not found on this PC' } });
    runner.assertDone();
  });

  it('on recorded Windows output of a failing command, cannot run and says why', async () => {
    const runner = replay(exited('', 1, recorded('windows-error-stderr.txt')));
    const result = await rootCa('win32', runner, undefined, recordedFact(G1));
    runner.assertDone();
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.root-ca.cannot-read' });
    expect(result.evidence.message).toContain('Get-ChildItem');
  });
});

describe('root-ca on macOS', () => {
  const [user, system] = macosCommands('root');
  const notFound = exited('', 44, recorded('macos-not-found-stderr.txt'));

  it('on recorded macOS output, passes with the root in the login keychain', async () => {
    const runner = new FakeRunner().expect('security', user!.args, exited(recorded('macos-root-login.txt'))).expect('security', system!.args, notFound);
    expect(await rootCa('darwin', runner, undefined, recordedFact(G1))).toMatchObject({ outcome: 'passed', evidence: { location: MACOS_DEFAULT_KEYCHAINS } });
    runner.assertDone();
  });

  it('on recorded macOS output, fails without the root, saying how to trust it in the keychain', async () => {
    const runner = new FakeRunner().expect('security', user!.args, notFound).expect('security', system!.args, notFound);
    expect(await rootCa('darwin', runner, undefined, recordedFact(G1))).toMatchObject({ outcome: 'failed', reason: 'check.root-ca.absent-keychain', fix: 'check.root-ca.absent-keychain.fix' });
    runner.assertDone();
  });

  it('on recorded macOS output, fails on an old root of the same name in the System keychain', async () => {
    const runner = new FakeRunner().expect('security', user!.args, notFound).expect('security', system!.args, exited(recorded('macos-root-system-old.txt')));
    expect(await rootCa('darwin', runner, undefined, recordedFact(G1))).toMatchObject({ outcome: 'failed', reason: 'check.root-ca.other-root', evidence: { location: MACOS_SYSTEM_KEYCHAIN } });
    runner.assertDone();
  });
});
