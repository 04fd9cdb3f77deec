import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, makeDownloads, removeTempDirs, requireBuild, tempDir, type CliResult, type RunOptions } from '../helpers/cli.js';
import { leaksOf, walk } from './secrets-support.js';

/**
 * Secrets suite: a whole scenario through the built program (secrets typed on standard input, a check, exports
 * with and without secrets, an import), then every byte it left — the data folders, every output, every export,
 * every file in its temp folder — is scanned for the secret values as typed, in base64 and in hex. The files
 * are 0600 and the folders 0700. An error never repeats a secret, even one typed where a key belongs.
 */

const STORE_PASS = 'store-pass-Kq81-zz';
const HANDOFF_PASS = 'handoff-pass-Wm37-yy';
const REFERENCE_ID = 'REFSECRET-9f3a-77Qx';
const MASTER_PASSWORD = 'MasterPw-5512-Zeta';
/** The secrets and the passphrases: none may be written anywhere. */
const SECRETS = [REFERENCE_ID, MASTER_PASSWORD, STORE_PASS, HANDOFF_PASS];

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
afterAll(removeTempDirs);

/** Names which secret (and in which form) a text holds, or [] when it holds none. */
const leaks = (text: string): string[] => leaksOf(SECRETS, text);

let cli: Cli;
let tmp: string;
let outputs: { what: string; result: CliResult }[] = [];
let exportsDir: string;
let imported: Cli;

/** Runs through the program with its own temp folder, and keeps every output for the scan. */
async function run(target: Cli, args: string[], options: RunOptions = {}): Promise<CliResult> {
  const result = await target.run(args, { ...options, env: { TMPDIR: tmp, ...options.env } });
  outputs.push({ what: args.join(' '), result });
  return result;
}

async function ok(target: Cli, args: string[], options: RunOptions = {}): Promise<CliResult> {
  const result = await run(target, args, options);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

const secretEnv = (extra: Record<string, string> = {}) => ({ SEIKYU_PASSPHRASE: STORE_PASS, ...extra });

beforeAll(async () => {
  requireBuild();
  tmp = tempDir('seikyu-prove-tmp-');
  exportsDir = tempDir('seikyu-prove-out-');
  outputs = [];
  const downloads = makeDownloads();
  cli = Cli.fresh('2026-11-24');
  await ok(cli, ['init', '--name', 'ひみつ内科', '--code', '0110113719', '--area', 'east']);
  await ok(cli, ['done', 'portal-account', 'email=clinic@example.jp', '--at', '2026-11-10']);
  // A check step: its check runs on the folder (it may well find the stand-in files lacking; it ends with a known code).
  expect((await run(cli, ['done', 'setup-manual', `folder=${downloads.manual}`])).code).not.toBe(1);
  await ok(cli, ['done', 'line-contract', 'customerId=CAF0246813579', '--at', '2026-11-10']);
  await ok(cli, ['done', 'oqs-application', '--at', '2026-11-11']);
  await ok(cli, ['done', 'master-account', 'accountId=OQS0001'], { input: `password=${MASTER_PASSWORD}\n`, env: secretEnv() });
  await ok(cli, ['done', 'cert-application', '--at', '2026-11-12']);
  await ok(cli, ['done', 'cert-letter', 'requestId=R0001', 'issuedOn=2026-11-20'], { input: `referenceId=${REFERENCE_ID}\n`, env: secretEnv() });
  // The checks read recorded secrets with the passphrase; whatever they find here, they end with a known code.
  const check = await run(cli, ['check'], { env: secretEnv() });
  expect(check.code, check.stderr).not.toBe(1);
  for (const args of [['status'], ['status', '--json'], ['next'], ['history'], ['history', '--json'], ['show', 'cert-letter'], ['show', 'master-account']]) await ok(cli, args);
  await ok(cli, ['export', '-o', path.join(exportsDir, 'plain.json')]);
  await ok(cli, ['export', '--include-secrets', '-o', path.join(exportsDir, 'sealed.json')], { env: secretEnv({ SEIKYU_EXPORT_PASSPHRASE: HANDOFF_PASS }) });
  await ok(cli, ['export', '--format', 'md', '-o', path.join(exportsDir, 'report.md')]);
  await ok(cli, ['export', '--format', 'html', '-o', path.join(exportsDir, 'report.html')]);
  await ok(cli, ['export']);
  imported = Cli.fresh('2026-11-25');
  mkdirSync(imported.home, { recursive: true });
  await ok(imported, ['import', path.join(exportsDir, 'sealed.json'), '--yes'], { env: { SEIKYU_EXPORT_PASSPHRASE: HANDOFF_PASS, SEIKYU_PASSPHRASE: 'another-store-pass-31' } });
  // A record made here first, so that the plain bundle replaces something (identical records import nothing) and
  // the record replaced, with its sealed secrets, is kept as a before-import copy for the scan.
  await ok(imported, ['undo']);
  await ok(imported, ['import', path.join(exportsDir, 'plain.json'), '--yes'], { env: { SEIKYU_PASSPHRASE: 'another-store-pass-31' } });
  await ok(imported, ['history', '--json']);
});

describe('after a whole scenario with secrets', () => {
  it('no data folder, export or temp file holds a secret or a passphrase as typed, in base64 or in hex', () => {
    const scanned: string[] = [];
    for (const root of [cli.home, imported.home, exportsDir, tmp]) {
      for (const file of walk(root).files) {
        scanned.push(file);
        expect(leaks(readFileSync(file).toString('latin1')).concat(leaks(readFileSync(file, 'utf8'))), file).toEqual([]);
      }
    }
    // The scan saw the documents, their backups, the import's copy of the replaced record and the exports.
    expect(scanned.filter((f) => f.endsWith('seikyu.json')).length).toBe(2);
    expect(scanned.some((f) => f.includes('before-import'))).toBe(true);
    expect(scanned.filter((f) => f.startsWith(exportsDir)).length).toBe(4);
  });

  it('no output of any command (stdout and stderr) holds one', () => {
    expect(outputs.length).toBeGreaterThan(15);
    for (const { what, result } of outputs) expect(leaks(result.stdout + result.stderr), what).toEqual([]);
  });

  it('the data folders are 0700 and every file in them 0600; exports are 0600', () => {
    for (const root of [cli.home, imported.home]) {
      const { files, dirs } = walk(root);
      for (const dir of dirs) expect((statSync(dir).mode & 0o777).toString(8), dir).toBe('700');
      for (const file of files) expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
    }
    for (const file of walk(exportsDir).files) expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
  });

  it('no temp file is left behind in the temp folder or the data folders', () => {
    expect(existsSync(tmp) ? walk(tmp).files : []).toEqual([]);
    for (const root of [cli.home, imported.home]) expect(walk(root).files.filter((f) => /\.tmp|\.lock/.test(path.basename(f)))).toEqual([]);
  });
});

describe('a secret typed where it does not belong is never echoed', () => {
  /** The clinic with its certificate letter undone, so `done cert-letter` is doable again. */
  let pending: Cli;
  beforeAll(async () => {
    pending = cli.clone();
    await pending.ok(['undo']);
  });

  it('regression: a secret typed in the key position of `done` (REFSECRET=x) is not repeated in the error', async () => {
    const copy = pending;
    for (const lang of ['ja', 'en']) {
      const message = await copy.refuse(['done', 'cert-letter', `${REFERENCE_ID}=x`], 3, { env: { SEIKYU_LANG: lang } });
      expect(leaks(message), message).toEqual([]);
      expect(message).toContain('requestId');
    }
  });

  it('regression: a secret typed alone as an argument of `done` (no key=) is not repeated in the error', async () => {
    const copy = pending;
    for (const lang of ['ja', 'en']) {
      const message = await copy.refuse(['done', 'cert-letter', REFERENCE_ID], 2, { env: { SEIKYU_LANG: lang } });
      expect(leaks(message), message).toEqual([]);
      expect(message).toContain('referenceId');
    }
  });

  it('a secret given as a passphrase that is wrong is not repeated', async () => {
    const message = await cli.clone().refuse(['reveal', 'cert-letter', 'referenceId'], 7, { env: { SEIKYU_PASSPHRASE: `${MASTER_PASSWORD}-wrong` } });
    expect(message).not.toContain(MASTER_PASSWORD);
  });

  it('a step without secrets still names the key it did not know (the echo is kept where it is harmless)', async () => {
    expect(await pending.refuse(['done', 'reader-order', 'count=1', 'modell=x'], 3)).toContain('modell');
  });
});
