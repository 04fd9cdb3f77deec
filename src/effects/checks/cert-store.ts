import { X509Certificate } from 'node:crypto';
import type { CheckPorts, CommandOutcome } from './types.js';

/**
 * Where the PC keeps its certificates, read without changing anything: the Windows certificate stores through
 * PowerShell, the macOS keychains through `security`, the system bundle on Linux. Certificates are compared by
 * their SHA-256 fingerprint, computed here from the certificate itself (Windows' Thumbprint is SHA-1).
 */

export type StoreLookup = { kind: 'found'; location: string } | { kind: 'absent'; searched: string[] } | { kind: 'cannot-read'; message: string } | { kind: 'unsupported' };

/** One certificate a store holds. `subject` is Node's form (`CN=…`, one attribute a line). */
export interface StoredCertificate {
  location: string;
  fingerprint256: string;
  subject: string;
}

export type StoreListing =
  | { kind: 'listed'; certificates: StoredCertificate[]; searched: string[] }
  | { kind: 'cannot-read'; message: string }
  | { kind: 'unsupported' };

type StorePorts = Pick<CheckPorts, 'platform' | 'runner' | 'fs'>;
export interface StoreOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The root's name as its subject carries it; on macOS the search is narrowed to it (the keychains hold many). */
export const ROOT_CA_NAME = 'Online Billing NW Common Root CA';

/** Linux system bundles, Debian/Ubuntu, then Fedora/RHEL, openSUSE, Alpine/Arch/BSD. */
export const LINUX_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/ssl/cert.pem'] as const;

export const MACOS_SYSTEM_KEYCHAIN = '/Library/Keychains/System.keychain';
/** How the default keychain search list (the login keychain first) is named in evidence. */
export const MACOS_DEFAULT_KEYCHAINS = 'default keychains';

const COMMAND_TIMEOUT_MS = 20_000;

/** `AB:CD:…`, upper case: the form of X509Certificate.fingerprint256, whatever form was given. */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{1,2}/g)?.join(':') ?? '';
}

/** Whether the store holds the certificate with this SHA-256 fingerprint, and where it was found first. */
export async function findCertificate(ports: StorePorts, store: 'root' | 'my', fingerprint256: string, options: StoreOptions = {}): Promise<StoreLookup> {
  const listing = await listCertificates(ports, store, options);
  if (listing.kind !== 'listed') return listing;
  const wanted = normalizeFingerprint(fingerprint256);
  const hit = listing.certificates.find((certificate) => certificate.fingerprint256 === wanted);
  return hit ? { kind: 'found', location: hit.location } : { kind: 'absent', searched: listing.searched };
}

/** Every certificate the store holds, in the order the locations are searched (current user before machine). */
export async function listCertificates(ports: StorePorts, store: 'root' | 'my', options: StoreOptions = {}): Promise<StoreListing> {
  if (ports.platform === 'win32') return listWindows(ports, store, options);
  if (ports.platform === 'darwin') return listMacos(ports, store, options);
  // Linux keeps no personal store the system knows of: client certificates live in each browser's own store.
  if (store === 'my') return { kind: 'unsupported' };
  return listBundle(ports);
}

// ---- Windows ---------------------------------------------------------------------------------------------------

/** The stores searched on Windows, current user first (its Root view also shows the machine's roots). */
export function windowsLocations(store: 'root' | 'my'): string[] {
  const name = store === 'root' ? 'Root' : 'My';
  return [`Cert:\\CurrentUser\\${name}`, `Cert:\\LocalMachine\\${name}`];
}

/**
 * The PowerShell command that lists the stores as JSON. The raw certificate is included so the SHA-256
 * fingerprint and the subject are read here, independent of the Windows display language.
 */
export function windowsListCommand(store: 'root' | 'my'): { file: string; args: string[] } {
  const paths = windowsLocations(store)
    .map((path) => `'${path}'`)
    .join(',');
  const script = [
    '[Console]::OutputEncoding=[Text.Encoding]::UTF8;',
    "$ErrorActionPreference='Stop';",
    `${paths} | ForEach-Object { $p = $_; Get-ChildItem -Path $p | ForEach-Object {`,
    '[pscustomobject]@{ Location = $p; Subject = $_.Subject; Thumbprint = $_.Thumbprint; RawData = [Convert]::ToBase64String($_.RawData) } } }',
    '| ConvertTo-Json -Compress',
  ].join(' ');
  return { file: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', script] };
}

interface WindowsEntry {
  Location?: unknown;
  Subject?: unknown;
  RawData?: unknown;
}

async function listWindows(ports: StorePorts, store: 'root' | 'my', options: StoreOptions): Promise<StoreListing> {
  const { file, args } = windowsListCommand(store);
  const outcome = await ports.runner.run(file, args, { encoding: 'utf8', timeoutMs: options.timeoutMs ?? COMMAND_TIMEOUT_MS, signal: options.signal });
  const failure = commandFailure(file, outcome);
  if (failure || outcome.kind !== 'exited') return { kind: 'cannot-read', message: failure ?? file };
  return parseWindowsListing(outcome.stdout, windowsLocations(store));
}

/** Reads ConvertTo-Json's output: an array, a single object (one certificate), or nothing at all (none). */
export function parseWindowsListing(stdout: string, searched: string[]): StoreListing {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') return { kind: 'listed', certificates: [], searched };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'cannot-read', message: `PowerShell printed something that is not JSON: ${firstLine(text)}` };
  }
  const entries: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const certificates: StoredCertificate[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { Location, RawData } = entry as WindowsEntry;
    if (typeof Location !== 'string' || typeof RawData !== 'string') continue;
    const certificate = readCertificate(Buffer.from(RawData, 'base64'));
    if (certificate) certificates.push({ location: Location, ...certificate });
  }
  return { kind: 'listed', certificates, searched };
}

// ---- macOS -----------------------------------------------------------------------------------------------------

/** `security find-certificate` over the default keychains, then the System keychain named explicitly. */
export function macosCommands(store: 'root' | 'my'): { location: string; file: string; args: string[] }[] {
  const base = ['find-certificate', '-a', '-Z', '-p', ...(store === 'root' ? ['-c', ROOT_CA_NAME] : [])];
  return [
    { location: MACOS_DEFAULT_KEYCHAINS, file: 'security', args: base },
    { location: MACOS_SYSTEM_KEYCHAIN, file: 'security', args: [...base, MACOS_SYSTEM_KEYCHAIN] },
  ];
}

/** `security` exits 44 (errSecItemNotFound) when a search matches nothing: that is an empty keychain, not a fault. */
const SECURITY_NOT_FOUND = 44;

async function listMacos(ports: StorePorts, store: 'root' | 'my', options: StoreOptions): Promise<StoreListing> {
  const certificates: StoredCertificate[] = [];
  const searched: string[] = [];
  for (const command of macosCommands(store)) {
    const outcome = await ports.runner.run(command.file, command.args, { encoding: 'utf8', timeoutMs: options.timeoutMs ?? COMMAND_TIMEOUT_MS, signal: options.signal });
    searched.push(command.location);
    if (outcome.kind === 'exited' && outcome.exitCode === SECURITY_NOT_FOUND) continue;
    const failure = commandFailure(command.file, outcome);
    if (failure || outcome.kind !== 'exited') return { kind: 'cannot-read', message: failure ?? command.file };
    for (const certificate of readPemBundle(outcome.stdout)) certificates.push({ location: command.location, ...certificate });
  }
  return { kind: 'listed', certificates, searched };
}

// ---- Linux -----------------------------------------------------------------------------------------------------

async function listBundle(ports: StorePorts): Promise<StoreListing> {
  for (const path of LINUX_BUNDLES) {
    if (!(await isFile(ports, path))) continue;
    let text: string;
    try {
      text = (await ports.fs.readFile(path)).toString('utf8');
    } catch (error) {
      return { kind: 'cannot-read', message: `${path}: ${errorMessage(error)}` };
    }
    const certificates = readPemBundle(text).map((certificate) => ({ location: path, ...certificate }));
    return { kind: 'listed', certificates, searched: [path] };
  }
  return { kind: 'cannot-read', message: `no system certificate bundle (${LINUX_BUNDLES.join(', ')})` };
}

async function isFile(ports: StorePorts, path: string): Promise<boolean> {
  try {
    return (await ports.fs.stat(path)).isFile();
  } catch {
    return false;
  }
}

// ---- Shared ----------------------------------------------------------------------------------------------------

/** Every certificate in a text of PEM blocks (CRLF or LF; anything between blocks, such as hash lines, is skipped). */
export function readPemBundle(text: string): { fingerprint256: string; subject: string }[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const certificates: { fingerprint256: string; subject: string }[] = [];
  for (const block of blocks) {
    const certificate = readCertificate(Buffer.from(block.replace(/\r\n/g, '\n'), 'utf8'));
    if (certificate) certificates.push(certificate);
  }
  return certificates;
}

function readCertificate(bytes: Buffer): { fingerprint256: string; subject: string } | null {
  try {
    const certificate = new X509Certificate(bytes);
    return { fingerprint256: normalizeFingerprint(certificate.fingerprint256), subject: certificate.subject };
  } catch {
    // One unreadable entry must not hide the others.
    return null;
  }
}

function commandFailure(file: string, outcome: CommandOutcome): string | null {
  if (outcome.kind === 'missing') return `${file} was not found on this PC`;
  if (outcome.kind === 'timeout') return `${file} did not answer in time`;
  if (outcome.exitCode !== 0) {
    const detail = firstLine(outcome.stderr.replace(/^\uFEFF/, '').trim()) || firstLine(outcome.stdout.trim());
    return `${file} exited with code ${outcome.exitCode}${detail ? `: ${detail}` : ''}`;
  }
  return null;
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').slice(0, 200);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
