import { X509Certificate, type KeyObject } from 'node:crypto';
import { localDay } from '../clock.js';
import { findCertificate, normalizeFingerprint, ROOT_CA_NAME } from './cert-store.js';
import { errorMessage, readPkcs12, type Pkcs12Reading } from './pkcs12.js';
import { inspectSetupManual } from './setup-manual-folder.js';
import type { Check, CheckPorts, CheckRequest, CheckResult, Evidence } from './types.js';
import { result } from './types.js';
import { allowsClientAuth, chainsTo, oneLine, usageNames } from './x509.js';

/**
 * `client-cert`: the downloaded certificate file (.p12 / .pfx) opens with its password, holds a private key and
 * the certificate made for it, was issued under the root recorded at `setup-manual`, is valid today and may be
 * used to log in (TLS client authentication); on Windows it is also installed in the Personal store. Nothing is
 * changed: the file is only read, the store only listed.
 */
export function createCertificateChecks(ports: CheckPorts): Check[] {
  return [
    {
      step: 'client-cert',
      timeoutMs: 15_000,
      needsInputs: ['file', 'password'],
      run: (request, signal) => checkClientCert(ports, request, signal),
    },
  ];
}

/** A PKCS#12 file is a few kilobytes; anything this large is some other file, and decoding it would only be slow. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Leaves room within the check's 15 s for the file work when PowerShell is slow to start. */
const STORE_TIMEOUT_MS = 12_000;

type Failure = { reason: Code; evidence: Evidence; outcome?: 'failed' | 'cannot-run' };
type Code =
  | 'missing'
  | 'not-file'
  | 'unreadable'
  | 'pem'
  | 'certificate-only'
  | 'not-pkcs12'
  | 'wrong-password'
  | 'password-full-width'
  | 'password-unreadable'
  | 'pkcs12-unreadable'
  | 'no-certificate'
  | 'no-key'
  | 'key-unreadable'
  | 'mismatch'
  | 'no-manual'
  | 'manual-unreadable'
  | 'root-unavailable'
  | 'other-issuer'
  | 'not-yet-valid'
  | 'expired'
  | 'no-client-auth'
  | 'not-installed';

function fail({ reason, evidence, outcome = 'failed' }: Failure): CheckResult {
  return result(outcome, `check.client-cert.${reason}`, evidence, { fix: `check.client-cert.${reason}.fix` });
}

async function checkClientCert(ports: CheckPorts, request: CheckRequest, signal: AbortSignal): Promise<CheckResult> {
  // Windows Explorer's "Copy as path" wraps the path in double quotes.
  const file = (request.inputs.file ?? '').trim().replace(/^"(.*)"$/, '$1');
  const password = request.inputs.password ?? '';

  const bytes = await readCertificateFile(ports, file);
  if ('reason' in bytes) return fail(bytes);
  const opened = openWithPassword(bytes, password);
  if (opened.kind !== 'opened') return fail(openFailure(opened, file));

  const pair = keyAndCertificate(opened.certificates, opened.keys, file);
  if ('reason' in pair) return fail(pair);
  const { certificate } = pair;
  const evidence: Evidence = { file, ...describe(certificate) };

  const root = await manualRoot(ports, request, opened.certificates);
  if (root.kind === 'no-manual') return fail({ reason: 'no-manual', evidence, outcome: 'cannot-run' });
  if (root.kind === 'manual-unreadable') return fail({ reason: 'manual-unreadable', evidence: { ...evidence, folder: root.folder }, outcome: 'cannot-run' });
  evidence.rootFingerprint = root.fingerprint;
  if (root.certificate) {
    if (!chainsTo(certificate, root.certificate, opened.certificates)) return fail({ reason: 'other-issuer', evidence });
  } else if (!certificate.issuer.includes(ROOT_CA_NAME)) {
    // Without the root itself the signature cannot be verified, but another issuer's name already decides.
    return fail({ reason: 'other-issuer', evidence });
  } else {
    return fail({ reason: 'root-unavailable', evidence: { ...evidence, folder: root.folder ?? '' }, outcome: 'cannot-run' });
  }

  const now = ports.clock.now();
  if (now.getTime() < new Date(certificate.validFrom).getTime()) return fail({ reason: 'not-yet-valid', evidence: { ...evidence, today: ports.clock.today() } });
  if (now.getTime() > new Date(certificate.validTo).getTime()) return fail({ reason: 'expired', evidence: { ...evidence, today: ports.clock.today() } });
  if (!allowsClientAuth(certificate)) return fail({ reason: 'no-client-auth', evidence: { ...evidence, usage: usageNames(certificate) } });

  const facts = { notAfter: evidence.notAfter!, subject: evidence.subject!, fingerprint: evidence.fingerprint!, issuer: evidence.issuer! };
  if (ports.platform !== 'win32') return result('passed', 'check.client-cert.passed', evidence, { facts });
  const lookup = await findCertificate(ports, 'my', certificate.fingerprint256, { signal, timeoutMs: STORE_TIMEOUT_MS });
  switch (lookup.kind) {
    case 'found':
      return result('passed', 'check.client-cert.passed-installed', { ...evidence, installed: lookup.location }, { facts });
    case 'absent':
      return fail({ reason: 'not-installed', evidence: { ...evidence, searched: lookup.searched.join(', ') } });
    case 'cannot-read':
      return result('passed', 'check.client-cert.passed-store-unread', { ...evidence, storeError: lookup.message }, { facts });
    case 'unsupported':
      return result('passed', 'check.client-cert.passed', evidence, { facts });
  }
}

async function readCertificateFile(ports: CheckPorts, file: string): Promise<Buffer | Failure> {
  try {
    const stat = await ports.fs.stat(file);
    if (!stat.isFile()) return { reason: 'not-file', evidence: { file } };
    if (stat.size > MAX_FILE_BYTES) return { reason: 'not-pkcs12', evidence: { file } };
    return await ports.fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { reason: 'missing', evidence: { file } };
    return { reason: 'unreadable', evidence: { file, message: firstLine(errorMessage(error)) } };
  }
}

/**
 * The password as given, and when it is refused and holds full-width characters (typed with the Japanese input
 * method on), the half-width form: said as its own failure so the operator retypes it, never silently used.
 */
function openWithPassword(bytes: Buffer, password: string): Pkcs12Reading | { kind: 'full-width' } {
  const opened = readPkcs12(bytes, password);
  if (opened.kind !== 'wrong-password' && opened.kind !== 'password-unreadable') return opened;
  const halfWidth = password.normalize('NFKC');
  if (halfWidth === password) return opened;
  const retry = readPkcs12(bytes, halfWidth);
  return retry.kind === 'wrong-password' || retry.kind === 'password-unreadable' ? opened : { kind: 'full-width' };
}

function openFailure(opened: Exclude<Pkcs12Reading, { kind: 'opened' }> | { kind: 'full-width' }, file: string): Failure {
  switch (opened.kind) {
    case 'pem':
      return { reason: 'pem', evidence: { file } };
    case 'certificate-only':
      return { reason: 'certificate-only', evidence: { file } };
    case 'not-pkcs12':
      return { reason: 'not-pkcs12', evidence: { file } };
    case 'wrong-password':
      return { reason: 'wrong-password', evidence: { file } };
    case 'full-width':
      return { reason: 'password-full-width', evidence: { file } };
    case 'password-unreadable':
      return { reason: 'password-unreadable', evidence: { file } };
    case 'unreadable':
      return { reason: 'pkcs12-unreadable', evidence: { file, message: firstLine(opened.message) } };
  }
}

/** The certificate the file's private key belongs to: the one the operator logs in with. */
function keyAndCertificate(certificates: X509Certificate[], keys: Extract<Pkcs12Reading, { kind: 'opened' }>['keys'], file: string): { certificate: X509Certificate } | Failure {
  const shown = certificates.find((certificate) => !certificate.ca) ?? certificates[0];
  if (!shown) return { reason: 'no-certificate', evidence: { file } };
  const evidence = { file, ...describe(shown) };
  if (keys.length === 0) return { reason: 'no-key', evidence };
  const readable = keys.flatMap((key) => (key.kind === 'key' ? [key.key] : []));
  if (readable.length === 0) {
    const unreadable = keys.find((key) => key.kind === 'unreadable');
    return { reason: 'key-unreadable', evidence: { ...evidence, keyType: unreadable?.kind === 'unreadable' ? unreadable.algorithm : '', message: unreadable?.kind === 'unreadable' ? firstLine(unreadable.message) : '' } };
  }
  for (const key of readable) {
    const certificate = certificates.find((candidate) => belongsTo(candidate, key));
    if (certificate) return { certificate };
  }
  return { reason: 'mismatch', evidence };
}

function belongsTo(certificate: X509Certificate, key: KeyObject): boolean {
  try {
    return certificate.checkPrivateKey(key);
  } catch {
    // A key of another type (EC against RSA) throws rather than answering false.
    return false;
  }
}

/** Evidence of a certificate; `notBefore` and `notAfter` are the days in Japan, where the clinic uses it. */
function describe(certificate: X509Certificate): Evidence {
  return {
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    notBefore: localDay(new Date(certificate.validFrom)),
    notAfter: localDay(new Date(certificate.validTo)),
    fingerprint: certificate.fingerprint256,
  };
}

type ManualRoot =
  | { kind: 'no-manual' }
  | { kind: 'manual-unreadable'; folder: string }
  /** `certificate`: the root itself, to verify signatures with; null when only its fingerprint is known. */
  | { kind: 'known'; fingerprint: string; certificate: X509Certificate | null; folder: string | null };

/**
 * The root recorded at `setup-manual`: its fingerprint is the authority; the certificate itself comes from the
 * manual's folder (or from the PKCS#12 file when it carries the chain) and is used only if it has that fingerprint.
 */
async function manualRoot(ports: CheckPorts, request: CheckRequest, carried: readonly X509Certificate[]): Promise<ManualRoot> {
  const recorded = request.recorded('setup-manual', null);
  const fact = recorded?.facts.rootFingerprint ? normalizeFingerprint(recorded.facts.rootFingerprint) : null;
  const folder = recorded?.inputs.folder || null;
  const fromFolder = folder ? await readManualRoot(ports, folder) : null;
  if (!fact) {
    if (fromFolder) return { kind: 'known', fingerprint: fromFolder.fingerprint256, certificate: fromFolder, folder };
    return folder ? { kind: 'manual-unreadable', folder } : { kind: 'no-manual' };
  }
  const certificate = [...(fromFolder ? [fromFolder] : []), ...carried].find((candidate) => candidate.fingerprint256 === fact) ?? null;
  return { kind: 'known', fingerprint: fact, certificate, folder };
}

async function readManualRoot(ports: CheckPorts, folder: string): Promise<X509Certificate | null> {
  try {
    const inspection = await inspectSetupManual(ports.fs, folder);
    if (inspection.kind !== 'ok') return null;
    return new X509Certificate(await ports.fs.readFile(inspection.crtFile));
  } catch {
    return null;
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').slice(0, 200);
}
