import type { X509Certificate } from 'node:crypto';

/** Reading certificates with node:crypto: names on one line, who signed whom, what a certificate may be used for. */

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
/** Longer chains than this are not a clinic's certificate; the bound also stops a loop of cross-signed names. */
const MAX_CHAIN = 5;

/** Node writes a name one attribute a line (`O=…\nCN=…`); evidence shows it on one line, as the root check does. */
export function oneLine(name: string): string {
  return name.split('\n').join(', ');
}

/** `child` names `parent` as its issuer and `parent`'s key verifies its signature. */
export function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/**
 * Whether `leaf` chains to `root`, directly or through CA certificates from `pool` (what the PKCS#12 file carried).
 * No intermediate is documented for the closed network's CA, but one that itself chains to the root is accepted.
 */
export function chainsTo(leaf: X509Certificate, root: X509Certificate, pool: readonly X509Certificate[]): boolean {
  let current = leaf;
  for (let depth = 0; depth < MAX_CHAIN; depth += 1) {
    if (issuedBy(current, root)) return true;
    const parent = pool.find((candidate) => candidate.ca && candidate.fingerprint256 !== current.fingerprint256 && issuedBy(current, candidate));
    if (!parent) return false;
    current = parent;
  }
  return false;
}

/** No extended key usage means any use; otherwise TLS client authentication (or any usage) must be listed. */
export function allowsClientAuth(certificate: X509Certificate): boolean {
  const usages = certificate.keyUsage as string[] | undefined;
  return !usages || usages.length === 0 || usages.includes(CLIENT_AUTH) || usages.includes(ANY_EXTENDED_KEY_USAGE);
}

/** The extended key usages by name where they have a well-known one. */
export function usageNames(certificate: X509Certificate): string {
  const names: Record<string, string> = {
    '1.3.6.1.5.5.7.3.1': 'serverAuth',
    [CLIENT_AUTH]: 'clientAuth',
    '1.3.6.1.5.5.7.3.3': 'codeSigning',
    '1.3.6.1.5.5.7.3.4': 'emailProtection',
    '1.3.6.1.5.5.7.3.8': 'timeStamping',
    '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  };
  return ((certificate.keyUsage as string[] | undefined) ?? []).map((oid) => names[oid] ?? oid).join(', ');
}
