import { X509Certificate } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../../src/effects/clock.js';
import { createChecks } from '../../../src/effects/checks/index.js';
import { createFileChecks } from '../../../src/effects/checks/files.js';
import { runCheck } from '../../../src/effects/checks/run.js';
import { fileSystem } from '../../../src/effects/checks/system.js';
import type { Check, CheckResult, FileSystem } from '../../../src/effects/checks/types.js';
import { loadProcedure } from '../../../src/effects/procedure-loader.js';
import { makeTestPki } from '../../helpers/certs.js';
import type { TestPki } from '../../helpers/certs.js';
import { checkRequest, cutShort, expectShowable, fileCheckPorts, makeOnsApps, makeReaderSoftware, makeSetupManual, pemToDer, removeTempDirs, tempDir, writeZip } from '../../helpers/folders.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
});
afterAll(() => {
  removeTempDirs();
  // certs.ts removes its dir on 'exit', which a vitest fork does not reach: this file made it, this file removes it.
  rmSync(pki.dir, { recursive: true, force: true });
});

function fileCheck(step: string, fs?: FileSystem): Check {
  const check = createFileChecks(fileCheckPorts({ fs })).find((c) => c.step === step);
  if (!check) throw new Error(`no check for ${step}`);
  return check;
}

/** Runs the check as the program does (time limit, missing inputs), and checks its sentences can be shown. */
async function run(step: string, folder: string, fs?: FileSystem): Promise<CheckResult> {
  const result = await runCheck(fileCheck(step, fs), checkRequest(step, { folder }));
  expectShowable(result);
  return result;
}

/** A file system on which one folder cannot be read (as a locked folder on Windows; root reads anything here). */
function lockedFolder(path: string): FileSystem {
  const denied = () => Promise.reject(Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' }));
  return { ...fileSystem, readdir: (p) => (p === path ? denied() : fileSystem.readdir(p)) };
}

describe('the file checks', () => {
  it('are the setup-manual, ons-apps, reader-software and root-ca checks, registered by step', () => {
    const checks = createFileChecks(fileCheckPorts());
    expect(checks.map((c) => [c.step, c.needsInputs])).toEqual([
      ['setup-manual', ['folder']],
      ['ons-apps', ['folder']],
      ['reader-software', ['folder']],
      ['root-ca', []],
    ]);
    expect([...createChecks(fileCheckPorts()).keys()]).toEqual(expect.arrayContaining(['setup-manual', 'ons-apps', 'reader-software', 'root-ca']));
  });

  it('say which input is missing when no folder was given', async () => {
    const result = await runCheck(fileCheck('ons-apps'), checkRequest('ons-apps', {}));
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.input-missing', evidence: { input: 'folder', step: 'ons-apps' } });
  });
});

describe('setup-manual', () => {
  it('passes on a manual with Top.html and the PEM root, and records its fingerprint, subject and last day', async () => {
    const manual = makeSetupManual(pki.root.pem);
    const result = await run('setup-manual', manual.folder);
    const notAfter = localDay(new Date(new X509Certificate(pki.root.pem).validTo));
    expect(result).toEqual({
      outcome: 'passed',
      reason: 'check.setup-manual.passed',
      fix: null,
      evidence: { folder: manual.folder, crtFile: manual.crtPath, rootFingerprint: pki.root.fingerprint256, rootSubject: 'CN=Online Billing NW Common Root CA', rootNotAfter: notAfter },
      facts: { rootFingerprint: pki.root.fingerprint256, rootSubject: 'CN=Online Billing NW Common Root CA', rootNotAfter: notAfter },
    });
    expect(notAfter).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('passes on a DER root', async () => {
    const manual = makeSetupManual(pemToDer(pki.root.pem));
    const result = await run('setup-manual', manual.folder);
    expect(result.outcome).toBe('passed');
    expect(result.facts.rootFingerprint).toBe(pki.root.fingerprint256);
  });

  it('finds TOP.HTML and CRT/ONLINEBILLINGNWCOMMONROOTCA-G1.CRT in upper case, as a CD copy has them', async () => {
    const manual = makeSetupManual(pki.root.pem, { upperCase: true });
    const result = await run('setup-manual', manual.folder);
    expect(result.outcome).toBe('passed');
    expect(result.evidence.crtFile).toBe(join(manual.folder, 'CRT', 'ONLINEBILLINGNWCOMMONROOTCA-G1.CRT'));
  });

  it('accepts the folder that holds Online_Setup_Manual, and says which folder it read', async () => {
    const manual = makeSetupManual(pki.root.pem, { inParent: true });
    const result = await run('setup-manual', manual.folder);
    expect(result).toMatchObject({ outcome: 'passed', evidence: { folder: manual.folder, usedFolder: manual.manual } });
    expect(result.facts).not.toHaveProperty('usedFolder');
  });

  it('fails when the folder does not exist', async () => {
    const folder = join(tempDir(), 'Online_Setup_Manual');
    expect(await run('setup-manual', folder)).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.missing', fix: 'check.setup-manual.missing.fix', evidence: { folder } });
  });

  it('fails when a file is given instead of a folder (the ZIP itself)', async () => {
    const file = join(tempDir(), 'Online_Setup_Manual.zip');
    writeFileSync(file, 'PK');
    expect(await run('setup-manual', file)).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.not-folder' });
  });

  it('cannot run when the folder cannot be read', async () => {
    const manual = makeSetupManual(pki.root.pem);
    const result = await run('setup-manual', manual.folder, lockedFolder(manual.folder));
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.setup-manual.unreadable' });
    expect(result.evidence.message).toContain('EACCES');
  });

  it('fails on an empty folder', async () => {
    const folder = tempDir();
    expect(await run('setup-manual', folder)).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.empty', evidence: { folder } });
  });

  it('fails on an empty Online_Setup_Manual inside the folder given, naming it', async () => {
    const folder = tempDir();
    const inner = join(folder, 'online_setup_manual');
    mkdirSync(inner);
    expect(await run('setup-manual', folder)).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.empty', evidence: { folder, usedFolder: inner } });
  });

  it('fails when Top.html is missing', async () => {
    const manual = makeSetupManual(pki.root.pem, { withoutTopHtml: true });
    expect(await run('setup-manual', manual.folder)).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.no-top-html' });
  });

  it('fails when the crt folder has no root file', async () => {
    const manual = makeSetupManual(pki.root.pem, { withoutCrt: true });
    expect(await run('setup-manual', manual.folder)).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.no-crt' });
  });

  it('fails naming the other .crt when the crt folder holds a different one', async () => {
    const manual = makeSetupManual(pki.root.pem, { withoutCrt: true, otherCrt: 'OnlineBillingNWCommonRootCA.crt' });
    expect(await run('setup-manual', manual.folder)).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.other-crt', evidence: { otherCrt: 'OnlineBillingNWCommonRootCA.crt' } });
  });

  it('fails when the .crt is not a certificate (a text file)', async () => {
    const manual = makeSetupManual('これは証明書ではありません\r\n');
    const result = await run('setup-manual', manual.folder);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.not-certificate', evidence: { crtFile: manual.crtPath } });
    expect(result.evidence.message).not.toBe('');
  });

  it('fails when the .crt was only partly copied', async () => {
    const manual = makeSetupManual(pemToDer(pki.root.pem));
    cutShort(manual.crtPath);
    expect(await run('setup-manual', manual.folder)).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.not-certificate' });
  });

  it('fails when the certificate is another root, saying the subject it found', async () => {
    const manual = makeSetupManual(pki.otherRoot.pem);
    expect(await run('setup-manual', manual.folder)).toMatchObject({ outcome: 'failed', reason: 'check.setup-manual.wrong-subject', evidence: { rootSubject: 'CN=Stranger Root CA' } });
  });
});

describe('ons-apps', () => {
  it('passes when the four zips are there and OQSFaceApp.zip holds the three extensions', async () => {
    const { folder } = makeOnsApps();
    expect(await run('ons-apps', folder)).toEqual({
      outcome: 'passed',
      reason: 'check.ons-apps.passed',
      fix: null,
      evidence: { folder, found: 'OQSFaceApp.zip, OQSComApp.zip, OQSDistroApp.zip, CybertrustManagedPKIClient.zip' },
      facts: {},
    });
  });

  it('reads zips written by Python’s zipfile as well as by zip', async () => {
    const { folder } = makeOnsApps();
    const face = join(folder, 'OQSFaceApp.zip');
    rmSync(face);
    writeZip(face, { 'delegate.crx': 'Cr24', 'nopinauth.crx': 'Cr24', 'sub/pinauth.crx': 'Cr24' }, 'python3');
    expect(await run('ons-apps', folder)).toMatchObject({ outcome: 'passed' });
  });

  it('finds the zips whatever the case of their names', async () => {
    const { folder } = makeOnsApps({ upperCase: true });
    expect(await run('ons-apps', folder)).toMatchObject({ outcome: 'passed', evidence: { found: 'OQSFACEAPP.ZIP, OQSCOMAPP.ZIP, OQSDISTROAPP.ZIP, CYBERTRUSTMANAGEDPKICLIENT.ZIP' } });
  });

  it('fails listing the zips that are missing', async () => {
    const { folder } = makeOnsApps({ without: ['OQSDistroApp.zip', 'CybertrustManagedPKIClient.zip'] });
    expect(await run('ons-apps', folder)).toMatchObject({
      outcome: 'failed',
      reason: 'check.ons-apps.missing-zips',
      evidence: { folder, found: 'OQSFaceApp.zip, OQSComApp.zip', missing: 'OQSDistroApp.zip, CybertrustManagedPKIClient.zip' },
    });
  });

  it('fails listing all four in an empty folder', async () => {
    const folder = tempDir();
    expect(await run('ons-apps', folder)).toMatchObject({ outcome: 'failed', reason: 'check.ons-apps.missing-zips', evidence: { missing: 'OQSFaceApp.zip, OQSComApp.zip, OQSDistroApp.zip, CybertrustManagedPKIClient.zip' } });
  });

  it('fails naming a zip whose download was cut short', async () => {
    const { folder } = makeOnsApps({ cutShort: 'OQSComApp.zip' });
    const result = await run('ons-apps', folder);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.ons-apps.not-zip', evidence: { file: 'OQSComApp.zip' } });
    expect(result.evidence.message).not.toBe('');
  });

  it('fails naming a text file saved under a zip’s name', async () => {
    const { folder } = makeOnsApps({ textFile: 'CybertrustManagedPKIClient.zip' });
    expect(await run('ons-apps', folder)).toMatchObject({ outcome: 'failed', reason: 'check.ons-apps.not-zip', evidence: { file: 'CybertrustManagedPKIClient.zip' } });
  });

  it('fails listing the extensions missing from OQSFaceApp.zip (nopinauth.crx is not pinauth.crx)', async () => {
    const { folder } = makeOnsApps({ crx: ['delegate.crx', 'nopinauth.crx'] });
    expect(await run('ons-apps', folder)).toMatchObject({ outcome: 'failed', reason: 'check.ons-apps.missing-crx', evidence: { file: 'OQSFaceApp.zip', missingCrx: 'pinauth.crx' } });
  });

  it('fails when the folder does not exist, or is a file', async () => {
    const missing = join(tempDir(), 'apps');
    expect(await run('ons-apps', missing)).toMatchObject({ outcome: 'failed', reason: 'check.ons-apps.missing' });
    const { folder } = makeOnsApps();
    expect(await run('ons-apps', join(folder, 'OQSFaceApp.zip'))).toMatchObject({ outcome: 'failed', reason: 'check.ons-apps.not-folder' });
  });

  it('cannot run when the folder cannot be read', async () => {
    const { folder } = makeOnsApps();
    expect(await run('ons-apps', folder, lockedFolder(folder))).toMatchObject({ outcome: 'cannot-run', reason: 'check.ons-apps.unreadable' });
  });
});

describe('reader-software', () => {
  const SOFTWARE = 986_000_000;

  it('reads what to expect from the procedure data: 7 PDF manuals and about 986 MB of software', () => {
    const step = loadProcedure().steps.find((s) => s.id === 'reader-software');
    expect(step?.downloads).toEqual({ manuals: { extension: 'pdf', count: 7 }, software: { aboutBytes: 986_000_000, minBytes: 900_000_000 } });
  });

  it('passes with 7 manuals and the software, saying the counts', async () => {
    const { folder } = makeReaderSoftware({ manuals: 7, software: [SOFTWARE] });
    expect(await run('reader-software', folder)).toEqual({
      outcome: 'passed',
      reason: 'check.reader-software.passed',
      fix: null,
      evidence: { folder, manualCount: '7', manualsNeeded: '7', softwareSize: '986', softwareExpected: '986' },
      facts: {},
    });
  });

  it('passes with the files in subfolders, upper-case .PDF and the software in two parts', async () => {
    const { folder } = makeReaderSoftware({ manuals: 7, software: [500_000_000, 486_000_000], nested: true, upperCase: true });
    expect(await run('reader-software', folder)).toMatchObject({ outcome: 'passed', evidence: { manualCount: '7', softwareSize: '986' } });
  });

  it('fails with too few manuals, saying how many it found', async () => {
    const { folder } = makeReaderSoftware({ manuals: 5, software: [SOFTWARE] });
    expect(await run('reader-software', folder)).toMatchObject({ outcome: 'failed', reason: 'check.reader-software.few-manuals', evidence: { manualCount: '5', manualsNeeded: '7' } });
  });

  it('fails when the software was cut short, saying the size found', async () => {
    const { folder } = makeReaderSoftware({ manuals: 7, software: [400_000_000] });
    expect(await run('reader-software', folder)).toMatchObject({ outcome: 'failed', reason: 'check.reader-software.no-software', evidence: { softwareSize: '400', softwareExpected: '986' } });
  });

  it('fails when only the manuals are there', async () => {
    const { folder } = makeReaderSoftware({ manuals: 7, software: [] });
    expect(await run('reader-software', folder)).toMatchObject({ outcome: 'failed', reason: 'check.reader-software.no-software', evidence: { softwareSize: '0' } });
  });

  it('fails on an empty folder, saying what belongs in it', async () => {
    const folder = tempDir();
    expect(await run('reader-software', folder)).toMatchObject({ outcome: 'failed', reason: 'check.reader-software.empty', evidence: { folder, manualsNeeded: '7', softwareExpected: '986' } });
  });

  it('fails when the folder does not exist, or is a file', async () => {
    expect(await run('reader-software', join(tempDir(), 'CardReader'))).toMatchObject({ outcome: 'failed', reason: 'check.reader-software.missing' });
    const { folder } = makeReaderSoftware({ manuals: 1, software: [] });
    expect(await run('reader-software', join(folder, 'manual_01_取扱説明書.pdf'))).toMatchObject({ outcome: 'failed', reason: 'check.reader-software.not-folder' });
  });

  it('cannot run when the folder cannot be read', async () => {
    const { folder } = makeReaderSoftware({ manuals: 7, software: [SOFTWARE] });
    expect(await run('reader-software', folder, lockedFolder(folder))).toMatchObject({ outcome: 'cannot-run', reason: 'check.reader-software.unreadable' });
  });

  it('stops looking in a folder of thousands of files (a whole drive) and cannot run rather than guess', async () => {
    const { folder } = makeReaderSoftware({ manuals: 0, software: [], extraFiles: 5_001 });
    expect(await run('reader-software', folder)).toMatchObject({ outcome: 'cannot-run', reason: 'check.reader-software.too-many', evidence: { entryLimit: '5000' } });
  });
});
