import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileSystem, zipReader } from '../../src/effects/checks/system.js';
import type { CheckPorts, CheckRequest, CheckResult, CommandRunner, FileSystem, RecordedFacts } from '../../src/effects/checks/types.js';
import { checkEn, checkJa } from '../../src/i18n/checks/index.js';
import type { Profile } from '../../src/machine/profile.js';

/**
 * Real folders the file checks read, made in temp dirs and removed when the process exits: the Online_Setup_Manual,
 * the four ONS zips (real zip files, written by the `zip` program or by Python's zipfile), the card reader's
 * downloads (the ~986 MB software is a sparse file: it costs no disk).
 */

const made: string[] = [];
let cleanupArmed = false;

/** A new empty temp dir, removed at exit (or earlier by `removeTempDirs`). */
export function tempDir(prefix = 'seikyu-folders-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  if (!cleanupArmed) {
    cleanupArmed = true;
    process.once('exit', removeTempDirs);
  }
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function put(path: string, content: string | Buffer): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

// ---- Online_Setup_Manual ---------------------------------------------------------------------------------------

export interface SetupManualOptions {
  /** Names in upper case (TOP.HTML, CRT/ONLINEBILLINGNWCOMMONROOTCA-G1.CRT), as a copy from a CD may have them. */
  upperCase?: boolean;
  /** Put the manual in `<dir>/Online_Setup_Manual` and give `<dir>` as the folder. */
  inParent?: boolean;
  withoutTopHtml?: boolean;
  /** No root file; `otherCrt` names a different .crt put in crt/ instead. */
  withoutCrt?: boolean;
  otherCrt?: string;
}

export interface SetupManual {
  /** The folder to give the check. */
  folder: string;
  /** The folder that holds Top.html (the same as `folder` unless `inParent`). */
  manual: string;
  crtPath: string;
}

export function makeSetupManual(rootPemOrDer: string | Buffer, options: SetupManualOptions = {}): SetupManual {
  const folder = tempDir('seikyu-manual-');
  const manual = options.inParent ? join(folder, 'Online_Setup_Manual') : folder;
  const name = (text: string) => (options.upperCase ? text.toUpperCase() : text);
  mkdirSync(manual, { recursive: true });
  if (!options.withoutTopHtml) put(join(manual, name('Top.html')), '<html lang="ja"><head><meta charset="utf-8"><title>オンライン請求 セットアップ</title></head><body></body></html>\r\n');
  put(join(manual, name('setup'), 'readme.txt'), 'setup tools\r\n');
  const crtPath = join(manual, name('crt'), name('OnlineBillingNWCommonRootCA-G1.crt'));
  if (options.withoutCrt) {
    mkdirSync(dirname(crtPath), { recursive: true });
    if (options.otherCrt) put(join(dirname(crtPath), options.otherCrt), rootPemOrDer);
  } else {
    put(crtPath, rootPemOrDer);
  }
  return { folder, manual, crtPath };
}

/** A certificate in DER form, from PEM (the manual's .crt has been seen in both encodings). */
export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}

// ---- Zips ------------------------------------------------------------------------------------------------------

let zipTool: 'zip' | 'python3' | undefined;

/** Which real zip writer this machine has: the `zip` program, else Python's zipfile (CI has python3). */
function whichZipTool(): 'zip' | 'python3' {
  if (zipTool) return zipTool;
  try {
    execFileSync('zip', ['-v'], { stdio: 'ignore' });
    zipTool = 'zip';
  } catch {
    zipTool = 'python3';
  }
  return zipTool;
}

const PYTHON_ZIP = [
  'import os, sys, zipfile',
  'out, src = sys.argv[1], sys.argv[2]',
  'with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:',
  '    for base, dirs, files in os.walk(src):',
  '        for f in sorted(files):',
  '            p = os.path.join(base, f)',
  '            z.write(p, os.path.relpath(p, src))',
].join('\n');

/** Writes a real zip of `files` (relative path → content) at `out`. */
export function writeZip(out: string, files: Record<string, string | Buffer>, tool: 'zip' | 'python3' = whichZipTool()): string {
  const staging = tempDir('seikyu-zip-');
  for (const [path, content] of Object.entries(files)) put(join(staging, path), content);
  mkdirSync(dirname(out), { recursive: true });
  if (tool === 'zip') execFileSync('zip', ['-q', '-r', out, '.'], { cwd: staging, stdio: 'ignore' });
  else execFileSync('python3', ['-c', PYTHON_ZIP, out, staging], { stdio: 'ignore' });
  return out;
}

/** Cuts a file to a fraction of its size, as a download stopped half way leaves it. */
export function cutShort(path: string, fraction = 0.5): void {
  truncateSync(path, Math.floor(statSync(path).size * fraction));
}

export interface OnsAppsOptions {
  /** Zips not to write. */
  without?: string[];
  /** The crx files inside OQSFaceApp.zip (all three by default, in a subfolder as the real zip has them). */
  crx?: string[];
  /** A zip cut short after it was written. */
  cutShort?: string;
  /** A zip replaced by a text file with its name (an error page saved by the browser). */
  textFile?: string;
  upperCase?: boolean;
}

export const ONS_ZIP_NAMES = ['OQSFaceApp.zip', 'OQSComApp.zip', 'OQSDistroApp.zip', 'CybertrustManagedPKIClient.zip'] as const;

export function makeOnsApps(options: OnsAppsOptions = {}): { folder: string } {
  const folder = tempDir('seikyu-ons-');
  const crx = options.crx ?? ['delegate.crx', 'nopinauth.crx', 'pinauth.crx'];
  const contents: Record<string, Record<string, string>> = {
    'OQSFaceApp.zip': Object.fromEntries([['OQSFaceApp/README.txt', '顔認証付きカードリーダー用ブラウザ拡張\r\n'], ...crx.map((name) => [`OQSFaceApp/extensions/${name}`, `Cr24 ${name}`])]),
    'OQSComApp.zip': { 'OQSComApp/OQSComApp.msi': 'msi', 'OQSComApp/setup.bat': '@echo off\r\n' },
    'OQSDistroApp.zip': { 'OQSDistroApp/OQSDistroApp.msi': 'msi' },
    'CybertrustManagedPKIClient.zip': { 'CybertrustManagedPKIClient/MPKIClientSetup.exe': 'MZ' },
  };
  for (const zip of ONS_ZIP_NAMES) {
    if (options.without?.includes(zip)) continue;
    const path = join(folder, options.upperCase ? zip.toUpperCase() : zip);
    if (options.textFile === zip) {
      put(path, '<!DOCTYPE html><html><body>セッションの有効期限が切れました。</body></html>\r\n');
      continue;
    }
    writeZip(path, contents[zip]!);
    if (options.cutShort === zip) cutShort(path);
  }
  return { folder };
}

// ---- Card reader downloads -------------------------------------------------------------------------------------

export interface ReaderSoftwareOptions {
  manuals: number;
  /** The software's size in bytes, one sparse file per entry. */
  software: number[];
  /** Put the files in vendor-like subfolders instead of the folder itself. */
  nested?: boolean;
  /** Names in upper case (MANUAL.PDF). */
  upperCase?: boolean;
  /** Extra small files (a huge folder). */
  extraFiles?: number;
}

export function makeReaderSoftware(options: ReaderSoftwareOptions): { folder: string } {
  const folder = tempDir('seikyu-reader-');
  const name = (text: string) => (options.upperCase ? text.toUpperCase() : text);
  for (let i = 1; i <= options.manuals; i += 1) {
    const sub = options.nested ? join('マニュアル', `第${i}部`) : '';
    put(join(folder, sub, name(`manual_${String(i).padStart(2, '0')}_取扱説明書.pdf`)), `%PDF-1.7\n% manual ${i}\n%%EOF\n`);
  }
  options.software.forEach((bytes, i) => {
    const path = put(join(folder, options.nested ? 'software' : '', name(`CardReaderSoftware_part${i + 1}.zip`)), '');
    // Sparse: the size is recorded, no block is written.
    truncateSync(path, bytes);
  });
  for (let i = 0; i < (options.extraFiles ?? 0); i += 1) put(join(folder, 'extra', `f${i}.txt`), '');
  return { folder };
}

// ---- File system redirect --------------------------------------------------------------------------------------

/**
 * The real file system, except that the given paths are read from elsewhere and the hidden ones do not exist:
 * how a test puts a PEM bundle at /etc/ssl/certs/ca-certificates.crt without touching the machine's.
 */
export function redirectedFileSystem(redirects: Record<string, string>, hidden: readonly string[] = []): FileSystem {
  const target = (path: string): string => {
    if (hidden.includes(path) && !(path in redirects)) throw Object.assign(new Error(`ENOENT: no such file or directory, '${path}'`), { code: 'ENOENT' });
    return redirects[path] ?? path;
  };
  return {
    readFile: async (path) => fileSystem.readFile(target(path)),
    stat: async (path) => fileSystem.stat(target(path)),
    readdir: async (path) => fileSystem.readdir(target(path)),
  };
}

// ---- Ports and requests for the file checks --------------------------------------------------------------------

const unused = (port: string) => () => Promise.reject(new Error(`the file checks do not use ${port}`));

/** This machine's files and zip reader; the given runner and platform; ports the file checks never touch fail. */
export function fileCheckPorts(options: { platform?: NodeJS.Platform; runner?: CommandRunner; fs?: FileSystem } = {}): CheckPorts {
  return {
    platform: options.platform ?? 'linux',
    env: {},
    runner: options.runner ?? { run: unused('commands') },
    fs: options.fs ?? fileSystem,
    zip: zipReader,
    resolver: { lookup: unused('the resolver') },
    tls: { connect: unused('TLS') },
    pcsc: { listReaders: unused('PC/SC') },
    clock: { now: () => new Date('2026-04-01T12:00:00+09:00'), today: () => '2026-04-01' },
  };
}

export const TEST_PROFILE: Profile = {
  name: 'テスト医院',
  code: '0112345678',
  carrier: 'ntt',
  area: 'east',
  connection: 'ipv6-ipvpn',
  terminals: [{ name: '受付', roles: ['claims', 'oqs'] }],
};

/** A request for `step` with these inputs; `records` are what other steps recorded (by step id). */
export function checkRequest(step: string, inputs: Record<string, string>, records: Record<string, RecordedFacts> = {}): CheckRequest {
  return { step, terminal: step === 'root-ca' ? '受付' : null, profile: TEST_PROFILE, inputs, recorded: (id) => records[id] ?? null };
}

/**
 * The result's sentences can be shown: every placeholder of its reason and fix, in both languages, is one of its
 * evidence names; every evidence name has a label; facts come only with a pass and are part of the evidence.
 */
export function expectShowable(result: CheckResult): void {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const keys = [result.reason, ...(result.fix ? [result.fix] : [])];
  for (const key of keys) {
    expect(checkJa[key], key).toBeTruthy();
    for (const name of [...placeholders(checkJa[key]), ...placeholders(checkEn[key])]) expect(Object.keys(result.evidence), `${key} uses {${name}}`).toContain(name);
  }
  for (const name of Object.keys(result.evidence)) expect(Object.keys(checkJa), `evidence.${name} has a label`).toContain(`evidence.${name}`);
  if (result.outcome !== 'passed') expect(result.facts).toEqual({});
  for (const [name, value] of Object.entries(result.facts)) expect(result.evidence[name]).toBe(value);
  if (result.outcome === 'failed' || result.outcome === 'cannot-run') expect(result.fix).not.toBeNull();
}
