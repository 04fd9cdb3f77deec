import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { localDay } from '../clock.js';
import { ROOT_CA_NAME } from './cert-store.js';
import { isDirectory, isFile, listFolder, matchName } from './folder-entries.js';
import type { FileSystem } from './types.js';

/**
 * What the Online_Setup_Manual folder holds, read the same way by the `setup-manual` check and by `root-ca`
 * (which needs the root's fingerprint when none was recorded).
 */

export const MANUAL_FOLDER = 'Online_Setup_Manual';
export const TOP_HTML = 'Top.html';
export const CRT_FOLDER = 'crt';
export const ROOT_CRT = 'OnlineBillingNWCommonRootCA-G1.crt';

export interface ManualRoot {
  fingerprint256: string;
  /** Node's subject with its lines joined by `, ` (`C=JP, O=…, CN=…`). */
  subject: string;
  /** The last day it is valid, in Japan (YYYY-MM-DD). */
  notAfter: string;
}

/** `folder`: the folder actually read (the given one, or its Online_Setup_Manual subfolder). */
export type ManualInspection =
  | { kind: 'missing' }
  | { kind: 'not-folder' }
  | { kind: 'unreadable'; message: string }
  | { kind: 'empty'; folder: string }
  | { kind: 'no-top-html'; folder: string }
  | { kind: 'no-crt'; folder: string; otherCrt: string[] }
  | { kind: 'not-certificate'; folder: string; crtFile: string; message: string }
  | { kind: 'wrong-subject'; folder: string; crtFile: string; subject: string }
  | { kind: 'ok'; folder: string; crtFile: string; root: ManualRoot };

export async function inspectSetupManual(fs: FileSystem, given: string): Promise<ManualInspection> {
  const listing = await listFolder(fs, given);
  if (listing.kind !== 'listed') return listing;
  if (listing.names.length === 0) return { kind: 'empty', folder: given };

  let folder = given;
  let names = listing.names;
  // The user may name the folder that holds Online_Setup_Manual (a CD drive, a download folder).
  const holdsManual = matchName(names, TOP_HTML) !== null || matchName(names, CRT_FOLDER) !== null;
  const child = holdsManual ? null : matchName(names, MANUAL_FOLDER);
  if (child && (await isDirectory(fs, join(given, child)))) {
    const inner = await listFolder(fs, join(given, child));
    if (inner.kind === 'listed') {
      folder = join(given, child);
      names = inner.names;
      if (names.length === 0) return { kind: 'empty', folder };
    }
  }

  const top = matchName(names, TOP_HTML);
  if (!top || !(await isFile(fs, join(folder, top)))) return { kind: 'no-top-html', folder };

  const crtFolderName = matchName(names, CRT_FOLDER);
  const crtFolder = crtFolderName ? join(folder, crtFolderName) : null;
  const crtListing = crtFolder ? await listFolder(fs, crtFolder) : null;
  const crtNames = crtListing?.kind === 'listed' ? crtListing.names : [];
  const crtName = matchName(crtNames, ROOT_CRT);
  if (!crtFolder || !crtName || !(await isFile(fs, join(crtFolder, crtName)))) {
    const otherCrt = crtNames.filter((name) => /\.(crt|cer|pem|der)$/i.test(name) && name !== crtName);
    return { kind: 'no-crt', folder, otherCrt };
  }

  const crtFile = join(crtFolder, crtName);
  let certificate: X509Certificate;
  try {
    // PEM or DER alike: the manual's file has been seen in both encodings.
    certificate = new X509Certificate(await fs.readFile(crtFile));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'not-certificate', folder, crtFile, message: (message.split('\n')[0] ?? '').slice(0, 200) };
  }
  const subject = certificate.subject.split('\n').join(', ');
  if (!subject.includes(ROOT_CA_NAME)) return { kind: 'wrong-subject', folder, crtFile, subject };
  return { kind: 'ok', folder, crtFile, root: { fingerprint256: certificate.fingerprint256, subject, notAfter: localDay(new Date(certificate.validTo)) } };
}
