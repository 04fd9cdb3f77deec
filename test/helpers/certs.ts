import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { afterAll } from 'vitest';

/**
 * A test PKI made with the real `openssl` CLI during the run (no private key is ever committed): the common root
 * of the closed network, a stranger root, a TLS server certificate, and client certificates as PKCS#12 files in
 * every shape a clinic may hand us. Made once per process and removed when the process exits.
 */

export interface TestCert {
  certPath: string;
  keyPath: string;
  pem: string;
  /** node:crypto X509Certificate.fingerprint256 form: `AB:CD:…`. */
  fingerprint256: string;
}

export interface TestPki {
  dir: string;
  password: string;
  root: TestCert;
  otherRoot: TestCert;
  server: TestCert;
  p12: {
    good: string;
    goodLegacy: string;
    stranger: string;
    expired: string;
    notYetValid: string;
    ec: string;
    noKey: string;
    mismatch: string;
    noClientAuth: string;
    nonAsciiPassword: string;
    pem: string;
    crt: string;
    garbage: string;
  };
  goodNotAfter: string;
  /** The good certificate's notAfter as the day in Japan (what the check records). */
  goodNotAfterJapan: string;
  nonAsciiPassword: string;
}

const PASSWORD = '1234';
const NON_ASCII_PASSWORD = 'パス1234';
export const ROOT_SUBJECT = '/CN=Online Billing NW Common Root CA';
export const CLIENT_SUBJECT = '/O=Test Clinic/CN=Test Clinic Client';

let pki: Promise<TestPki> | undefined;
let pkiDir: string | undefined;

export function makeTestPki(): Promise<TestPki> {
  pki ??= generate();
  return pki;
}

/** Removes the PKI's files; the next makeTestPki() makes a new one. */
export function removeTestPki(): void {
  if (pkiDir) rmSync(pkiDir, { recursive: true, force: true });
  pkiDir = undefined;
  pki = undefined;
}

// Vitest ends its forks with SIGTERM, so an 'exit' handler never runs there: every test file that imports this
// helper removes the PKI after its tests. The 'exit' handler covers other callers.
afterAll(removeTestPki);
process.once('exit', removeTestPki);

// A minimal config of our own, so the machine's openssl.cnf (default extensions, providers) plays no part.
const opensslEnv = (cwd: string) => ({ ...process.env, OPENSSL_CONF: join(cwd, 'openssl.cnf') });

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: opensslEnv(cwd) });
}

/** RSA key generation is most of the time: the keys are made side by side. */
async function rsaKeys(names: string[], cwd: string): Promise<void> {
  const run = promisify(execFile);
  await Promise.all(names.map((name) => run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', name], { cwd, env: opensslEnv(cwd) })));
}

const CONFIG = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ root_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ server_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.cert.download.rece, DNS:hweb.oqs.onshikaku.org, DNS:www.lineauth.mnw, DNS:localhost, IP:127.0.0.1
authorityKeyIdentifier = keyid
[ client_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
[ server_only_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
[ ca ]
default_ca = ca_default
[ ca_default ]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ policy_any ]
organizationName = optional
commonName = supplied
`;

async function generate(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'seikyu-pki-'));
  pkiDir = dir;
  const at = (name: string) => join(dir, name);
  writeFileSync(at('openssl.cnf'), CONFIG);
  mkdirSync(at('issued'));
  writeFileSync(at('index.txt'), '');
  writeFileSync(at('serial'), '1000\n');
  const run = (args: string[]) => openssl(args, dir);

  await rsaKeys(['root.key', 'other-root.key', 'server.key', 'client.key'], dir);
  run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'client-ec.key']);

  const selfSigned = (key: string, subject: string, out: string) =>
    run(['req', '-new', '-x509', '-key', key, '-subj', subject, '-days', '3650', '-sha256', '-extensions', 'root_ext', '-set_serial', '1', '-out', out]);
  selfSigned('root.key', ROOT_SUBJECT, 'root.crt');
  selfSigned('other-root.key', '/CN=Stranger Root CA', 'other-root.crt');

  const csr = (key: string, subject: string, out: string) => run(['req', '-new', '-key', key, '-subj', subject, '-out', out]);
  let serial = 100;
  const sign = (csrFile: string, ca: string, extension: string, out: string) =>
    run(['x509', '-req', '-in', csrFile, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-set_serial', String(++serial), '-days', '825', '-sha256', '-extfile', 'openssl.cnf', '-extensions', extension, '-out', out]);
  // `openssl x509 -req` in OpenSSL 3.0 cannot set a start date: `openssl ca` can.
  const signDated = (csrFile: string, start: string, end: string, out: string) =>
    run(['ca', '-batch', '-config', 'openssl.cnf', '-cert', 'root.crt', '-keyfile', 'root.key', '-in', csrFile, '-startdate', start, '-enddate', end, '-extfile', 'openssl.cnf', '-extensions', 'client_ext', '-notext', '-out', out]);

  csr('server.key', '/CN=www.cert.download.rece', 'server.csr');
  sign('server.csr', 'root', 'server_ext', 'server.crt');
  csr('client.key', CLIENT_SUBJECT, 'client.csr');
  sign('client.csr', 'root', 'client_ext', 'client.crt');
  csr('client.key', '/O=Stranger Clinic/CN=Stranger Client', 'stranger.csr');
  sign('stranger.csr', 'other-root', 'client_ext', 'stranger.crt');
  sign('client.csr', 'root', 'server_only_ext', 'no-client-auth.crt');
  signDated('client.csr', '20200101000000Z', '20210101000000Z', 'expired.crt');
  signDated('client.csr', '20990101000000Z', '20991231000000Z', 'not-yet-valid.crt');
  csr('client-ec.key', '/O=Test Clinic/CN=Test Clinic EC Client', 'client-ec.csr');
  sign('client-ec.csr', 'root', 'client_ext', 'client-ec.crt');

  const p12 = (cert: string, key: string | null, out: string, extra: string[] = [], password = PASSWORD) =>
    run(['pkcs12', '-export', '-in', cert, ...(key ? ['-inkey', key] : ['-nokeys']), '-passout', `pass:${password}`, '-out', out, ...extra]);
  p12('client.crt', 'client.key', 'good.p12');
  p12('client.crt', 'client.key', 'good-legacy.p12', ['-legacy']);
  p12('stranger.crt', 'client.key', 'stranger.p12');
  p12('expired.crt', 'client.key', 'expired.p12');
  p12('not-yet-valid.crt', 'client.key', 'not-yet-valid.p12');
  p12('client-ec.crt', 'client-ec.key', 'ec.p12');
  p12('client.crt', null, 'no-key.p12');
  p12('no-client-auth.crt', 'client.key', 'no-client-auth.p12');
  p12('client.crt', 'client.key', 'non-ascii.p12', [], NON_ASCII_PASSWORD);
  // Any other key will do for the mismatch: the stranger root's.
  writeMismatch(at('client.crt'), at('other-root.key'), at('mismatch.p12'));

  writeFileSync(at('client.pem'), readFileSync(at('client.crt'), 'utf8') + readFileSync(at('client.key'), 'utf8'));
  run(['x509', '-in', 'client.crt', '-outform', 'DER', '-out', 'client.der.crt']);
  writeFileSync(at('garbage.p12'), randomBytes(2048));

  const goodCert = new X509Certificate(readFileSync(at('client.crt')));
  return {
    dir,
    password: PASSWORD,
    root: testCert(dir, 'root.crt', 'root.key'),
    otherRoot: testCert(dir, 'other-root.crt', 'other-root.key'),
    server: testCert(dir, 'server.crt', 'server.key'),
    p12: {
      good: at('good.p12'),
      goodLegacy: at('good-legacy.p12'),
      stranger: at('stranger.p12'),
      expired: at('expired.p12'),
      notYetValid: at('not-yet-valid.p12'),
      ec: at('ec.p12'),
      noKey: at('no-key.p12'),
      mismatch: at('mismatch.p12'),
      noClientAuth: at('no-client-auth.p12'),
      nonAsciiPassword: at('non-ascii.p12'),
      pem: at('client.pem'),
      crt: at('client.der.crt'),
      garbage: at('garbage.p12'),
    },
    goodNotAfter: new Date(goodCert.validTo).toISOString().slice(0, 10),
    goodNotAfterJapan: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(goodCert.validTo)),
    nonAsciiPassword: NON_ASCII_PASSWORD,
  };
}

/**
 * `openssl pkcs12 -export` refuses a key that does not match the certificate ("No certificate matches private
 * key"), so this one file is assembled with node-forge from the openssl-made pieces (AES-256, SHA-256 MAC).
 */
function writeMismatch(certPath: string, keyPath: string, out: string): void {
  const cert = forge.pki.certificateFromPem(readFileSync(certPath, 'utf8'));
  const key = forge.pki.privateKeyFromPem(readFileSync(keyPath, 'utf8'));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], PASSWORD, { algorithm: 'aes256' });
  writeFileSync(out, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}

export interface ClientP12Options {
  /** `openssl ca` dates, `YYYYMMDDHHMMSSZ` (UTC): a notAfter near midnight shows the Japan-day rule. */
  startDate?: string;
  endDate?: string;
  /** Put the root in the file too, as some exports carry the chain. */
  withChain?: boolean;
}

let extra = 0;

/** Another p12 of the test client (its key, signed by the root, clientAuth, password '1234') with these details. */
export async function makeClientP12(options: ClientP12Options = {}): Promise<string> {
  const { dir } = await makeTestPki();
  const name = `client-extra-${++extra}`;
  const dates = [...(options.startDate ? ['-startdate', options.startDate] : []), ...(options.endDate ? ['-enddate', options.endDate] : ['-days', '825'])];
  openssl(['ca', '-batch', '-config', 'openssl.cnf', '-cert', 'root.crt', '-keyfile', 'root.key', '-in', 'client.csr', ...dates, '-extfile', 'openssl.cnf', '-extensions', 'client_ext', '-notext', '-out', `${name}.crt`], dir);
  const chain = options.withChain ? ['-certfile', 'root.crt'] : [];
  openssl(['pkcs12', '-export', '-in', `${name}.crt`, '-inkey', 'client.key', ...chain, '-passout', `pass:${PASSWORD}`, '-out', `${name}.p12`], dir);
  return join(dir, `${name}.p12`);
}

function testCert(dir: string, cert: string, key: string): TestCert {
  const pem = readFileSync(join(dir, cert), 'utf8');
  return { certPath: join(dir, cert), keyPath: join(dir, key), pem, fingerprint256: new X509Certificate(pem).fingerprint256 };
}
