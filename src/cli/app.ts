import { existsSync } from 'node:fs';
import os from 'node:os';
import { createSecrets, encryptSecret, SecretError, unlockSecrets, type SecretKey, type SecretsHeader } from '../effects/secrets.js';
import { defaultDataDir, Store } from '../effects/store.js';
import { emptyDocument, type SeikyuDocument } from '../effects/store-document.js';
import { loadProcedure } from '../effects/procedure-loader.js';
import { localDay, localTimestamp, type Clock } from '../effects/clock.js';
import { ask, PromptInterrupted, readAll, type Terminal } from '../effects/prompt.js';
import type { NewEvent, StoredEvent } from '../machine/events.js';
import { ExitCode, SeikyuError } from '../machine/errors.js';
import { machineKey, persist, replay, restore, currentProfile, type Onboarding } from '../machine/replay.js';
import { Selector } from '../machine/selectors.js';
import { MACHINE_VERSION } from '../machine/build-machine.js';
import type { Lang, Procedure } from '../machine/procedure-schema.js';
import { translator, type Translate } from '../i18n/index.js';
import { PROGRAM_VERSION } from './version.js';

export interface Io {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** A loaded onboarding: the document and the state replayed (or restored) from it. */
export interface Loaded {
  doc: SeikyuDocument;
  onboarding: Onboarding;
}

const MIN_PASSPHRASE = 8;

/** What every command needs: language, clock, data folder, and the ways to read and change the state. */
export class App {
  readonly t: Translate;
  readonly store: Store;
  readonly dataDir: string;
  private procedureCache: Procedure | null = null;
  private secretKey: { header: SecretsHeader; key: SecretKey } | null = null;

  constructor(
    readonly io: Io,
    readonly lang: Lang,
    readonly clock: Clock,
    options: { dataDir?: string; operator?: string; command: string; askPassphrase?: (isNew: boolean, problem: string | null) => Promise<string> },
  ) {
    this.askPassphrase = options.askPassphrase;
    this.t = translator(lang);
    this.dataDir = options.dataDir ?? defaultDataDir(io.env);
    this.store = new Store({ dir: this.dataDir, owner: options.command });
    this.operator = options.operator ?? io.env.SEIKYU_OPERATOR ?? osUser();
  }

  readonly operator: string;
  /** The TUI asks in its own screen; the command line asks on the terminal. */
  private readonly askPassphrase: ((isNew: boolean, problem: string | null) => Promise<string>) | undefined;

  get procedure(): Procedure {
    this.procedureCache ??= loadProcedure();
    return this.procedureCache;
  }

  get today(): string {
    return localDay(this.clock.now());
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

  selector(onboarding: Onboarding): Selector {
    return new Selector(onboarding.plan, onboarding.snapshot, { today: this.today, lang: this.lang, t: this.t });
  }

  /** The saved onboarding, or a clear error when there is none yet. */
  async load(): Promise<Loaded> {
    const doc = await this.store.read();
    if (!doc) this.refuseIfOnlyBackup();
    const loaded = doc ? this.stateOf(doc) : null;
    if (!loaded) throw new SeikyuError(ExitCode.state, 'err.notInitialized', { path: this.dataDir });
    return loaded;
  }

  /**
   * The document is gone but its backup is there: starting afresh would overwrite the only copy of weeks
   * of records at the next save, so say how to restore it instead.
   */
  private refuseIfOnlyBackup(): void {
    if (existsSync(this.store.backupFile)) {
      throw new SeikyuError(ExitCode.store, 'err.store.missingWithBackup', { path: this.store.file, backup: this.store.backupFile });
    }
  }

  private stateOf(doc: SeikyuDocument): Loaded | null {
    const { onboarding } = restore(this.procedure, doc.events, doc.cache);
    return onboarding ? { doc, onboarding } : null;
  }

  /**
   * Appends one event under the lock. `build` runs against the state read inside the lock, so a check it
   * makes (is the step blocked? already done?) holds for what is saved; it throws SeikyuError to refuse.
   * Secret values are encrypted before they reach the document.
   */
  async append(
    build: (loaded: Loaded | null) => NewEvent,
    secrets: Record<string, string> = {},
  ): Promise<{ event: StoredEvent; before: Loaded | null; after: Loaded }> {
    const hasSecrets = Object.keys(secrets).length > 0;
    return this.store.update(async (current) => {
      if (!current) this.refuseIfOnlyBackup();
      const before = current ? this.stateOf(current) : null;
      const draft = build(before);
      const doc: SeikyuDocument = current ? structuredClone(current) : emptyDocument(this.clock.now(), PROGRAM_VERSION);
      if (hasSecrets) {
        const { header, key } = await this.keyFor(doc.secrets);
        doc.secrets = header;
        for (const [name, value] of Object.entries(secrets)) draft.inputs[name] = encryptSecret(key, value);
      }
      const event: StoredEvent = { ...draft, id: (doc.events.at(-1)?.id ?? 0) + 1 };
      doc.events.push(event);
      doc.program = { version: PROGRAM_VERSION };
      const onboarding = replay(this.procedure, doc.events);
      doc.profile = currentProfile(doc.events);
      doc.cache = onboarding
        ? {
            machineVersion: MACHINE_VERSION,
            procedureVersion: this.procedure.version,
            key: machineKey(this.procedure, onboarding.profile),
            lastEventId: event.id,
            snapshot: persist(onboarding),
          }
        : null;
      return { doc, result: { event, before, after: { doc, onboarding: onboarding! } } };
    });
  }

  /** The fields every new event carries. */
  stamp(occurredAt?: string): Pick<NewEvent, 'occurredAt' | 'recordedAt' | 'operator'> {
    const now = this.clock.now();
    return { occurredAt: occurredAt ?? localDay(now), recordedAt: localTimestamp(now), operator: this.operator };
  }

  /**
   * Unlocks (or, the first time, creates) the key of the secrets. Asked once per run. A header written by
   * another process since the passphrase was checked is unlocked with the same passphrase.
   */
  private async keyFor(header: SecretsHeader | null): Promise<{ header: SecretsHeader; key: SecretKey }> {
    if (this.secretKey && (header === null || header.salt === this.secretKey.header.salt)) return this.secretKey;
    // On a terminal a mistyped passphrase is asked again, a few times, instead of ending the command.
    const attempts = this.asksOnTerminal || this.askPassphrase ? 3 : 1;
    let problem: string | null = null;
    for (let attempt = 1; ; attempt++) {
      try {
        const passphrase = await this.passphrase(header === null, problem);
        this.secretKey = header ? { header, key: await unlock(header, passphrase) } : await createSecrets(passphrase);
        return this.secretKey;
      } catch (error) {
        // A wrong passphrase is not remembered for the rest of the run.
        this.passphraseGiven = null;
        const retry = error instanceof SeikyuError && error.exitCode === ExitCode.secret && error.key !== 'err.secret.noPassphrase';
        if (!retry || attempt >= attempts) throw error;
        problem = this.t(error.key, error.params);
        // The TUI shows the problem on its passphrase screen; the terminal gets it on stderr.
        if (!this.askPassphrase) this.io.stderr.write(problem + '\n');
      }
    }
  }

  /** The passphrase is typed on this terminal (no SEIKYU_PASSPHRASE, no TUI screen). */
  private get asksOnTerminal(): boolean {
    const fromEnv = this.io.env.SEIKYU_PASSPHRASE;
    return (fromEnv === undefined || fromEnv === '') && !this.askPassphrase && this.io.stdin.isTTY === true;
  }

  /** Asks for the passphrase before any secret is typed, so a wrong one costs nothing. */
  async prepareSecrets(): Promise<void> {
    const doc = await this.store.read();
    await this.keyFor(doc?.secrets ?? null);
  }

  private passphraseGiven: string | null = null;

  private async passphrase(isNew: boolean, problem: string | null = null): Promise<string> {
    if (this.passphraseGiven !== null) return this.passphraseGiven;
    const fromEnv = this.io.env.SEIKYU_PASSPHRASE;
    let value: string;
    if (fromEnv !== undefined && fromEnv !== '') {
      value = fromEnv;
    } else if (this.askPassphrase) {
      value = await this.askPassphrase(isNew, problem);
    } else if (this.io.stdin.isTTY) {
      value = await this.ask(this.t(isNew ? 'prompt.newPassphrase' : 'prompt.passphrase'), true);
      if (isNew) {
        if ([...value].length < MIN_PASSPHRASE) throw new SeikyuError(ExitCode.secret, 'err.secret.tooShort');
        const again = await this.ask(this.t('prompt.repeatPassphrase'), true);
        if (again !== value) throw new SeikyuError(ExitCode.secret, 'err.secret.mismatch');
      }
    } else {
      throw new SeikyuError(ExitCode.secret, 'err.secret.noPassphrase');
    }
    if (isNew && [...value].length < MIN_PASSPHRASE) throw new SeikyuError(ExitCode.secret, 'err.secret.tooShort');
    this.passphraseGiven = value;
    return value;
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

async function unlock(header: SecretsHeader, passphrase: string): Promise<SecretKey> {
  try {
    return await unlockSecrets(header, passphrase);
  } catch (error) {
    if (error instanceof SecretError && error.code === 'wrong-passphrase') throw new SeikyuError(ExitCode.secret, 'err.secret.wrongPassphrase');
    if (error instanceof SecretError && error.code === 'no-passphrase') throw new SeikyuError(ExitCode.secret, 'err.secret.noPassphrase');
    throw error;
  }
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}
