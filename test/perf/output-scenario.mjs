// The recorded scenario of issue 11: every output the user sees, run command by command against one program
// (`node BIN …`) on real temp folders. Shared by scripts/record-outputs.mjs (which writes
// test/fixtures/outputs/scenario.json from the program as it was) and test/perf/output-identical.test.ts (which
// replays it against the build under test and compares byte for byte). Plain Node on purpose: the recorder must
// be able to run an old program without this repository's TypeScript.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

/** Bump when the shape of scenario.json changes (not when an output changes: that is what re-recording is for). */
export const SCENARIO_FORMAT = 1;

// ---- The machine-independent environment --------------------------------------------------------------------

const OPERATOR = '受付 花子';
const PASSPHRASE = 'sakura-passphrase-2026';
const EXPORT_PASSPHRASE = 'handoff-passphrase-2026';

/**
 * What every command gets, whatever the machine: no colour, Japan's time zone, and (per step) a pinned clock,
 * operator and language. Nothing in the outputs is masked except the temp folders' paths (see `normalise`):
 * everything else that could vary is pinned here.
 */
function baseEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Anything that would change the program's behaviour or its look is dropped (a developer's SEIKYU_HOME,
    // FORCE_COLOR, a --require in NODE_OPTIONS, the proxy variables the net-config check would read).
    if (v === undefined || k.startsWith('SEIKYU_') || /^(FORCE_COLOR|NO_COLOR|NODE_OPTIONS|TZ|COLUMNS|LINES|TERM)$/.test(k)) continue;
    if (/^(https?|no|all)_proxy$/i.test(k)) continue;
    env[k] = v;
  }
  env.NO_COLOR = '1';
  env.TZ = 'Asia/Tokyo';
  // The program talks to users in Japanese by default; the locale is pinned so nothing of the machine leaks in.
  env.LANG = 'C.UTF-8';
  return env;
}

// ---- The folders of one run ---------------------------------------------------------------------------------

/** Placeholders for the folders of one run, longest path first so `<HOME2>` is never read as `<HOME>` + "2". */
const FOLDERS = [
  ['<HOME2>', 'home2'],
  ['<HOME>', 'home'],
  ['<OUT>', 'out'],
  ['<FILES>', 'files'],
];

/** A public test root certificate (no private key exists any more: it was thrown away after signing). */
const ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIIC9DCCAdygAwIBAgIBATANBgkqhkiG9w0BAQsFADArMSkwJwYDVQQDEyBPbmxp
bmUgQmlsbGluZyBOVyBDb21tb24gUm9vdCBDQTAeFw0yMDAxMDEwMDAwMDBaFw00
NTEyMzEwMDAwMDBaMCsxKTAnBgNVBAMTIE9ubGluZSBCaWxsaW5nIE5XIENvbW1v
biBSb290IENBMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAlIDXsgjf
WEEfrlpR3wHDTNQXNMOOSZy0hAk5Ia1Wmd93Kxa1RW45Bf7GaOrilL6u504erTpJ
Yyy626tWWnnR+Y7W16UwbBInMKjap3OwXcZzatHVAi0kPmpEt1pid1zoHx3gFisp
AT65rH5VHmFSG6BVJ/tyG+uvDx5QEgDgpwSJ4hRfJ3kIbNINE0mIHLUmWyRaoopQ
hXITDNY9o7W0BYoFlPHqRP/tcN9vgbPYz4GMbm/U8YE204EVV5Y5OSaL3tJZ7Ypu
sdn9tTY9ku2NDt/Stx+dGdb84W04ZK7O2xRDp0BhN738iwo0rQQO9zDzCXkZ7RYm
FK686vh6Fx0AfwIDAQABoyMwITAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQE
AwIBBjANBgkqhkiG9w0BAQsFAAOCAQEAkLrfhoHIYcOrlrB8rkWNvckx2WN78tgz
b1HFWBWVZKTcFxg0ai8MLROU2lLZp73kmP+4B60A1EM2SMfyk3XYedGSZvKYdmNN
JcyydeKdvFKaZvf0p0xIHHsc0dbUjm4+bDPMIiR2QZA5/jqHz9GslAaHqNXv0bSf
nMwiFmRcCcIGZpIIMogyED22BjMnZH6T0lhIQhNCMxRph8qmA020RQhlDkfTE1W1
i32KGKPOL2TKB2L5v7mv66Wy/AQMrL0MVFrT6MRgEoIGTtmKv+AR2/oghaHuX77M
xP7RSBLtMWwGjr3q/iBtYml/W7lPSiybE4d1PqnhujPCYxSbfCLjPA==
-----END CERTIFICATE-----
`;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A real zip (deflated entries, fixed time stamps), written here so the scenario needs no `zip` program. */
function zipBytes(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBuf = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5b61, 12); // 2025-11-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5b61, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function put(file, content) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/**
 * A new run's folders: the data folders (`home`, and `home2` for the import), `out` for exports, `files` for the
 * downloads the checks read. The root is under /tmp on POSIX whatever TMPDIR says: the program prints these paths
 * and wraps long lines at 80 columns, so a path of another length would move the line breaks, which no
 * placeholder can undo. `mkdtemp` keeps the length fixed (6 random characters).
 */
export function makeWorld() {
  const base = process.platform !== 'win32' && existsSync('/tmp') ? '/tmp' : os.tmpdir();
  const root = realpathSync(mkdtempSync(path.join(base, 'sk-')));
  const dirs = {};
  for (const [token, name] of FOLDERS) {
    dirs[token] = path.join(root, name);
    mkdirSync(dirs[token], { recursive: true, mode: 0o700 });
  }
  const files = dirs['<FILES>'];
  // The Online_Setup_Manual as the 支払基金 ships it, and one without its root certificate (a check that fails).
  put(path.join(files, 'Online_Setup_Manual', 'Top.html'), '<html lang="ja"><head><meta charset="utf-8"><title>オンライン請求 セットアップ</title></head><body></body></html>\r\n');
  put(path.join(files, 'Online_Setup_Manual', 'crt', 'OnlineBillingNWCommonRootCA-G1.crt'), ROOT_PEM);
  put(path.join(files, 'manual-no-crt', 'Top.html'), '<html></html>\r\n');
  mkdirSync(path.join(files, 'manual-no-crt', 'crt'), { recursive: true });
  // The ONS apps: complete (real zips), and a download that stopped after two of the four.
  const faceApp = {
    'OQSFaceApp/README.txt': '顔認証付きカードリーダー用ブラウザ拡張\r\n',
    'OQSFaceApp/extensions/delegate.crx': 'Cr24 delegate',
    'OQSFaceApp/extensions/nopinauth.crx': 'Cr24 nopinauth',
    'OQSFaceApp/extensions/pinauth.crx': 'Cr24 pinauth',
  };
  const zips = {
    'OQSFaceApp.zip': faceApp,
    'OQSComApp.zip': { 'OQSComApp/OQSComApp.msi': 'msi', 'OQSComApp/setup.bat': '@echo off\r\n' },
    'OQSDistroApp.zip': { 'OQSDistroApp/OQSDistroApp.msi': 'msi' },
    'CybertrustManagedPKIClient.zip': { 'CybertrustManagedPKIClient/MPKIClientSetup.exe': 'MZ' },
  };
  for (const [name, content] of Object.entries(zips)) put(path.join(files, 'ONS', name), zipBytes(content));
  for (const name of ['OQSFaceApp.zip', 'OQSComApp.zip']) put(path.join(files, 'ONS-partial', name), zipBytes(zips[name]));
  // The card reader's manuals and software: 7 PDFs and ~986 MB (a sparse file: no disk used); and an empty folder.
  const reader = path.join(files, 'カードリーダー');
  for (let i = 1; i <= 7; i++) put(path.join(reader, 'manual', `manual-${i}.pdf`), '%PDF-1.4\n%%EOF\n');
  put(path.join(reader, 'software', 'setup.exe'), 'MZ');
  truncateSync(path.join(reader, 'software', 'setup.exe'), 990 * 1024 * 1024);
  mkdirSync(path.join(files, 'reader-empty'), { recursive: true });
  // A client certificate file, confirmed by hand (its check is not run: it would need a private key here).
  put(path.join(files, 'client.p12'), Buffer.from([0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03]));
  put(path.join(files, 'client2.p12'), Buffer.from([0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03]));
  return {
    root,
    dirs,
    /** A step's text with its placeholders replaced by this run's paths. */
    expand(text) {
      let out = text;
      for (const [token] of FOLDERS) out = out.split(token).join(dirs[token]);
      return out;
    },
    /** Output with this run's paths replaced by placeholders: the only masking (the paths cannot be pinned). */
    normalise(text) {
      let out = text;
      for (const [token] of FOLDERS) {
        const real = dirs[token];
        out = out.split(real).join(token);
        // The same path inside a JSON string (backslashes doubled on Windows).
        const escaped = JSON.stringify(real).slice(1, -1);
        if (escaped !== real) out = out.split(escaped).join(token);
      }
      return out.split(root).join('<ROOT>');
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

// ---- Handoff digests ----------------------------------------------------------------------------------------

/** The bundle's canonical JSON as README "Handoff" defines it: keys sorted at every level, no white space. */
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const bundleDigest = ({ digest: _digest, ...content }) => `sha256:${createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex')}`;

/**
 * A handoff bundle's digest covers the folder paths recorded in it (`folder=/tmp/sk-…/files/…`), so it changes with
 * the temp folder and cannot be pinned. When the digest printed is right for the bytes printed, it is replaced by
 * the digest of the normalised bundle (the same on every run); when it is wrong it is left as printed, so the
 * comparison fails. Anything that is not a bundle is returned as it is.
 */
function pinBundleDigest(real, normalised) {
  let bundle;
  let shown;
  try {
    bundle = JSON.parse(real);
    shown = JSON.parse(normalised);
  } catch {
    return normalised;
  }
  if (bundle === null || typeof bundle !== 'object' || bundle.kind !== 'medical-seikyu/handoff' || typeof bundle.digest !== 'string') return normalised;
  if (bundleDigest(bundle) !== bundle.digest) return normalised;
  return normalised.split(bundle.digest).join(bundleDigest(shown));
}

// ---- The scenario -------------------------------------------------------------------------------------------

const A = '受付PC'; // both roles at first… then oqs only
const B = '事務PC'; // claims
const C = '院長PC'; // added, given roles, removed

/**
 * The steps, in order. Each is `{ group, args, now, lang, stdin?, env? }` (a command) or `{ group, file }` (a file
 * a previous command wrote, read as it is then). `now` is SEIKYU_NOW (a date alone is noon in Japan), `lang`
 * SEIKYU_LANG. `<HOME>` … `<FILES>` stand for this run's folders.
 */
function buildSteps() {
  const steps = [];
  let group = '';
  let now = '';
  const on = (g, day) => {
    group = g;
    now = day;
  };
  const ja = (args, extra = {}) => steps.push({ group, args, now, lang: 'ja', ...extra });
  const en = (args, extra = {}) => steps.push({ group, args, now, lang: 'en', ...extra });
  const file = (name) => steps.push({ group, file: name });
  const secret = (stdin) => ({ stdin, env: { SEIKYU_PASSPHRASE: PASSPHRASE } });

  on('help and version', '2026-11-10');
  ja(['--version']);
  ja(['--help']);
  en(['--help']);
  ja([]); // no command on a pipe: says to use `status`
  for (const command of ['init', 'status', 'next', 'show', 'done', 'check', 'expect', 'undo', 'history', 'reveal', 'profile', 'export', 'import']) {
    ja([command, '--help']);
  }
  // English help goes through the same catalogs: a sample of the commands, with the flag as well as the variable.
  for (const command of ['status', 'done', 'profile', 'export']) en([command, '--help']);
  ja(['show', '--help', '--lang', 'en']);

  on('before and at init', '2026-11-10');
  ja(['status']); // no facility yet: 5
  en(['next', '--json']);
  ja(['init', '--name', 'さくら内科クリニック', '--code', '0110113718']); // check digit wrong: 3
  en(['init', '--name', 'Sakura Clinic', '--code', '0110113719', '--area', 'west']); // contradicts Hokkaido: 3
  ja(['init', '--name', 'さくら内科クリニック', '--code', '0110113719', '--terminal', `${A}:claims,oqs`, '--terminal', `${B}:claims`]);
  ja(['init', '--name', 'さくら内科クリニック', '--code', '0110113719']); // already: 5
  ja(['status']);
  ja(['status', '--json']);
  ja(['next']);
  en(['next', '--json']);

  on('first records', '2026-11-10');
  ja(['done', 'portal-account', 'email=info@sakura.example.jp', '--at', '2026-11-05']);
  ja(['done', 'line-contract', 'customerId=CAF1234567890', '--at', '2026-11-06']);
  ja(['done', 'oqs-application']);
  en(['done', 'claims-notice', '--note', 'filed on the portal']);
  ja(['done', 'ons-application']);
  ja(['done', 'reader-order', 'count=2', 'model=Caora']);
  ja(['done', 'cert-application', '--terminal', A]);
  en(['done', 'cert-application', '--terminal', B]);
  ja(['check', 'setup-manual']); // no folder recorded yet: not run
  ja(['done', 'setup-manual', 'folder=<FILES>/manual-no-crt']); // its check fails: recorded, 4
  en(['status', '--terminal', A]);
  ja(['done', 'setup-manual', 'folder=<FILES>/Online_Setup_Manual']); // verified by the program
  en(['check', 'setup-manual', '--json']); // a done step checked again: the record stands
  ja(['next']);

  on('refusals', '2026-11-10');
  ja(['frobnicate']); // 2
  en(['status', '--verbose']); // 2
  ja(['show']); // missing argument: 2
  en(['done', 'no-such-step']); // 2
  ja(['done', 'ons-approval']); // missing input: 3
  ja(['done', 'cert-letter', 'requestId=R0123456']); // which PC: 2
  ja(['done', 'client-cert', '--terminal', A, 'file=<FILES>/client.p12', 'notAfter=2030-03-09', '--note', '個人ストア']); // blocked: 4
  ja(['done', 'ons-approval', 'onsId=ons@sakura.example.jp', '--at', '2026-13-01']); // bad date: 3
  en(['done', 'ons-approval', 'onsId=ons@sakura.example.jp', '--at', '2026-11-30']); // in the future: 3
  ja(['done', 'master-account', 'accountId=ABC02468', 'password=x']); // a secret as an argument: 3
  ja(['expect', 'master-account', '--by', '2026/11/25']); // 3
  en(['status', '--terminal', '無い端末']);
  ja(['done', 'portal-account', 'email=info@sakura.example.jp']); // already done: 4
  ja(['undo', '2']); // line-contract: later records need it, 4
  ja(['reveal', 'portal-account', 'email']); // not a secret: 3
  en(['done', 'claims-test', '--terminal', B]); // blocked and outside its window

  on('a week later', '2026-11-17T10:30:00+09:00');
  ja(['status']);
  en(['next']);
  ja(['expect', 'master-account', '--by', '2026-11-25']);
  ja(['done', 'line-registration', '--note', 'NTT から電話で完了の連絡']);
  ja(['done', 'ons-approval', 'onsId=ons@sakura.example.jp']);
  ja(['show', 'cert-letter', '--terminal', A]);
  ja(['done', 'cert-letter', '--terminal', A, 'requestId=R0123456', 'issuedOn=2026-11-13'], secret('referenceId=REF-A-0001\n'));
  en(['done', 'cert-letter', '--terminal', B, 'requestId=R0123457'], { stdin: 'referenceId=REF-B-0002\n', env: { SEIKYU_PASSPHRASE: 'wrong-passphrase-0' } }); // 7
  ja(['done', 'ons-apps', 'folder=<FILES>/ONS-partial']); // check fails: 4
  ja(['done', 'ons-apps', 'folder=<FILES>/ONS']);
  ja(['done', 'reader-software', 'folder=<FILES>/reader-empty']); // check fails: 4
  ja(['done', 'reader-software', 'folder=<FILES>/カードリーダー']);
  ja(['history']);

  on('overdue waits', '2026-11-27T10:00:00+09:00');
  ja(['status']);
  ja(['next']);
  ja(['next', '--json']);
  en(['status']);
  // The same questions again about the same document: a saved answer must print the same bytes, and must not
  // answer for another hour of the day, another language or another form.
  ja(['status']);
  ja(['next']);
  en(['next']);
  ja(['show', 'master-account']);
  en(['show', 'reader-delivery']);
  on('overdue waits', '2026-11-27T19:30:00+09:00');
  ja(['next']);
  ja(['status', '--json']);
  ja(['show', 'master-account']); // the help desk closed by now
  ja(['show', 'client-cert', '--terminal', A]);

  on('undo', '2026-11-27T10:05:00+09:00');
  ja(['done', 'reader-delivery']); // a mistake: it has not arrived
  ja(['undo', '--yes']);
  en(['done', 'reader-delivery']);
  en(['undo']); // without a terminal: at once

  on('profile', '2026-11-28');
  ja(['profile', 'show']);
  ja(['profile', 'show', '--json']);
  ja(['profile', 'add-terminal', `${C}:claims`]);
  en(['profile', 'set-roles', `${C}:claims,oqs`]);
  ja(['profile', 'set-roles', `${A}:oqs`]);
  ja(['profile', 'set', '--proxy', 'proxy.sakura.example.jp:3128', '--proxy-bypass', '*.onshikaku.org;*.lineauth.mnw;*.rece;<local>']);
  ja(['profile', 'set', '--proxy', 'no-port-given']); // 3
  en(['profile', 'set', '--connection', 'ipv4-ipvpn']); // an oqs PC on NTT IPv4: refused
  ja(['profile', 'remove-terminal', C]);
  ja(['show', 'net-config', '--terminal', A]);
  ja(['show', 'net-config', '--terminal', A, '--windows']);
  en(['show', 'net-config', '--terminal', B, '--windows']);

  on('secrets', '2026-11-28');
  ja(['reveal', 'cert-letter', 'referenceId', '--terminal', A], { env: { SEIKYU_PASSPHRASE: PASSPHRASE } });
  en(['reveal', 'cert-letter', 'referenceId', '--terminal', A], { env: { SEIKYU_PASSPHRASE: 'wrong-passphrase-0' } }); // 7
  ja(['reveal', 'cert-letter', 'referenceId', '--terminal', A]); // no passphrase to be had: 7
  en(['reveal', 'cert-letter', 'referenceId', '--terminal', B], { env: { SEIKYU_PASSPHRASE: PASSPHRASE } }); // nothing recorded: 4
  ja(['history', '--json']);

  on('export and import', '2026-12-01T09:15:00+09:00');
  ja(['export']);
  ja(['export', '--format', 'md', '-o', '<OUT>/report-ja.md']);
  file('<OUT>/report-ja.md');
  en(['export', '--format', 'md', '-o', '<OUT>/report-en.md']);
  file('<OUT>/report-en.md');
  ja(['export', '--format', 'html', '-o', '<OUT>/report.html']);
  file('<OUT>/report.html');
  ja(['export', '--format', 'mermaid']);
  en(['export', '--format', 'dot']);
  ja(['export', '-o', '<OUT>/handoff.json']);
  file('<OUT>/handoff.json');
  en(['export', '-o', '<OUT>/handoff.json']); // exists: 3
  // The sealed bundle's bytes hold a new random salt and IV each time (cannot be pinned): only what the command
  // says is recorded, never the file.
  ja(['export', '--include-secrets', '-o', '<OUT>/sealed.json'], { env: { SEIKYU_PASSPHRASE: PASSPHRASE, SEIKYU_EXPORT_PASSPHRASE: EXPORT_PASSPHRASE } });
  ja(['import', '<OUT>/handoff.json', '--dry-run']);
  en(['import', '<OUT>/handoff.json', '--dry-run'], { env: { SEIKYU_HOME: '<HOME2>' } });
  ja(['import', '<OUT>/sealed.json', '--dry-run'], { env: { SEIKYU_HOME: '<HOME2>', SEIKYU_EXPORT_PASSPHRASE: EXPORT_PASSPHRASE } });
  ja(['import', '<OUT>/sealed.json', '--dry-run'], { env: { SEIKYU_HOME: '<HOME2>', SEIKYU_EXPORT_PASSPHRASE: 'not-the-handoff-one' } }); // 7
  ja(['import', '<OUT>/report-ja.md', '--dry-run']); // not a bundle: 3
  ja(['import', '<OUT>/handoff.json'], { env: { SEIKYU_HOME: '<HOME2>' } }); // no terminal, no --yes: 4
  ja(['import', '<OUT>/handoff.json', '--yes'], { env: { SEIKYU_HOME: '<HOME2>' } });
  en(['status'], { env: { SEIKYU_HOME: '<HOME2>' } });

  on('onboarding to the end', '2026-12-20');
  const hand = (step, terminal, note, more = []) => ja(['done', step, '--terminal', terminal, '--note', note, ...more]);
  ja(['done', 'master-account', 'accountId=ABC02468', '--at', '2026-12-01'], secret('password=Mstr#Pw-5521q\n'));
  en(['done', 'cert-letter', '--terminal', B, 'requestId=R0123457', 'issuedOn=2026-11-20', '--at', '2026-11-30'], secret('referenceId=REF-B-0002\n'));
  ja(['done', 'reader-delivery', '--at', '2026-12-10']);
  ja(['done', 'claims-settings', '--at', '2026-12-14'], secret('initialPassword=Init!Pw-0426z\n'));
  for (const t of [A, B]) {
    hand('net-config', t, 'DNS とプロキシを設定画面で確認');
    hand('line-auth', t, 'www.lineauth.mnw で認証成功');
    hand('closed-network', t, '証明書ダウンロードサイトが開いた');
    hand('root-ca', t, '拇印を確認');
  }
  ja(['done', 'client-cert', '--terminal', A, 'file=<FILES>/client.p12', 'notAfter=2030-02-13', '--note', '個人ストアに入った'], secret('password=7351\n'));
  ja(['done', 'client-cert', '--terminal', B, 'file=<FILES>/client2.p12', 'notAfter=2030-02-20', '--note', '個人ストアに入った'], secret('password=2846\n'));
  for (const step of ['mpki-client']) for (const t of [A, B]) ja(['done', step, '--terminal', t]);
  ja(['done', 'claims-setup', '--terminal', B]);
  ja(['done', 'claims-login', '--terminal', B]);
  ja(['done', 'oqs-login', '--terminal', A]);
  ja(['done', 'oqs-accounts', '--terminal', A]); // confirmations without a terminal: 4
  ja(['done', 'oqs-accounts', '--terminal', A, '--confirmed']);
  ja(['done', 'oqs-apps', '--terminal', A]);
  en(['done', 'reader-setup', '--terminal', A, '--confirmed']);
  ja(['done', 'reader-detected', '--terminal', A, '--note', 'リーダーを検出']);
  ja(['done', 'oqs-test', '--terminal', A]);
  ja(['status']);
  ja(['status', '--json']);
  en(['next']);
  ja(['next', '--json']);

  on('after onboarding', '2027-01-04T12:00:00+09:00');
  ja(['done', 'claims-test', '--terminal', B]); // before the 5th: 4, naming when it opens
  en(['next']);
  on('after onboarding', '2027-01-06T06:30:00+09:00'); // before the 確認試験's hours…
  ja(['next']);
  on('after onboarding', '2027-01-06T09:00:00+09:00'); // …and within them, the same day and document
  ja(['next']);
  ja(['done', 'claims-test', '--terminal', B]);
  on('after onboarding', '2029-12-01');
  en(['next', '--json']);
  ja(['show', 'cert-renewal', '--terminal', A]);
  on('after onboarding', '2030-02-10');
  ja(['status']);
  ja(['done', 'cert-renewal', '--terminal', A, 'notAfter=2033-05-12']);
  en(['next']);
  ja(['history']);
  ja(['export', '--format', 'md', '-o', '<OUT>/final.md']);
  file('<OUT>/final.md');
  return steps;
}

export const steps = buildSteps();

/** The environment overrides a step sets (besides the base), as recorded: placeholders, not paths. */
export function stepEnv(step) {
  return { SEIKYU_HOME: '<HOME>', SEIKYU_NOW: step.now, SEIKYU_LANG: step.lang, SEIKYU_OPERATOR: OPERATOR, ...(step.env ?? {}) };
}

/** `seikyu …` as a person would type it, for messages. */
export function commandLine(entry) {
  if (entry.file) return `(file ${entry.file})`;
  const quote = (a) => (a === '' || /[\s'"\\$`*;<>|&()]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a);
  const env = entry.env ?? {};
  const prefix = [`SEIKYU_NOW=${env.SEIKYU_NOW}`, `SEIKYU_LANG=${env.SEIKYU_LANG}`];
  if (env.SEIKYU_HOME && env.SEIKYU_HOME !== '<HOME>') prefix.push(`SEIKYU_HOME=${env.SEIKYU_HOME}`);
  const stdin = entry.stdin ? `printf ${quote(entry.stdin.replace(/\n/g, '\\n'))} | ` : '';
  return `${stdin}${prefix.join(' ')} seikyu ${entry.args.map(quote).join(' ')}`.trim();
}

/** Text as stored: a list of lines (split at "\n"; joined back with "\n" it is the same bytes). */
export const toLines = (text) => text.split('\n');

function runOnce(bin, args, env, stdin, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    // A generous limit for a busy two-core machine; a command killed here shows as code -1 and fails the comparison.
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : 0), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');
  });
}

/**
 * Runs every step against `bin` in a new world and returns the entries to store or compare. `onEntry(entry, i)`
 * is called after each (progress). The world is removed afterwards unless `keep` is set.
 */
export async function runScenario({ bin, onEntry, keep = false } = {}) {
  const world = makeWorld();
  const base = baseEnv();
  const entries = [];
  try {
    for (const [i, step] of steps.entries()) {
      let entry;
      if (step.file) {
        const real = world.expand(step.file);
        const text = existsSync(real) ? readFileSync(real, 'utf8') : null;
        const content = text === null ? null : pinBundleDigest(text, world.normalise(text));
        entry = { group: step.group, file: step.file, content: content === null ? null : toLines(content) };
      } else {
        const overrides = stepEnv(step);
        const env = { ...base };
        for (const [k, v] of Object.entries(overrides)) env[k] = world.expand(v);
        const args = step.args.map((a) => world.expand(a));
        const result = await runOnce(bin, args, env, step.stdin, world.root);
        entry = {
          group: step.group,
          args: step.args,
          stdin: step.stdin ?? null,
          env: overrides,
          code: result.code,
          stdout: toLines(pinBundleDigest(result.stdout, world.normalise(result.stdout))),
          stderr: toLines(world.normalise(result.stderr)),
        };
      }
      entries.push(entry);
      onEntry?.(entry, i);
    }
  } finally {
    if (!keep) world.remove();
  }
  return { entries, world };
}

/**
 * The first difference between a recorded entry and a new one, in words (null when equal): which command, which
 * stream or field, which line, and both lines.
 */
export function firstDifference(expected, actual) {
  const what = commandLine(expected);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  for (const key of ['group', 'file', 'args', 'stdin', 'env']) {
    if (!same(expected[key], actual[key])) {
      return `${what}: the scenario changed (${key}: recorded ${JSON.stringify(expected[key])}, now ${JSON.stringify(actual[key])}); re-record with scripts/record-outputs.mjs`;
    }
  }
  if (!expected.file && expected.code !== actual.code) {
    return `${what}: exit code ${actual.code}, recorded ${expected.code}\n  stderr now: ${(actual.stderr ?? []).join('\n')}`;
  }
  for (const stream of expected.file ? ['content'] : ['stdout', 'stderr']) {
    const a = expected[stream];
    const b = actual[stream];
    if (same(a, b)) continue;
    if (a === null || b === null) return `${what}: ${stream} ${a === null ? 'was missing when recorded' : 'is missing now'}`;
    const n = Math.min(a.length, b.length);
    let line = 0;
    while (line < n && a[line] === b[line]) line++;
    const show = (lines) => (line < lines.length ? JSON.stringify(lines[line]) : '(no such line: the output ends before it)');
    return `${what}: ${stream} differs at line ${line + 1} (of ${a.length} recorded, ${b.length} now)\n  recorded: ${show(a)}\n  now:      ${show(b)}`;
  }
  return null;
}
