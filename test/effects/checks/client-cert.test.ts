import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowsListCommand } from '../../../src/effects/checks/cert-store.js';
import { createCertificateChecks } from '../../../src/effects/checks/certificate.js';
import { readPkcs12 } from '../../../src/effects/checks/pkcs12.js';
import { runCheck } from '../../../src/effects/checks/run.js';
import type { CheckPorts, CheckResult, CommandRunner, RecordedFacts } from '../../../src/effects/checks/types.js';
import { makeClientP12, makeTestPki, type TestPki } from '../../helpers/certs.js';
import { checkRequest, expectShowable, fileCheckPorts, makeSetupManual, pemToDer, removeTempDirs, tempDir } from '../../helpers/folders.js';
import { exited, FakeRunner, noCommands, recorded } from '../../fixtures/checks/stores/recorded.js';

let pki: TestPki;
/** The client certificate inside good.p12, read from its DER copy. */
let client: X509Certificate;
/** What `setup-manual` recorded: the folder of a real manual holding the test root, and the root's fingerprint. */
let manual: Record<string, RecordedFacts>;

beforeAll(async () => {
  pki = await makeTestPki();
  client = new X509Certificate(readFileSync(pki.p12.crt));
  const { folder } = makeSetupManual(pki.root.pem);
  manual = { 'setup-manual': { inputs: { folder }, facts: { rootFingerprint: pki.root.fingerprint256 } } };
});
afterAll(removeTempDirs);

/** Thirty days into the good certificate's life: every p12 of the PKI but the dated ones is valid then. */
const validNow = (): Date => new Date(new Date(client.validFrom).getTime() + 30 * 24 * 3600 * 1000);

function ports(options: { platform?: NodeJS.Platform; runner?: CommandRunner; now?: Date } = {}): CheckPorts {
  const now = options.now ?? validNow();
  return { ...fileCheckPorts({ platform: options.platform ?? 'linux', runner: options.runner ?? noCommands }), clock: { now: () => now, today: () => japanDay(now) } };
}

/** The day in Japan, computed here apart from the program's own clock code. */
function japanDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

const passwordsSeen = new Set<string>();

/** Runs the check as the runner does; every result must be showable and must never carry the password. */
async function clientCert(file: string, password: string, options: { records?: Record<string, RecordedFacts>; ports?: CheckPorts } = {}): Promise<CheckResult> {
  const [check] = createCertificateChecks(options.ports ?? ports());
  const result = await runCheck(check!, checkRequest('client-cert', { file, password }, options.records ?? manual));
  expectShowable(result);
  passwordsSeen.add(password);
  for (const value of [...Object.values(result.evidence), ...Object.values(result.facts)]) expect(value).not.toContain(password);
  return result;
}

describe('the test PKI', () => {
  it('is made with openssl: a root, a server certificate it signs and every p12 file', async () => {
    const root = new X509Certificate(pki.root.pem);
    expect(root.subject).toBe('CN=Online Billing NW Common Root CA');
    expect(root.ca).toBe(true);
    expect(new X509Certificate(pki.server.pem).checkIssued(root)).toBe(true);
    expect(new X509Certificate(pki.server.pem).subjectAltName).toContain('DNS:www.cert.download.rece');
    for (const path of Object.values(pki.p12)) expect(existsSync(path)).toBe(true);
    expect(pki.goodNotAfter).toBe(new Date(client.validTo).toISOString().slice(0, 10));
  });
});

describe('client-cert passes', () => {
  it('for the good p12 (OpenSSL 3 default encoding), recording its Japan-day notAfter, subject, fingerprint and issuer', async () => {
    const result = await clientCert(pki.p12.good, pki.password);
    const facts = { notAfter: japanDay(new Date(client.validTo)), subject: 'O=Test Clinic, CN=Test Clinic Client', fingerprint: client.fingerprint256, issuer: 'CN=Online Billing NW Common Root CA' };
    expect(result).toEqual({
      outcome: 'passed',
      reason: 'check.client-cert.passed',
      fix: null,
      evidence: { file: pki.p12.good, ...facts, notBefore: japanDay(new Date(client.validFrom)), rootFingerprint: pki.root.fingerprint256 },
      facts,
    });
  });

  it('for the legacy-encoded p12 (RC2/3DES, which Node’s own OpenSSL no longer opens), with the same fingerprint', async () => {
    const result = await clientCert(pki.p12.goodLegacy, pki.password);
    expect(result).toMatchObject({ outcome: 'passed', facts: { fingerprint: client.fingerprint256 } });
  });

  it('for an EC P-256 certificate, whose key node-forge cannot read but node:crypto can', async () => {
    const result = await clientCert(pki.p12.ec, pki.password);
    expect(result).toMatchObject({ outcome: 'passed', facts: { subject: 'O=Test Clinic, CN=Test Clinic EC Client' } });
  });

  it('for a p12 whose non-ASCII password OpenSSL 3 used as UTF-8 (the forge #1073 case is read)', async () => {
    const result = await clientCert(pki.p12.nonAsciiPassword, pki.nonAsciiPassword);
    expect(result).toMatchObject({ outcome: 'passed', facts: { fingerprint: client.fingerprint256 } });
  });

  it('with the root read from the manual folder alone when no fingerprint was recorded', async () => {
    const records = { 'setup-manual': { inputs: manual['setup-manual']!.inputs, facts: {} } };
    const result = await clientCert(pki.p12.good, pki.password, { records });
    expect(result).toMatchObject({ outcome: 'passed', evidence: { rootFingerprint: pki.root.fingerprint256 } });
  });

  it('with the manual’s root in DER form', async () => {
    const { folder } = makeSetupManual(pemToDer(pki.root.pem));
    const result = await clientCert(pki.p12.good, pki.password, { records: { 'setup-manual': { inputs: { folder }, facts: {} } } });
    expect(result.outcome).toBe('passed');
  });

  it('with the root carried in the p12 when the manual folder is gone but its fingerprint was recorded', async () => {
    const withChain = await makeClientP12({ withChain: true });
    const records = { 'setup-manual': { inputs: { folder: join(tempDir(), 'gone') }, facts: { rootFingerprint: pki.root.fingerprint256.toLowerCase().replaceAll(':', '') } } };
    const result = await clientCert(withChain, pki.password, { records });
    expect(result).toMatchObject({ outcome: 'passed', evidence: { rootFingerprint: pki.root.fingerprint256 } });
  });

  it('records notAfter as the day in Japan: 2030-06-30T15:30Z is 2030-07-01 there, whatever the machine’s zone', async () => {
    const file = await makeClientP12({ startDate: '20260101000000Z', endDate: '20300630153000Z' });
    const saved = process.env.TZ;
    try {
      for (const zone of ['UTC', 'America/Los_Angeles']) {
        process.env.TZ = zone;
        const result = await clientCert(file, pki.password, { ports: ports({ now: new Date('2027-01-01T00:00:00Z') }) });
        expect(result.facts.notAfter, zone).toBe('2030-07-01');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('for a path pasted with the double quotes of Explorer’s “Copy as path”', async () => {
    expect(await clientCert(`"${pki.p12.good}"`, pki.password)).toMatchObject({ outcome: 'passed', evidence: { file: pki.p12.good } });
  });

  it('gives the same result when run twice (it changes nothing)', async () => {
    expect(await clientCert(pki.p12.good, pki.password)).toEqual(await clientCert(pki.p12.good, pki.password));
  });
});

describe('client-cert fails on the file itself', () => {
  const cases: [string, () => string, string][] = [
    ['a missing file', () => join(pki.dir, 'nowhere.p12'), 'missing'],
    ['a folder', () => pki.dir, 'not-file'],
    ['a PEM file (certificate and key as text)', () => pki.p12.pem, 'pem'],
    ['a DER certificate (.crt) without its key', () => pki.p12.crt, 'certificate-only'],
    ['random bytes', () => pki.p12.garbage, 'not-pkcs12'],
  ];
  for (const [what, file, code] of cases) {
    it(`for ${what}: ${code}`, async () => {
      const result = await clientCert(file(), pki.password);
      expect(result).toMatchObject({ outcome: 'failed', reason: `check.client-cert.${code}`, fix: `check.client-cert.${code}.fix`, evidence: { file: file() }, facts: {} });
    });
  }

  it('for a file cut short half way through the download: not-pkcs12', async () => {
    const path = join(tempDir(), 'cut.p12');
    const bytes = readFileSync(pki.p12.good);
    writeFileSync(path, bytes.subarray(0, bytes.length / 2));
    expect((await clientCert(path, pki.password)).reason).toBe('check.client-cert.not-pkcs12');
  });
});

describe('damaged files', () => {
  it('never make the reader throw: any byte of a real p12 changed, or the file cut anywhere, gives a reading', () => {
    const good = readFileSync(pki.p12.good);
    fc.assert(
      fc.property(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, xor, cut) => {
        const bytes = Buffer.from(good);
        bytes[at] = bytes[at]! ^ xor;
        const reading = readPkcs12(cut ? good.subarray(0, at) : bytes, pki.password);
        expect(['not-pkcs12', 'wrong-password', 'unreadable', 'opened', 'certificate-only']).toContain(reading.kind);
      }),
      { numRuns: 150 },
    );
  });
});

describe('client-cert fails on the password', () => {
  it('says the password is wrong for 9999, on the default and the legacy file', async () => {
    for (const file of [pki.p12.good, pki.p12.goodLegacy]) {
      expect(await clientCert(file, '9999')).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.wrong-password', evidence: { file } });
    }
  });

  it('says the password is wrong for a wrong non-ASCII one', async () => {
    expect((await clientCert(pki.p12.nonAsciiPassword, 'パス9999')).reason).toBe('check.client-cert.wrong-password');
  });

  it('says the password was typed full-width when the half-width form opens the file', async () => {
    expect(await clientCert(pki.p12.good, '１２３４')).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.password-full-width' });
  });

  it('says a right non-ASCII password cannot be used by the reader when the contents still do not decrypt', async () => {
    const path = join(tempDir(), 'mac-only.p12');
    writeFileSync(path, macOnlyMatches(pki.nonAsciiPassword));
    expect(await clientCert(path, pki.nonAsciiPassword)).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.password-unreadable', evidence: { file: path } });
  });
});

describe('client-cert fails on what the file holds', () => {
  it('for a p12 with the certificate only: no-key, naming the certificate', async () => {
    expect(await clientCert(pki.p12.noKey, pki.password)).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.no-key', evidence: { subject: 'O=Test Clinic, CN=Test Clinic Client' } });
  });

  it('for a certificate with another key: mismatch', async () => {
    expect(await clientCert(pki.p12.mismatch, pki.password)).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.mismatch', evidence: { fingerprint: client.fingerprint256 } });
  });

  it('for a key node:crypto cannot read: key-unreadable, naming its algorithm', async () => {
    const path = join(tempDir(), 'odd-key.p12');
    writeFileSync(path, unknownKeyP12());
    expect(await clientCert(path, pki.password)).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.key-unreadable', evidence: { keyType: '1.2.643.7.1.1.1.1' } });
  });

  it('for a certificate from another CA: other-issuer, with its issuer and the root expected', async () => {
    expect(await clientCert(pki.p12.stranger, pki.password)).toMatchObject({
      outcome: 'failed',
      reason: 'check.client-cert.other-issuer',
      evidence: { issuer: 'CN=Stranger Root CA', rootFingerprint: pki.root.fingerprint256 },
    });
  });

  it('for another CA’s certificate when only the root’s fingerprint is known: other-issuer by its name', async () => {
    const records = { 'setup-manual': { inputs: { folder: join(tempDir(), 'gone') }, facts: { rootFingerprint: pki.root.fingerprint256 } } };
    expect((await clientCert(pki.p12.stranger, pki.password, { records })).reason).toBe('check.client-cert.other-issuer');
  });

  it('for an expired certificate: expired, with its last day and today', async () => {
    expect(await clientCert(pki.p12.expired, pki.password)).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.expired', evidence: { notAfter: '2021-01-01', today: japanDay(validNow()) } });
  });

  it('for a certificate not valid yet: not-yet-valid, from its first day', async () => {
    expect(await clientCert(pki.p12.notYetValid, pki.password)).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.not-yet-valid', evidence: { notBefore: '2099-01-01' } });
  });

  it('for the good certificate once the clock is past its end', async () => {
    const later = new Date(new Date(client.validTo).getTime() + 1000);
    expect((await clientCert(pki.p12.good, pki.password, { ports: ports({ now: later }) })).reason).toBe('check.client-cert.expired');
  });

  it('for a certificate made for servers only: no-client-auth, naming its usage', async () => {
    expect(await clientCert(pki.p12.noClientAuth, pki.password)).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.no-client-auth', evidence: { usage: 'serverAuth' } });
  });
});

describe('client-cert cannot run without the root', () => {
  it('when setup-manual recorded nothing', async () => {
    expect(await clientCert(pki.p12.good, pki.password, { records: {} })).toMatchObject({ outcome: 'cannot-run', reason: 'check.client-cert.no-manual', fix: 'check.client-cert.no-manual.fix' });
  });

  it('when the recorded folder no longer holds the manual and no fingerprint was recorded', async () => {
    const folder = join(tempDir(), 'gone');
    expect(await clientCert(pki.p12.good, pki.password, { records: { 'setup-manual': { inputs: { folder }, facts: {} } } })).toMatchObject({ outcome: 'cannot-run', reason: 'check.client-cert.manual-unreadable', evidence: { folder } });
  });

  it('when only the fingerprint is known and the issuer’s name is the root’s: the signature cannot be verified', async () => {
    const folder = join(tempDir(), 'gone');
    const records = { 'setup-manual': { inputs: { folder }, facts: { rootFingerprint: pki.root.fingerprint256 } } };
    expect(await clientCert(pki.p12.good, pki.password, { records })).toMatchObject({ outcome: 'cannot-run', reason: 'check.client-cert.root-unavailable', evidence: { folder } });
  });

  it('when the folder’s root is not the recorded one: only the recorded fingerprint counts', async () => {
    const records = { 'setup-manual': { inputs: manual['setup-manual']!.inputs, facts: { rootFingerprint: pki.otherRoot.fingerprint256 } } };
    expect(await clientCert(pki.p12.good, pki.password, { records })).toMatchObject({ outcome: 'cannot-run', reason: 'check.client-cert.root-unavailable', evidence: { rootFingerprint: pki.otherRoot.fingerprint256 } });
  });
});

describe('client-cert on Windows looks in the Personal store', () => {
  const { file, args } = windowsListCommand('my');

  /** The recorded listing with the test client certificate in LocalMachine\My after a Japanese one in CurrentUser\My. */
  function listingWithClient(): string {
    return recorded('../certificate/windows-my-machine.json')
      .replace('@CLIENT_SUBJECT@', 'CN=Test Clinic Client, O=Test Clinic')
      .replace('@CLIENT_THUMBPRINT@', client.fingerprint.replaceAll(':', ''))
      .replace('@CLIENT_RAWDATA@', client.raw.toString('base64'));
  }

  it('on recorded Windows output holding the certificate in LocalMachine\\My, passes naming where', async () => {
    const runner = new FakeRunner().expect(file, args, exited(listingWithClient()));
    const result = await clientCert(pki.p12.good, pki.password, { ports: ports({ platform: 'win32', runner }) });
    runner.assertDone();
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.client-cert.passed-installed', evidence: { installed: 'Cert:\\LocalMachine\\My' }, facts: { fingerprint: client.fingerprint256 } });
  });

  it('on recorded Windows output with another certificate only, fails: the good file is not installed', async () => {
    const runner = new FakeRunner().expect(file, args, exited(recorded('windows-my-single.json')));
    const result = await clientCert(pki.p12.good, pki.password, { ports: ports({ platform: 'win32', runner }) });
    runner.assertDone();
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.client-cert.not-installed', evidence: { searched: 'Cert:\\CurrentUser\\My, Cert:\\LocalMachine\\My' }, facts: {} });
  });

  it('on recorded Windows output of a PowerShell error, passes on the file and says the store was not read', async () => {
    const runner = new FakeRunner().expect(file, args, exited('', 1, recorded('windows-error-stderr.txt')));
    const result = await clientCert(pki.p12.good, pki.password, { ports: ports({ platform: 'win32', runner }) });
    runner.assertDone();
    expect(result.reason).toBe('check.client-cert.passed-store-unread');
    expect(result.evidence.storeError).toContain('powershell.exe exited with code 1');
  });

  it('does not look in the store when the file already failed', async () => {
    const result = await clientCert(pki.p12.expired, pki.password, { ports: ports({ platform: 'win32', runner: noCommands }) });
    expect(result.reason).toBe('check.client-cert.expired');
  });
});

describe('client-cert evidence', () => {
  it('never held any password given in this file', () => {
    expect(passwordsSeen.size).toBeGreaterThanOrEqual(4);
  });
});

// ---- Files no openssl command writes ---------------------------------------------------------------------------

const { asn1 } = forge;
const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const oid = (id: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const octets = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const explicit0 = (inner: forge.asn1.Asn1) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [inner]);
const integer = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const der = (node: forge.asn1.Asn1) => asn1.toDer(node).getBytes();
const DATA = forge.pki.oids.data!;

function clientForge(): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const [certPem, keyPem] = readFileSync(pki.p12.pem, 'utf8').split(/(?=-----BEGIN PRIVATE KEY-----)/);
  return { cert: forge.pki.certificateFromPem(certPem!), key: forge.pki.privateKeyFromPem(keyPem!) };
}

/**
 * A p12 encrypted with one password whose MAC was computed with another: the MAC accepts `macPassword`, yet no
 * encoding of it decrypts the contents, as a tool deriving keys some third way would leave it.
 */
function macOnlyMatches(macPassword: string): Buffer {
  const { cert, key } = clientForge();
  const pfx = forge.pkcs12.toPkcs12Asn1(key, [cert], 'encrypted-with-another', { algorithm: 'aes256' });
  const safeBytes = ((pfx.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[];
  const safe = safeBytes[0]!.value as string;
  const salt = forge.random.getBytesSync(8);
  const macKey = forge.pkcs12.generateKey(macPassword, forge.util.createBuffer(salt), 3, 2048, 20);
  const hmac = forge.hmac.create();
  hmac.start('sha1', macKey.getBytes());
  hmac.update(safe);
  const macData = seq([seq([seq([oid(forge.pki.oids.sha1!), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(hmac.digest().getBytes())]), octets(salt), integer(2048)]);
  (pfx.value as forge.asn1.Asn1[]).splice(2, 1, macData);
  return Buffer.from(der(pfx), 'binary');
}

/** An unencrypted p12 with the client certificate and a key of an algorithm node:crypto does not know (GOST 2012). */
function unknownKeyP12(): Buffer {
  const { cert } = clientForge();
  const certBag = seq([oid(forge.pki.oids.certBag!), explicit0(seq([oid(forge.pki.oids.x509Certificate!), explicit0(octets(der(forge.pki.certificateToAsn1(cert))))]))]);
  const keyInfo = seq([integer(0), seq([oid('1.2.643.7.1.1.1.1')]), octets('not a key at all')]);
  const keyBag = seq([oid(forge.pki.oids.keyBag!), explicit0(keyInfo)]);
  const contentInfo = (bags: forge.asn1.Asn1[]) => seq([oid(DATA), explicit0(octets(der(seq(bags))))]);
  const authSafe = seq([contentInfo([certBag]), contentInfo([keyBag])]);
  return Buffer.from(der(seq([integer(3), seq([oid(DATA), explicit0(octets(der(authSafe)))])])), 'binary');
}
