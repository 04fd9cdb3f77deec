import { listCertificates, normalizeFingerprint, ROOT_CA_NAME } from './cert-store.js';
import { inspectSetupManual } from './setup-manual-folder.js';
import type { Check, CheckPorts, CheckRequest, CheckResult } from './types.js';
import { result } from './types.js';

/**
 * `root-ca`: this PC trusts the root of the Online_Setup_Manual. The root is the one recorded at `setup-manual`
 * (its fingerprint), else the certificate read again from the manual's recorded folder; the trusted store is
 * searched for exactly that certificate.
 */
export function createRootCaCheck(ports: CheckPorts): Check {
  return {
    step: 'root-ca',
    // PowerShell may take several seconds to start on a busy clinic PC; macOS runs two searches.
    timeoutMs: 45_000,
    needsInputs: [],
    run: (request, signal) => checkRootCa(ports, request, signal),
  };
}

type RootSource = { kind: 'known'; fingerprint: string } | { kind: 'no-manual' } | { kind: 'manual-unreadable'; folder: string };

/** The manual's root fingerprint: the recorded fact first (no file needed), else the manual itself. */
async function manualRoot(ports: CheckPorts, request: CheckRequest): Promise<RootSource> {
  const recorded = request.recorded('setup-manual', null);
  const fact = recorded?.facts.rootFingerprint;
  if (fact) return { kind: 'known', fingerprint: normalizeFingerprint(fact) };
  const folder = recorded?.inputs.folder;
  if (!folder) return { kind: 'no-manual' };
  const inspection = await inspectSetupManual(ports.fs, folder);
  if (inspection.kind !== 'ok') return { kind: 'manual-unreadable', folder };
  return { kind: 'known', fingerprint: inspection.root.fingerprint256 };
}

async function checkRootCa(ports: CheckPorts, request: CheckRequest, signal: AbortSignal): Promise<CheckResult> {
  const source = await manualRoot(ports, request);
  if (source.kind === 'no-manual') return result('cannot-run', 'check.root-ca.no-manual', {}, { fix: 'check.root-ca.no-manual.fix' });
  if (source.kind === 'manual-unreadable') return result('cannot-run', 'check.root-ca.manual-unreadable', { folder: source.folder }, { fix: 'check.root-ca.manual-unreadable.fix' });

  const rootFingerprint = source.fingerprint;
  const listing = await listCertificates(ports, 'root', { signal });
  if (listing.kind === 'unsupported') return result('cannot-run', 'check.root-ca.unsupported', { platform: ports.platform }, { fix: 'check.root-ca.unsupported.fix' });
  if (listing.kind === 'cannot-read') return result('cannot-run', 'check.root-ca.cannot-read', { message: listing.message }, { fix: 'check.root-ca.cannot-read.fix' });

  const exact = listing.certificates.find((certificate) => certificate.fingerprint256 === rootFingerprint);
  if (exact) {
    const evidence = { location: exact.location, rootFingerprint };
    return result('passed', 'check.root-ca.passed', evidence, { facts: evidence });
  }
  const searched = listing.searched.join(', ');
  const sameName = listing.certificates.find((certificate) => certificate.subject.includes(ROOT_CA_NAME));
  if (sameName) {
    return result('failed', 'check.root-ca.other-root', { rootFingerprint, otherFingerprint: sameName.fingerprint256, location: sameName.location }, { fix: 'check.root-ca.other-root.fix' });
  }
  // The reason is the same everywhere; how to install differs by system.
  if (ports.platform === 'win32') return result('failed', 'check.root-ca.absent', { rootFingerprint, searched }, { fix: 'check.root-ca.absent.fix' });
  if (ports.platform === 'darwin') return result('failed', 'check.root-ca.absent-keychain', { rootFingerprint, searched }, { fix: 'check.root-ca.absent-keychain.fix' });
  return result('failed', 'check.root-ca.absent-bundle', { rootFingerprint, searched }, { fix: 'check.root-ca.absent-bundle.fix' });
}
