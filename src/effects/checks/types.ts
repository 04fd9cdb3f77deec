import type { CheckMessageKey } from '../../i18n/checks/index.js';
import type { Profile } from '../../machine/profile.js';

/**
 * What a check is and what it may touch. A check is an effect run on request, outside replay: it reads the PC
 * (files, settings, the network, the card reader) and returns what it saw; the caller appends the result as an
 * event through the one authority. A check never changes the PC and is safe to run twice.
 *
 * Every check is built by a factory from the ports it touches (`CheckPorts`), so tests pass fakes for what
 * cannot run here (Windows commands, with recorded real-format output) and real loopback services for the rest.
 */

/** passed: verified; failed: the PC is not as it must be; cannot-run: nothing was learned here (say why). */
export type CheckOutcome = 'passed' | 'failed' | 'cannot-run';

/**
 * What a check saw, by name, in the order it looked: paths, fingerprints, dates, reader names, DNS servers. The
 * names are stable (they are saved with the result and shown as `evidence.<name>` from the catalog); the values
 * are raw text, never a secret.
 */
export type Evidence = Record<string, string>;

export interface CheckResult {
  outcome: CheckOutcome;
  /** The one sentence: a catalog key whose `{placeholders}` are filled from the evidence. */
  reason: CheckMessageKey;
  /** What to do about a failure or a check that cannot run here: a catalog key, filled from the evidence. */
  fix: CheckMessageKey | null;
  evidence: Evidence;
  /**
   * Values a passed check records (a subset of the evidence): the certificate's `notAfter`, `subject`,
   * `fingerprint`; the root's `rootFingerprint`. A fact named like one of the step's inputs (`notAfter` at
   * `client-cert`) is recorded as that input.
   */
  facts: Record<string, string>;
}

/** What another step recorded, for checks that build on it (the root's fingerprint recorded at `setup-manual`). */
export interface RecordedFacts {
  inputs: Record<string, string>;
  facts: Record<string, string>;
}

export interface CheckRequest {
  step: string;
  /** The PC being checked (this one), or null for a facility step. */
  terminal: string | null;
  profile: Profile;
  /** The inputs of this run: given now, else recorded earlier for the step. Secrets are decrypted (never shown). */
  inputs: Record<string, string>;
  /** The current record of another step instance, or null when it has none. */
  recorded(step: string, terminal: string | null): RecordedFacts | null;
}

export interface Check {
  step: string;
  /** The longest a run may take; past it the runner reports cannot-run (`check.timeout`) and aborts `signal`. */
  timeoutMs: number;
  /** The inputs the check reads from the request (`folder`, `file`, `password`): named so a missing one is said. */
  needsInputs: readonly string[];
  run(request: CheckRequest, signal: AbortSignal): Promise<CheckResult>;
}

// ---- Ports: what checks touch ---------------------------------------------------------------------------------

/** How a command's standard output is decoded: UTF-8, UTF-16LE (PowerShell redirects), CP932 (cmd on Japanese Windows). */
export type OutputEncoding = 'utf8' | 'utf16le' | 'cp932';

export type CommandOutcome =
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  /** The program is not on this PC (ENOENT). */
  | { kind: 'missing' }
  | { kind: 'timeout' };

/** Runs a program with an argument array, never through a shell. */
export interface CommandRunner {
  run(file: string, args: readonly string[], options?: { timeoutMs?: number; encoding?: OutputEncoding; signal?: AbortSignal }): Promise<CommandOutcome>;
}

/** The file system as checks read it (node:fs/promises). */
export interface FileSystem {
  readFile(path: string): Promise<Buffer>;
  stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean; size: number }>;
  readdir(path: string): Promise<string[]>;
}

/** The names inside a zip file, read with a maintained zip reader. Throws when the file is not a readable zip. */
export interface ZipReader {
  entries(path: string): Promise<string[]>;
}

export type LookupOutcome = { kind: 'found'; addresses: string[] } | { kind: 'error'; code: string };

/** Resolves a name the way the PC does (the system's resolver), or through given servers in tests. */
export interface NameResolver {
  lookup(host: string, options: { timeoutMs: number }): Promise<LookupOutcome>;
}

export type TlsOutcome =
  | {
      kind: 'connected';
      /** The server's certificate chains to `ca` (or Node's roots when no `ca` was given). */
      authorized: boolean;
      authorizationError: string | null;
      peerSubject: string | null;
      peerIssuer: string | null;
      protocol: string | null;
    }
  /** The server closed or refused the handshake (e.g. it wanted a client certificate it did not get). */
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'timeout' };

export interface TlsRequest {
  host: string;
  port: number;
  servername?: string;
  /** Roots to verify the server with (PEM); Node's own roots otherwise. */
  ca?: string[];
  /** A client certificate as PKCS#12 with its password. */
  pfx?: Buffer;
  passphrase?: string;
  timeoutMs: number;
}

export interface TlsConnector {
  connect(request: TlsRequest): Promise<TlsOutcome>;
}

export interface PcscReader {
  name: string;
  /** The card's ATR as lower-case hex when a card is present, else null. */
  atr: string | null;
}

export type PcscOutcome =
  | { kind: 'listed'; readers: PcscReader[] }
  /** The PC/SC service is not running (pcscd on Linux and macOS, SCardSvr on Windows). */
  | { kind: 'no-service'; message: string }
  /** The PC/SC library cannot be loaded here (pcsclite missing, not built for this Node). */
  | { kind: 'unavailable'; message: string }
  | { kind: 'error'; message: string };

export interface PcscPort {
  listReaders(options: { timeoutMs: number }): Promise<PcscOutcome>;
}

export interface Clock {
  /** Now, for certificate validity. */
  now(): Date;
  /** Today in the facility's calendar (Japan), YYYY-MM-DD. */
  today(): string;
}

/** Everything a check may touch. Each factory takes the ports it needs. */
export interface CheckPorts {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  runner: CommandRunner;
  fs: FileSystem;
  zip: ZipReader;
  resolver: NameResolver;
  tls: TlsConnector;
  pcsc: PcscPort;
  clock: Clock;
}

/** A result in one line of code. */
export function result(outcome: CheckOutcome, reason: CheckMessageKey, evidence: Evidence = {}, options: { fix?: CheckMessageKey | null; facts?: Record<string, string> } = {}): CheckResult {
  return { outcome, reason, fix: options.fix ?? null, evidence, facts: options.facts ?? {} };
}
