import os from 'node:os';
import { createKeyring } from '../app/keyring.js';
import { createOnboardingService, type Appended, type Loaded, type OnboardingService } from '../app/onboarding.js';
import { defaultDataDir, Store, type LockReport } from '../effects/store.js';
import { loadProcedure } from '../effects/procedure-loader.js';
import type { Clock } from '../effects/clock.js';
import { ask, PromptInterrupted, readAll, type Terminal } from '../effects/prompt.js';
import type { NewEvent } from '../machine/events.js';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import type { Ground, Refusal } from '../machine/authority.js';
import type { Explainer } from '../i18n/explain.js';
import type { Onboarding } from '../machine/replay.js';
import type { Lang, Procedure } from '../machine/procedure-schema.js';
import { translator, type Translate } from '../i18n/index.js';
import { PROGRAM_VERSION } from './version.js';
import type { CheckRegistry } from '../app/checks.js';
import type { Check } from '../effects/checks/types.js';

export type { Loaded } from '../app/onboarding.js';

export interface Io {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** SEIKYU_DEBUG's line about the lock (English, like the stack it prints): how long it took, whose lock was taken over. */
export function lockReportLine({ waitedMs, takenOver }: LockReport): string {
  const over = takenOver.map((t) => `; took over the lock of ${t.pid === undefined ? 'a process that left no owner' : `pid ${t.pid}`} (${t.reason})`);
  return `seikyu debug: lock taken after ${Math.round(waitedMs)} ms${over.join('')}\n`;
}

/**
 * A command's context: its streams, language and clock, and the onboarding service built for it. The logic of
 * reading and changing the state lives in the service (`src/app/`); this class wires it to a terminal — the
 * questions, standard input, standard output — and lends the commands its service's operations.
 */
export class App {
  readonly t: Translate;
  readonly store: Store;
  readonly dataDir: string;
  readonly operator: string;
  /** Reading and changing the saved onboarding, shared with the interactive screen. */
  readonly service: OnboardingService;
  /** The checks that verify the PC, built on first use over this PC's real ports. */
  readonly checks: CheckRegistry;

  constructor(
    readonly io: Io,
    readonly lang: Lang,
    readonly clock: Clock,
    options: {
      dataDir?: string;
      operator?: string;
      command: string;
      askPassphrase?: (isNew: boolean, problem: string | null) => Promise<string>;
      /** The checks to run instead of the real ones over this PC (tests). */
      checks?: CheckRegistry;
    },
  ) {
    this.t = translator(lang);
    this.dataDir = options.dataDir ?? defaultDataDir(io.env);
    this.store = new Store({
      dir: this.dataDir,
      owner: options.command,
      ...(io.env.SEIKYU_DEBUG ? { onLock: (report: LockReport) => io.stderr.write(lockReportLine(report)) } : {}),
    });
    this.operator = options.operator ?? io.env.SEIKYU_OPERATOR ?? osUser();
    const fromEnv = io.env.SEIKYU_PASSPHRASE;
    const keyring = createKeyring({
      t: this.t,
      fromEnv: fromEnv === undefined || fromEnv === '' ? undefined : fromEnv,
      askOnScreen: options.askPassphrase,
      askOnTerminal: io.stdin.isTTY === true ? (question) => this.ask(question, true) : undefined,
      warn: (line) => io.stderr.write(line + '\n'),
    });
    this.service = createOnboardingService({
      store: this.store,
      clock,
      lang,
      t: this.t,
      operator: this.operator,
      dataDir: this.dataDir,
      keyring,
      procedure: loadProcedure,
      programVersion: PROGRAM_VERSION,
    });
    let checks: Promise<Map<string, Check>> | null = null;
    this.checks =
      options.checks ??
      (() =>
      (checks ??= Promise.all([import('../effects/checks/index.js'), import('../effects/checks/ports.js')]).then(([registry, ports]) =>
        registry.createChecks(ports.realPorts(clock, io.env)),
      )));
  }

  get procedure(): Procedure {
    return this.service.procedure;
  }

  get today(): string {
    return this.service.today();
  }

  get interactive(): boolean {
    return this.io.stdin.isTTY === true && this.io.stdout.isTTY === true;
  }

  get terminal(): Terminal {
    return { input: this.io.stdin, output: this.io.stderr };
  }

  out(text = ''): void {
    this.io.stdout.write(text + '\n');
  }

  selector(onboarding: Onboarding): Explainer {
    return this.service.explainer(onboarding);
  }

  load(): Promise<Loaded> {
    return this.service.load();
  }

  append(build: (loaded: Loaded | null) => NewEvent, secrets: Record<string, string> = {}): Promise<Appended> {
    return this.service.append(build, secrets);
  }

  authorize(loaded: Loaded | null, event: NewEvent, pending?: Ground['pending']): void {
    this.service.authorize(loaded, event, pending);
  }

  refusal(loaded: Loaded | null, refusal: Refusal): SeikyuError {
    return this.service.refusal(loaded, refusal);
  }

  stamp(occurredAt?: string): Pick<NewEvent, 'occurredAt' | 'recordedAt' | 'operator'> {
    return this.service.stamp(occurredAt);
  }

  prepareSecrets(): Promise<void> {
    return this.service.prepareSecrets();
  }

  /** A question on the terminal; Ctrl-C ends the command with nothing saved. */
  async ask(question: string, hidden = false): Promise<string> {
    try {
      return await ask(this.terminal, question, hidden);
    } catch (error) {
      if (error instanceof PromptInterrupted) throw new SeikyuError(ExitCode.interrupted, 'err.interrupted');
      throw error;
    }
  }

  /** `KEY=VALUE` lines from a non-terminal standard input (secrets are never command arguments). */
  async stdinPairs(): Promise<Map<string, string>> {
    const text = await readAll(this.io.stdin);
    const pairs = new Map<string, string>();
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '' || line.trimStart().startsWith('#')) return;
      const eq = line.indexOf('=');
      if (eq <= 0) throw new SeikyuError(ExitCode.input, 'err.input.badStdinLine', { line: i + 1 });
      const key = line.slice(0, eq).trim();
      if (pairs.has(key)) throw new SeikyuError(ExitCode.input, 'err.input.twice', { key });
      pairs.set(key, line.slice(eq + 1));
    });
    return pairs;
  }
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}
