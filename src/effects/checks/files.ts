import { join } from 'node:path';
import { loadProcedure } from '../procedure-loader.js';
import type { Downloads } from '../../machine/procedure-schema.js';
import { errorMessage, listFolder, matchName, walkFiles } from './folder-entries.js';
import type { FolderListing } from './folder-entries.js';
import { createRootCaCheck } from './root-ca.js';
import { inspectSetupManual } from './setup-manual-folder.js';
import type { Check, CheckPorts, CheckRequest, CheckResult, Evidence } from './types.js';
import { result } from './types.js';

/** The checks of what was downloaded or received (`setup-manual`, `ons-apps`, `reader-software`) and `root-ca`. */
export function createFileChecks(ports: CheckPorts): Check[] {
  return [
    { step: 'setup-manual', timeoutMs: 15_000, needsInputs: ['folder'], run: (request) => checkSetupManual(ports, request) },
    { step: 'ons-apps', timeoutMs: 60_000, needsInputs: ['folder'], run: (request) => checkOnsApps(ports, request) },
    { step: 'reader-software', timeoutMs: 30_000, needsInputs: ['folder'], run: (request, signal) => checkReaderSoftware(ports, request, signal) },
    createRootCaCheck(ports),
  ];
}

/** A folder that cannot be listed, in the step's words. Only these three codes are shared by the file checks. */
function folderProblem(step: 'setup-manual' | 'ons-apps' | 'reader-software', folder: string, listing: Exclude<FolderListing, { kind: 'listed' }>): CheckResult {
  if (listing.kind === 'missing') return result('failed', `check.${step}.missing`, { folder }, { fix: `check.${step}.missing.fix` });
  if (listing.kind === 'not-folder') return result('failed', `check.${step}.not-folder`, { folder }, { fix: `check.${step}.not-folder.fix` });
  return result('cannot-run', `check.${step}.unreadable`, { folder, message: listing.message }, { fix: `check.${step}.unreadable.fix` });
}

// ---- setup-manual ----------------------------------------------------------------------------------------------

async function checkSetupManual(ports: CheckPorts, request: CheckRequest): Promise<CheckResult> {
  const given = request.inputs.folder!;
  const found = await inspectSetupManual(ports.fs, given);
  if (found.kind === 'missing' || found.kind === 'not-folder' || found.kind === 'unreadable') return folderProblem('setup-manual', given, found);
  // Which folder was read, when it is not the one given (its Online_Setup_Manual subfolder).
  const where: Evidence = found.folder === given ? { folder: given } : { folder: given, usedFolder: found.folder };
  switch (found.kind) {
    case 'empty':
      return result('failed', 'check.setup-manual.empty', where, { fix: 'check.setup-manual.empty.fix' });
    case 'no-top-html':
      return result('failed', 'check.setup-manual.no-top-html', where, { fix: 'check.setup-manual.no-top-html.fix' });
    case 'no-crt':
      if (found.otherCrt.length > 0) {
        return result('failed', 'check.setup-manual.other-crt', { ...where, otherCrt: found.otherCrt.join(', ') }, { fix: 'check.setup-manual.other-crt.fix' });
      }
      return result('failed', 'check.setup-manual.no-crt', where, { fix: 'check.setup-manual.no-crt.fix' });
    case 'not-certificate':
      return result('failed', 'check.setup-manual.not-certificate', { ...where, crtFile: found.crtFile, message: found.message }, { fix: 'check.setup-manual.not-certificate.fix' });
    case 'wrong-subject':
      return result('failed', 'check.setup-manual.wrong-subject', { ...where, crtFile: found.crtFile, rootSubject: found.subject }, { fix: 'check.setup-manual.wrong-subject.fix' });
    case 'ok': {
      const facts = { rootFingerprint: found.root.fingerprint256, rootSubject: found.root.subject, rootNotAfter: found.root.notAfter };
      return result('passed', 'check.setup-manual.passed', { ...where, crtFile: found.crtFile, ...facts }, { facts });
    }
  }
}

// ---- ons-apps --------------------------------------------------------------------------------------------------

export const ONS_ZIPS = ['OQSFaceApp.zip', 'OQSComApp.zip', 'OQSDistroApp.zip', 'CybertrustManagedPKIClient.zip'] as const;
/** The browser extensions OQSFaceApp.zip carries, at whatever depth. */
export const FACE_APP_CRX = ['delegate.crx', 'nopinauth.crx', 'pinauth.crx'] as const;

async function checkOnsApps(ports: CheckPorts, request: CheckRequest): Promise<CheckResult> {
  const folder = request.inputs.folder!;
  const listing = await listFolder(ports.fs, folder);
  if (listing.kind !== 'listed') return folderProblem('ons-apps', folder, listing);

  const present = ONS_ZIPS.map((wanted) => ({ wanted, name: matchName(listing.names, wanted) }));
  const found = present.flatMap((zip) => (zip.name ? [zip.name] : []));
  const missing = present.filter((zip) => !zip.name).map((zip) => zip.wanted);
  const evidence = { folder, found: found.join(', '), missing: missing.join(', ') };
  if (missing.length > 0) return result('failed', 'check.ons-apps.missing-zips', evidence, { fix: 'check.ons-apps.missing-zips.fix' });

  const broken: string[] = [];
  let brokenMessage = '';
  let faceEntries: string[] = [];
  for (const zip of present) {
    try {
      const entries = await ports.zip.entries(join(folder, zip.name!));
      if (zip.wanted === 'OQSFaceApp.zip') faceEntries = entries;
    } catch (error) {
      broken.push(zip.name!);
      brokenMessage ||= errorMessage(error);
    }
  }
  if (broken.length > 0) {
    return result('failed', 'check.ons-apps.not-zip', { ...evidence, file: broken.join(', '), message: brokenMessage }, { fix: 'check.ons-apps.not-zip.fix' });
  }

  // Entry names use `/` by the zip format, but some Windows tools write `\`.
  const baseNames = new Set(faceEntries.map((entry) => (entry.split(/[\\/]/).pop() ?? '').toLowerCase()));
  const missingCrx = FACE_APP_CRX.filter((crx) => !baseNames.has(crx));
  if (missingCrx.length > 0) {
    return result('failed', 'check.ons-apps.missing-crx', { ...evidence, file: present[0]!.name!, missingCrx: missingCrx.join(', ') }, { fix: 'check.ons-apps.missing-crx.fix' });
  }
  return result('passed', 'check.ons-apps.passed', { folder, found: found.join(', ') });
}

// ---- reader-software -------------------------------------------------------------------------------------------

/** A folder of downloads holds tens of files; past these limits it is not such a folder (C:\, a whole drive). */
const WALK_LIMITS = { entries: 5_000, depth: 8 };

/** What the procedure data says the vendor's downloads are (the file names are not known). */
function readerDownloads(): Downloads {
  const downloads = loadProcedure().steps.find((step) => step.id === 'reader-software')?.downloads;
  if (!downloads) throw new Error('data/procedure.json: the reader-software step has no "downloads"');
  return downloads;
}

/** Bytes in MB as the vendor counts them (986 MB = 986,000,000 bytes), whole. */
const megabytes = (bytes: number): string => String(Math.round(bytes / 1_000_000));

async function checkReaderSoftware(ports: CheckPorts, request: CheckRequest, signal: AbortSignal): Promise<CheckResult> {
  const folder = request.inputs.folder!;
  const expected = readerDownloads();
  const listing = await listFolder(ports.fs, folder);
  if (listing.kind !== 'listed') return folderProblem('reader-software', folder, listing);
  if (listing.names.length === 0) {
    const needed = { manualsNeeded: String(expected.manuals.count), softwareExpected: megabytes(expected.software.aboutBytes) };
    return result('failed', 'check.reader-software.empty', { folder, ...needed }, { fix: 'check.reader-software.empty.fix' });
  }

  const walk = await walkFiles(ports.fs, folder, WALK_LIMITS, signal);
  const suffix = `.${expected.manuals.extension}`;
  const manuals = walk.files.filter((file) => file.path.toLowerCase().endsWith(suffix));
  const softwareBytes = walk.files.filter((file) => !file.path.toLowerCase().endsWith(suffix)).reduce((sum, file) => sum + file.size, 0);
  const enoughManuals = manuals.length >= expected.manuals.count;
  const enoughSoftware = softwareBytes >= expected.software.minBytes;
  const evidence = {
    folder,
    manualCount: String(manuals.length),
    manualsNeeded: String(expected.manuals.count),
    softwareSize: megabytes(softwareBytes),
    softwareExpected: megabytes(expected.software.aboutBytes),
  };
  if (walk.truncated && !(enoughManuals && enoughSoftware)) {
    return result('cannot-run', 'check.reader-software.too-many', { ...evidence, entryLimit: String(WALK_LIMITS.entries) }, { fix: 'check.reader-software.too-many.fix' });
  }
  if (!enoughManuals) return result('failed', 'check.reader-software.few-manuals', evidence, { fix: 'check.reader-software.few-manuals.fix' });
  if (!enoughSoftware) return result('failed', 'check.reader-software.no-software', evidence, { fix: 'check.reader-software.no-software.fix' });
  return result('passed', 'check.reader-software.passed', evidence);
}
