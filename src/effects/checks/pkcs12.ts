import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';

/**
 * Opens a PKCS#12 file (.p12 / .pfx) the way the clinic's certificate arrives: node-forge decodes the container
 * (it reads every encryption OpenSSL 3 and Windows write, including the legacy RC2/3DES ones Node's OpenSSL no
 * longer loads), node:crypto reads what is inside (forge reads RSA only: an EC key or certificate comes back as
 * raw ASN.1 and is handed to node:crypto). Node's own PKCS#12 reader (`tls.createSecureContext`) is the second
 * opinion on the password where forge cannot decide.
 */

export type KeyReading = { kind: 'key'; key: KeyObject } | { kind: 'unreadable'; algorithm: string; message: string };

export type Pkcs12Reading =
  /** PEM text (certificate and maybe key), not the PKCS#12 container. */
  | { kind: 'pem' }
  /** A lone X.509 certificate (.crt / .cer, DER): no private key can be in it. */
  | { kind: 'certificate-only' }
  | { kind: 'not-pkcs12'; message: string }
  | { kind: 'wrong-password' }
  /** The password is right (the file's integrity check says so) but its non-ASCII characters defeat the reader. */
  | { kind: 'password-unreadable' }
  /** A PKCS#12 file this program cannot decode (an algorithm it does not know). */
  | { kind: 'unreadable'; message: string }
  | { kind: 'opened'; certificates: X509Certificate[]; keys: KeyReading[] };

const MAC_FAILED = 'PKCS#12 MAC could not be verified';
const NOT_PFX = 'Cannot read PKCS#12 PFX';
const DECRYPT_FAILED = /Failed to decrypt PKCS#12 SafeContents|Unable to decrypt PKCS#8 ShroudedKeyBag/;

const OIDS = forge.pki.oids as Record<string, string>;
const SHROUDED_KEY_BAG = OIDS.pkcs8ShroudedKeyBag!;
const KEY_BAG = OIDS.keyBag!;
const CERT_BAG = OIDS.certBag!;

/** Key algorithms named in evidence when a key cannot be read. */
const KEY_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.1': 'DSA',
};

export function readPkcs12(bytes: Buffer, password: string): Pkcs12Reading {
  if (looksLikePem(bytes)) return { kind: 'pem' };
  if (isDerCertificate(bytes)) return { kind: 'certificate-only' };

  let asn1: forge.asn1.Asn1;
  try {
    asn1 = parseDer(bytes);
  } catch (error) {
    // Whatever forge says about bytes that are not one whole DER value (a cut-off download, another file), it is
    // not a PKCS#12 file.
    return { kind: 'not-pkcs12', message: errorMessage(error) };
  }
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const message = errorMessage(error);
    if (message.startsWith(MAC_FAILED)) return nodeOpens(bytes, password) && !isAscii(password) ? { kind: 'password-unreadable' } : { kind: 'wrong-password' };
    if (message.startsWith(NOT_PFX)) return { kind: 'not-pkcs12', message };
    // A wrong key usually fails the padding check (forge's decrypt error), but about once in 256 the padding looks
    // right and forge fails on the garbage instead. With a non-ASCII password that is how forge's reading of it
    // (forge #1073) shows too: try the UTF-8 form, as for the decrypt error.
    if (DECRYPT_FAILED.test(message) || !isAscii(password)) return decryptFailed(bytes, password);
    return { kind: 'unreadable', message };
  }
  return contents(pfx);
}

/**
 * The integrity check passed (or the file has none) yet the contents did not decrypt. OpenSSL 3 derives the
 * PBES2 (AES) key from the password's UTF-8 bytes while forge uses each character's low byte (forge #1073): with
 * a non-ASCII password and a MAC forge has verified with that same password, decrypting with the UTF-8 bytes is
 * reading the file as it was written.
 */
function decryptFailed(bytes: Buffer, password: string): Pkcs12Reading {
  const asn1 = parseDer(bytes);
  const hasMac = asn1.value.length > 2;
  if (isAscii(password)) {
    // Without a MAC nothing vouched for the password: failing to decrypt is then how a wrong one shows.
    if (!hasMac && !nodeOpens(bytes, password)) return { kind: 'wrong-password' };
    return { kind: 'unreadable', message: 'the contents could not be decrypted' };
  }
  if (!hasMac && !nodeOpens(bytes, password)) return { kind: 'wrong-password' };
  // The MAC was verified in the first attempt (or Node's reader accepted the password): drop it so the second
  // attempt can use the UTF-8 form.
  (asn1.value as forge.asn1.Asn1[]).splice(2);
  try {
    return contents(forge.pkcs12.pkcs12FromAsn1(asn1, false, forge.util.encodeUtf8(password)));
  } catch {
    return { kind: 'password-unreadable' };
  }
}

function contents(pfx: forge.pkcs12.Pkcs12Pfx): Pkcs12Reading {
  const certificates: X509Certificate[] = [];
  for (const bag of bagsOf(pfx, CERT_BAG)) {
    const certificate = certificateOf(bag);
    if (certificate) certificates.push(certificate);
  }
  const keys = [...bagsOf(pfx, SHROUDED_KEY_BAG), ...bagsOf(pfx, KEY_BAG)].map(keyOf);
  return { kind: 'opened', certificates, keys };
}

function bagsOf(pfx: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return pfx.getBags({ bagType })[bagType] ?? [];
}

/** The certificate's DER: forge's own re-encoding of an RSA certificate keeps the original signed bytes. */
function certificateOf(bag: forge.pkcs12.Bag): X509Certificate | null {
  try {
    const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    if (!asn1) return null;
    return new X509Certificate(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
  } catch {
    // One unreadable bag must not hide the others; a file left with none is reported as such.
    return null;
  }
}

function keyOf(bag: forge.pkcs12.Bag): KeyReading {
  if (bag.key) {
    try {
      return { kind: 'key', key: createPrivateKey(forge.pki.privateKeyToPem(bag.key)) };
    } catch (error) {
      return { kind: 'unreadable', algorithm: 'RSA', message: errorMessage(error) };
    }
  }
  // forge leaves a non-RSA key as its decrypted PrivateKeyInfo: node:crypto reads EC, Ed25519, DSA…
  const info = bag.asn1;
  const algorithm = info ? keyAlgorithm(info) : 'unknown';
  if (!info) return { kind: 'unreadable', algorithm, message: 'empty key bag' };
  try {
    const der = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
    return { kind: 'key', key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
  } catch (error) {
    return { kind: 'unreadable', algorithm, message: errorMessage(error) };
  }
}

/** PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier SEQUENCE { OID, … }, … } */
function keyAlgorithm(info: forge.asn1.Asn1): string {
  try {
    const identifier = (info.value as forge.asn1.Asn1[])[1];
    const oid = forge.asn1.derToOid((identifier?.value as forge.asn1.Asn1[])[0]!.value as string);
    return KEY_ALGORITHMS[oid] ?? oid;
  } catch {
    return 'unknown';
  }
}

/** Whether Node's own PKCS#12 reader accepts the password (it cannot read the legacy RC2 files: then false). */
function nodeOpens(bytes: Buffer, password: string): boolean {
  try {
    createSecureContext({ pfx: bytes, passphrase: password });
    return true;
  } catch (error) {
    // A file without a key or with a mismatched one fails after the password was accepted.
    return !/mac verify failure|unsupported|wrong tag|not enough data/i.test(errorMessage(error));
  }
}

function parseDer(bytes: Buffer): forge.asn1.Asn1 {
  return forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
}

/** A PEM file may start with `Bag Attributes` lines (openssl pkcs12 -nodes writes them) or a byte-order mark. */
function looksLikePem(bytes: Buffer): boolean {
  return bytes.subarray(0, 64 * 1024).toString('latin1').includes('-----BEGIN ');
}

function isDerCertificate(bytes: Buffer): boolean {
  try {
    new X509Certificate(bytes);
    return true;
  } catch {
    return false;
  }
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** forge throws plain objects (`{message, error}`) as well as Errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
