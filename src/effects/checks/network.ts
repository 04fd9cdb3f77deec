import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import type { CheckMessageKey } from '../../i18n/checks/index.js';
import { dnsServers, networkValues } from '../../machine/network.js';
import type { Profile } from '../../machine/profile.js';
import { dnsFoundText, judgeDns, judgeProxy, type DnsVerdict, type ProxyVerdict } from './net-settings/judge.js';
import { NET_SETTINGS_PLATFORMS, netSettingsReader, proxyModeText, type ProxySource, type ReaderContext } from './net-settings/index.js';
import { parseRasdial, RASDIAL } from './net-settings/rasdial.js';
import { WINHTTP_SOURCE } from './net-settings/windows.js';
import { CLIENT_CERT_UNUSABLE } from './tls.js';
import type { Check, CheckPorts, CheckRequest, CheckResult, Evidence, LookupOutcome, TlsOutcome } from './types.js';
import { result } from './types.js';

/**
 * The network checks: `net-config` reads the PC's IPv6 DNS servers and proxy and compares them with what
 * src/machine/network.ts says to set; `line-auth` and `closed-network` resolve the closed network's names and
 * shake hands with its servers; `pppoe` asks Windows which dial-up connections are up. Nothing here changes a
 * setting or opens a connection that stays open.
 */

export const LINE_AUTH_HOST = 'www.lineauth.mnw';
export const CERT_DOWNLOAD_HOST = 'www.cert.download.rece';
export const HWEB_HOST = 'hweb.oqs.onshikaku.org';
/** The root certificate inside the Online_Setup_Manual folder recorded at `setup-manual`. */
export const ROOT_IN_MANUAL = join('crt', 'OnlineBillingNWCommonRootCA-G1.crt');

const COMMAND_TIMEOUT_MS = 10_000;
const LOOKUP_TIMEOUT_MS = 5_000;
const TLS_TIMEOUT_MS = 6_000;

function hasRole(profile: Profile, terminal: string | null, role: string): boolean {
  return profile.terminals.find((t) => t.name === terminal)?.roles.some((r) => r === role) ?? false;
}

// ---- net-config -------------------------------------------------------------------------------------------------

const DNS_FAILURE: Record<Exclude<DnsVerdict['kind'], 'ok'>, (v: DnsVerdict) => CheckMessageKey> = {
  none: () => 'check.net-config.no-ipv6-dns',
  mismatch: () => 'check.net-config.dns-mismatch',
  incomplete: () => 'check.net-config.dns-incomplete',
  'other-area': (v) => (v.kind === 'other-area' && v.otherArea === 'west' ? 'check.net-config.west-pair-for-east' : 'check.net-config.east-pair-for-west'),
};

const PROXY_FAILURE: Record<Exclude<ProxyVerdict['kind'], 'ok' | 'pac'>, CheckMessageKey> = {
  off: 'check.net-config.proxy-off',
  'other-server': 'check.net-config.proxy-other-server',
  'bypass-missing': 'check.net-config.proxy-bypass-missing',
};

function fixOf(key: CheckMessageKey): CheckMessageKey {
  return `${key}.fix` as CheckMessageKey;
}

async function runNetConfig(ports: CheckPorts, request: CheckRequest, signal: AbortSignal): Promise<CheckResult> {
  const reader = netSettingsReader(ports.platform);
  if (!reader) return result('cannot-run', 'check.other-platform', { platforms: NET_SETTINGS_PLATFORMS, platform: ports.platform }, { fix: 'check.other-platform.fix' });
  const values = networkValues(request.profile, request.terminal);
  const context: ReaderContext = { runner: ports.runner, fs: ports.fs, env: ports.env, signal, timeoutMs: COMMAND_TIMEOUT_MS };
  const [dnsReading, proxyReading] = await Promise.all([values.dns ? reader.readDns(context) : null, values.proxy ? reader.readProxy(context) : null]);

  const evidence: Evidence = {};
  const facts: Record<string, string> = {};
  // Failures outrank what could not be read: a wrong setting found is worth saying even if another part failed.
  let failure: { key: CheckMessageKey; evidence: Evidence } | null = null;
  let cannotRun: { key: CheckMessageKey; evidence: Evidence } | null = null;

  let dnsAdapter: string | null = null;
  if (!values.dns || !values.area) {
    evidence['dnsNotJudged'] = request.profile.carrier;
  } else if (dnsReading?.kind === 'unreadable') {
    cannotRun = { key: 'check.net-config.unreadable', evidence: { source: dnsReading.source, message: dnsReading.message } };
  } else if (dnsReading) {
    evidence['dnsSource'] = dnsReading.source;
    const found = dnsFoundText(dnsReading.adapters);
    if (found) evidence['dnsFound'] = found;
    evidence['expectedDns'] = values.dns.join(', ');
    const verdict = judgeDns(dnsReading.adapters, values.area);
    if (verdict.kind === 'ok') {
      dnsAdapter = verdict.adapter;
      evidence['adapter'] = verdict.adapter;
      evidence['dns'] = facts['dns'] = verdict.pair.join(', ');
    } else {
      const adapter: Evidence = 'adapter' in verdict ? { adapter: verdict.adapter } : {};
      failure = { key: DNS_FAILURE[verdict.kind](verdict), evidence: adapter };
    }
  }

  if (values.proxy && proxyReading) {
    if (proxyReading.kind === 'unreadable') {
      cannotRun ??= { key: 'check.net-config.unreadable', evidence: { source: proxyReading.source, message: proxyReading.message } };
    } else {
      evidence['expectedProxy'] = values.proxy.server;
      for (const source of proxyReading.sources) evidence[modeKey(source)] = proxyModeText(source);
      const judged = proxyReading.sources.map((source) => ({ source, verdict: judgeProxy(source, values.proxy!) }));
      const wrong = judged.find((j) => j.verdict.kind !== 'ok' && j.verdict.kind !== 'pac');
      const pac = judged.find((j) => j.verdict.kind === 'pac');
      if (wrong && !failure) failure = { key: PROXY_FAILURE[wrong.verdict.kind as keyof typeof PROXY_FAILURE], evidence: proxyEvidence(wrong.source, wrong.verdict) };
      else if (pac && !wrong) cannotRun ??= { key: 'check.net-config.proxy-pac', evidence: proxyEvidence(pac.source, pac.verdict) };
      if (!wrong && !pac) facts['proxyMode'] = evidence['proxyMode'] ?? '';
    }
  }

  if (failure) return result('failed', failure.key, { ...failure.evidence, ...evidence }, { fix: fixOf(failure.key) });
  if (cannotRun) return result('cannot-run', cannotRun.key, { ...cannotRun.evidence, ...evidence }, { fix: fixOf(cannotRun.key) });
  const key: CheckMessageKey = dnsAdapter
    ? values.proxy
      ? 'check.net-config.passed-proxy'
      : 'check.net-config.passed'
    : values.proxy
      ? 'check.net-config.passed-proxy-only'
      : 'check.net-config.nothing-to-check';
  return result('passed', key, evidence, { facts });
}

/** WinHTTP has its own evidence line next to the proxy programs use. */
function modeKey(source: ProxySource): string {
  return source.source === WINHTTP_SOURCE ? 'winhttpMode' : 'proxyMode';
}

function proxyEvidence(source: ProxySource, verdict: ProxyVerdict): Evidence {
  const evidence: Evidence = { proxySource: source.source };
  if (verdict.kind === 'other-server') evidence['proxyServer'] = verdict.found;
  if (verdict.kind === 'bypass-missing') evidence['missingBypass'] = verdict.missing.join(';');
  if (verdict.kind === 'pac') evidence['pacUrl'] = verdict.url;
  return evidence;
}

// ---- name lookups and handshakes ------------------------------------------------------------------------------

type DnsFailureKind = 'not-found' | 'timeout' | 'no-network' | 'failed';

/** What a resolver error code means for the operator. getaddrinfo and c-ares name the same things differently. */
export function dnsFailureKind(code: string): DnsFailureKind {
  if (['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'NXDOMAIN', 'EAI_NODATA'].includes(code)) return 'not-found';
  if (['ETIMEOUT', 'ETIMEDOUT', 'EAI_AGAIN', 'ECANCELLED'].includes(code)) return 'timeout';
  if (['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL'].includes(code)) return 'no-network';
  return 'failed';
}

/** The failed lookup of `host`: the sentence names the host and, on an NTT line, the DNS servers to set. */
function dnsFailure(profile: Profile, host: string, lookup: Extract<LookupOutcome, { kind: 'error' }>, evidence: Evidence): CheckResult {
  const pair = dnsServers(profile);
  const key = `check.dns-${dnsFailureKind(lookup.code)}${pair ? '' : '-provider'}` as CheckMessageKey;
  const detail: Evidence = { ...evidence, lookupHost: host, dnsError: lookup.code };
  if (pair) detail['expectedDns'] = pair.join(', ');
  return result('failed', key, detail, { fix: fixOf(key) });
}

/** One line of raw text for a handshake's outcome: `connected TLSv1.3`, `refused ECONNRESET`, `timeout`. */
export function tlsText(outcome: TlsOutcome): string {
  switch (outcome.kind) {
    case 'connected':
      return `connected ${outcome.protocol ?? ''}`.trim();
    case 'refused':
      return `refused ${outcome.code}`;
    case 'error':
      return `error ${outcome.code}`;
    case 'timeout':
      return 'timeout';
  }
}

// ---- line-auth ------------------------------------------------------------------------------------------------

async function runLineAuth(ports: CheckPorts, request: CheckRequest): Promise<CheckResult> {
  const host = LINE_AUTH_HOST;
  const lookup = await ports.resolver.lookup(host, { timeoutMs: LOOKUP_TIMEOUT_MS });
  if (lookup.kind === 'error') return dnsFailure(request.profile, host, lookup, { host });
  const addresses = lookup.addresses.join(', ');
  const tls = await ports.tls.connect({ host, port: 443, servername: host, timeoutMs: TLS_TIMEOUT_MS });
  const evidence: Evidence = { host, addresses, tls: tlsText(tls) };
  // A server that completes or even refuses the handshake has answered: the line reaches it.
  if (tls.kind === 'connected' || tls.kind === 'refused') return result('passed', 'check.line-auth.passed', evidence, { facts: { addresses } });
  return result('failed', 'check.line-auth.no-answer', evidence, { fix: 'check.line-auth.no-answer.fix' });
}

// ---- closed-network -------------------------------------------------------------------------------------------

/** The root recorded at setup-manual as PEM (the file may be DER or PEM), or null when there is none to read. */
async function recordedRoot(ports: CheckPorts, request: CheckRequest): Promise<{ file: string; pem: string } | null> {
  const folder = request.recorded('setup-manual', null)?.inputs['folder'];
  if (!folder) return null;
  const file = join(folder, ROOT_IN_MANUAL);
  try {
    return { file, pem: new X509Certificate(await ports.fs.readFile(file)).toString() };
  } catch {
    return null;
  }
}

/** The client certificate recorded at client-cert for this PC, read from its file; why not, when it cannot be. */
async function recordedClientCert(ports: CheckPorts, request: CheckRequest): Promise<{ file: string; pfx: Buffer; password: string } | { file: string; error: string } | null> {
  const inputs = request.recorded('client-cert', request.terminal)?.inputs;
  const file = inputs?.['file'];
  if (!file || inputs['password'] === undefined) return null;
  try {
    return { file, pfx: await ports.fs.readFile(file), password: inputs['password'] };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { file, error: typeof code === 'string' ? code : 'unreadable' };
  }
}

async function runClosedNetwork(ports: CheckPorts, request: CheckRequest): Promise<CheckResult> {
  const host = CERT_DOWNLOAD_HOST;
  const oqs = hasRole(request.profile, request.terminal, 'oqs');
  const [lookup, hwebLookup, root] = await Promise.all([
    ports.resolver.lookup(host, { timeoutMs: LOOKUP_TIMEOUT_MS }),
    oqs ? ports.resolver.lookup(HWEB_HOST, { timeoutMs: LOOKUP_TIMEOUT_MS }) : null,
    recordedRoot(ports, request),
  ]);
  if (lookup.kind === 'error') return dnsFailure(request.profile, host, lookup, { host });
  const addresses = lookup.addresses.join(', ');

  const tls = await ports.tls.connect({ host, port: 443, servername: host, ...(root ? { ca: [root.pem] } : {}), timeoutMs: TLS_TIMEOUT_MS });
  const evidence: Evidence = { host, addresses, tls: tlsText(tls) };
  if (root) evidence['rootFile'] = root.file;
  if (tls.kind === 'refused') return result('failed', 'check.closed-network.tls-refused', evidence, { fix: 'check.closed-network.tls-refused.fix' });
  if (tls.kind !== 'connected') return result('failed', 'check.closed-network.no-answer', evidence, { fix: 'check.closed-network.no-answer.fix' });
  evidence['authorized'] = tls.authorized ? 'yes' : 'no';
  if (tls.authorizationError) evidence['authorizationError'] = tls.authorizationError;
  if (tls.peerSubject) evidence['peerSubject'] = tls.peerSubject;
  if (tls.peerIssuer) evidence['peerIssuer'] = tls.peerIssuer;
  // Without the manual's root nothing can vouch for the server (it is not under a public root): connecting is all.
  if (root && !tls.authorized) return result('failed', 'check.closed-network.untrusted', evidence, { fix: 'check.closed-network.untrusted.fix' });
  const facts: Record<string, string> = { addresses, authorized: evidence['authorized'] };
  const passedKey: CheckMessageKey = root ? 'check.closed-network.passed' : 'check.closed-network.passed-unverified';

  if (!hwebLookup) return result('passed', passedKey, evidence, { facts });
  if (hwebLookup.kind === 'error') return dnsFailure(request.profile, HWEB_HOST, hwebLookup, evidence);
  evidence['hwebAddresses'] = hwebLookup.addresses.join(', ');

  const cert = await recordedClientCert(ports, request);
  if (!cert) return result('passed', passedKey, evidence, { facts });
  evidence['clientCert'] = cert.file;
  if ('error' in cert) {
    evidence['clientCertError'] = cert.error;
    return result('passed', passedKey, evidence, { facts });
  }
  const hweb = await ports.tls.connect({ host: HWEB_HOST, port: 443, servername: HWEB_HOST, pfx: cert.pfx, passphrase: cert.password, timeoutMs: TLS_TIMEOUT_MS });
  if (hweb.kind === 'error' && hweb.code === CLIENT_CERT_UNUSABLE) {
    // The file or its password no longer opens, so nothing was sent: client-cert is the step that says so.
    evidence['clientCertError'] = hweb.message;
    return result('passed', passedKey, evidence, { facts });
  }
  evidence['hwebTls'] = tlsText(hweb);
  if (hweb.kind === 'refused') return result('failed', 'check.closed-network.hweb-refused', evidence, { fix: 'check.closed-network.hweb-refused.fix' });
  if (hweb.kind !== 'connected') return result('failed', 'check.closed-network.hweb-no-answer', evidence, { fix: 'check.closed-network.hweb-no-answer.fix' });
  return result('passed', 'check.closed-network.passed-hweb', evidence, { facts });
}

// ---- pppoe ----------------------------------------------------------------------------------------------------

function outputExcerpt(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 3)
    .join(' / ')
    .slice(0, 200);
}

async function runPppoe(ports: CheckPorts, signal: AbortSignal): Promise<CheckResult> {
  if (ports.platform !== 'win32') return result('cannot-run', 'check.other-platform', { platforms: 'Windows', platform: ports.platform }, { fix: 'check.other-platform.fix' });
  // No arguments: list the connections that are up. With a name it would dial, with /disconnect hang up.
  const outcome = await ports.runner.run(RASDIAL, [], { timeoutMs: COMMAND_TIMEOUT_MS, encoding: 'cp932', signal });
  if (outcome.kind === 'missing') return result('cannot-run', 'check.pppoe.no-rasdial', {}, { fix: 'check.pppoe.no-rasdial.fix' });
  if (outcome.kind === 'timeout') return result('cannot-run', 'check.timeout', { seconds: String(COMMAND_TIMEOUT_MS / 1000) }, { fix: 'check.timeout.fix' });
  const text = `${outcome.stdout}\n${outcome.stderr}`;
  const status = parseRasdial(text);
  switch (status.kind) {
    case 'connected': {
      const connection = status.connections.join(', ');
      return result('passed', 'check.pppoe.passed', { connection }, { facts: { connection } });
    }
    case 'not-connected':
      return result('failed', 'check.pppoe.not-connected', {}, { fix: 'check.pppoe.not-connected.fix' });
    case 'error': {
      const key: CheckMessageKey = status.code === '651' ? 'check.pppoe.error-651' : status.code === '691' ? 'check.pppoe.error-691' : 'check.pppoe.error-other';
      return result('failed', key, { errorCode: status.code }, { fix: fixOf(key) });
    }
    case 'unrecognized':
      return result('cannot-run', 'check.pppoe.unrecognized', { output: outputExcerpt(text) }, { fix: 'check.pppoe.unrecognized.fix' });
  }
}

// ---- the checks -------------------------------------------------------------------------------------------------

export function createNetworkChecks(ports: CheckPorts): Check[] {
  return [
    { step: 'net-config', timeoutMs: 15_000, needsInputs: [], run: (request, signal) => runNetConfig(ports, request, signal) },
    { step: 'line-auth', timeoutMs: 15_000, needsInputs: [], run: (request) => runLineAuth(ports, request) },
    { step: 'pppoe', timeoutMs: 15_000, needsInputs: [], run: (_request, signal) => runPppoe(ports, signal) },
    // Two lookups side by side, then up to two handshakes.
    { step: 'closed-network', timeoutMs: 20_000, needsInputs: [], run: (request) => runClosedNetwork(ports, request) },
  ];
}
