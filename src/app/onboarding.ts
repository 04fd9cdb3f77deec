import { lstatSync } from 'node:fs';
import { localClock, localDay, localTimestamp, type Clock } from '../effects/clock.js';
import { decryptSecret, encryptSecret, isNotExported, SecretError, type SecretKey, type SecretsHeader } from '../effects/secrets.js';
import { StoreError, type Store } from '../effects/store.js';
import { cacheDigest, DOCUMENT_FORMAT, emptyDocument, isCacheIntact, type SeikyuDocument, type SnapshotCache } from '../effects/store-document.js';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import { Explainer } from '../i18n/explain.js';
import { isJapaneseHoliday } from '../effects/holidays.js';
import type { Translate } from '../i18n/index.js';
import { refusalError, type RefusalWords } from '../i18n/refusal.js';
import { decide, type Ground, type Refusal } from '../machine/authority.js';
import { MACHINE_VERSION } from '../machine/build-machine.js';
import type { EncryptedValue, NewEvent, StoredEvent } from '../machine/events.js';
import { checkLog } from '../machine/log.js';
import type { Lang, Procedure } from '../machine/procedure-schema.js';
import { accepted, applyEvent, machineKey, persist, persistIgnored, replay, restore, toMachineEvent, type Onboarding } from '../machine/replay.js';
import type { Keyring } from './keyring.js';

/** A loaded onboarding: the document and the state restored (or replayed) from it. */
export interface Loaded {
  doc: SeikyuDocument;
  onboarding: Onboarding;
}

export interface Appended {
  event: StoredEvent;
  before: Loaded | null;
  after: Loaded;
}

/**
 * Reading and changing the saved onboarding: the one way events reach the document. Every append is judged by
 * the authority on the state read under the store's lock, applied to that state (one transition, not a replay)
 * and saved with a cache that answers as a replay would. Shared by the command line and the screen.
 */
export interface OnboardingService {
  readonly lang: Lang;
  readonly t: Translate;
  readonly procedure: Procedure;
  /** The data folder and the document in it. */
  readonly dataDir: string;
  readonly file: string;
  /** Today in the clinic's calendar. */
  today(): string;
  /** The fields every new event carries: when it happened, when it was recorded, by whom. */
  stamp(occurredAt?: string): Pick<NewEvent, 'occurredAt' | 'recordedAt' | 'operator'>;
  /** The views of a state, in the chosen language. */
  explainer(onboarding: Onboarding): Explainer;
  /** The saved onboarding, or a clear error when there is none yet. */
  load(): Promise<Loaded>;
  /**
   * Appends one event under the lock. `build` runs against the state read inside the lock; it may throw a
   * SeikyuError to refuse. Secret values are encrypted before they reach the document.
   */
  append(build: (loaded: Loaded | null) => NewEvent, secrets?: Record<string, string>): Promise<Appended>;
  /** What the authority judges an event against, for a state read from the document. */
  ground(loaded: Loaded | null, pending?: Ground['pending']): Ground;
  /** Asks the authority; a refusal becomes the error the command prints. */
  authorize(loaded: Loaded | null, event: NewEvent, pending?: Ground['pending']): void;
  /** A refusal in words, as an error. */
  refusal(loaded: Loaded | null, refusal: Refusal): SeikyuError;
  /** Asks for the passphrase before any secret is typed, so a wrong one costs nothing. */
  prepareSecrets(): Promise<void>;
  /**
   * Unlocks the document's secrets (the passphrase asked once per run, on the screen when it asks) and returns
   * what opens one of them. Synchronous, so it can run inside an append, on the state read under the lock.
   * A document without secrets yet has nothing to open: that is an error, never a new passphrase.
   */
  openSecrets(): Promise<SecretOpener>;
  /** The saved onboarding, or null when this data folder has none yet (a lone backup is refused as `load` does). */
  current(): Promise<Loaded | null>;
  /** The key of this folder's secrets (asked, or a new one set up when it has none yet), for what an import brings. */
  storeKey(header: SecretsHeader | null): Promise<{ header: SecretsHeader; key: SecretKey }>;
  /**
   * Replaces the whole saved onboarding with `next` (an import), under the lock: `expect` checks the document
   * read under the lock is still the one the operator saw (it throws to refuse); the log must load as any
   * document does. The document replaced is kept at `keepPreviousAs`, and as the usual backup.
   */
  replace(next: { createdAt: string; events: StoredEvent[]; secrets: SecretsHeader | null }, options: { expect: (current: SeikyuDocument | null) => void; keepPreviousAs: string }): Promise<Loaded>;
}

/** Opens one stored secret; a value that does not authenticate throws a SecretError ('corrupt'). */
export type SecretOpener = (value: EncryptedValue) => string;

export interface OnboardingDeps {
  store: Store;
  clock: Clock;
  lang: Lang;
  t: Translate;
  operator: string;
  dataDir: string;
  keyring: Keyring;
  procedure: () => Procedure;
  programVersion: string;
}

export function createOnboardingService(deps: OnboardingDeps): OnboardingService {
  const { store, clock, lang, t, keyring } = deps;
  let procedure: Procedure | null = null;
  const today = () => localDay(clock.now());

  const service: OnboardingService = {
    lang,
    t,
    get procedure() {
      procedure ??= deps.procedure();
      return procedure;
    },
    dataDir: deps.dataDir,
    file: store.file,
    today,
    stamp(occurredAt) {
      const now = clock.now();
      return { occurredAt: occurredAt ?? localDay(now), recordedAt: localTimestamp(now), operator: deps.operator };
    },
    explainer(onboarding) {
      return new Explainer(onboarding.plan, onboarding.snapshot, { today: today(), lang, t, holidays: isJapaneseHoliday });
    },
    async load() {
      const doc = await store.read();
      if (!doc) refuseIfOnlyBackup();
      const loaded = doc ? stateOf(doc) : null;
      if (!loaded) throw new SeikyuError(ExitCode.state, 'err.notInitialized', { path: deps.dataDir });
      return loaded;
    },
    append(build, secrets = {}) {
      return store.update(async (current) => {
        if (!current) refuseIfOnlyBackup();
        const before = current ? stateOf(current) : null;
        const draft = build(before);
        // A new document that shares the events read (never changed in place) and gets one more: copying all of them
        // (structuredClone) cost more than the rest of an append at 10,000 events. `before.doc` stays as read.
        const doc: SeikyuDocument = current ? { ...current, events: [...current.events] } : emptyDocument(clock.now(), deps.programVersion);
        if (Object.keys(secrets).length > 0) {
          const { header, key } = await keyring.key(doc.secrets);
          doc.secrets = header;
          for (const [name, value] of Object.entries(secrets)) draft.inputs[name] = encryptSecret(key, value);
        }
        // Whatever produced the event, the authority judges it on the state read under the lock.
        service.authorize(before, draft);
        const event: StoredEvent = { ...draft, id: (doc.events.at(-1)?.id ?? 0) + 1 };
        doc.events.push(event);
        doc.format = DOCUMENT_FORMAT;
        doc.program = { version: deps.programVersion };
        // A reveal changes no state: the state before it is the state after it (no transition, no replay).
        const onboarding = event.type === 'secret-revealed' && before ? before.onboarding : applyEvent(service.procedure, before?.onboarding ?? null, doc.events, event);
        if (!onboarding) throw service.refusal(before, { code: 'no-profile' });
        const machineEvent = toMachineEvent(event);
        if (machineEvent && event.type !== 'profile-created' && !accepted(onboarding.snapshot, machineEvent)) {
          throw service.refusal(before, { code: 'machine-refused', key: machineEvent.key });
        }
        doc.profile = onboarding.profile;
        doc.cache = cacheOf(service.procedure, onboarding, event.id);
        return { doc, result: { event, before, after: { doc, onboarding } } };
      });
    },
    ground(loaded, pending) {
      return {
        procedure: service.procedure,
        onboarding: loaded?.onboarding ?? null,
        events: loaded?.doc.events ?? [],
        today: today(),
        now: localClock(clock.now()),
        ...(pending ? { pending } : {}),
      };
    },
    authorize(loaded, event, pending) {
      const decision = decide(service.ground(loaded, pending), event);
      if (!decision.ok) throw service.refusal(loaded, decision.refusal);
    },
    refusal(loaded, refusal) {
      return refusalError(refusal, refusalWords(loaded));
    },
    async prepareSecrets() {
      const doc = await store.read();
      await keyring.key(doc?.secrets ?? null);
    },
    async openSecrets() {
      const header = (await store.read())?.secrets ?? null;
      // A secret a handoff left out has no value here, under any key: say so rather than "damaged".
      const notExported = (value: EncryptedValue) => {
        if (isNotExported(value)) throw new SeikyuError(ExitCode.refused, 'handoff.err.secretNotExported');
      };
      if (!header) {
        return (value) => {
          notExported(value);
          throw new SecretError('corrupt', 'the document holds secrets but no key header');
        };
      }
      const { key } = await keyring.key(header);
      return (value) => {
        notExported(value);
        return decryptSecret(key, value);
      };
    },
    async current() {
      const doc = await store.read();
      if (!doc) {
        refuseIfOnlyBackup();
        return null;
      }
      return stateOf(doc);
    },
    storeKey(header) {
      return keyring.key(header);
    },
    replace(next, options) {
      return store.update(
        (current) => {
          if (!current) refuseIfOnlyBackup();
          options.expect(current);
          const onboarding = replay(service.procedure, next.events);
          if (!onboarding) throw service.refusal(null, { code: 'no-profile' });
          const doc: SeikyuDocument = {
            format: DOCUMENT_FORMAT,
            createdAt: next.createdAt,
            program: { version: deps.programVersion },
            profile: onboarding.profile,
            events: next.events,
            secrets: next.secrets,
            cache: cacheOf(service.procedure, onboarding, next.events.at(-1)!.id),
          };
          // Loaded back as every command will load it: the log checked for meaning, the cache used.
          const loaded = stateOf(doc);
          if (!loaded) throw service.refusal(null, { code: 'no-profile' });
          return { doc, result: loaded };
        },
        { keepPreviousAs: options.keepPreviousAs },
      );
    },
  };

  /**
   * The document is gone but its backup is there: starting afresh would overwrite the only copy of weeks of
   * records at the next save, so say how to restore it instead.
   */
  function refuseIfOnlyBackup(): void {
    if (isRegularFile(store.backupFile)) {
      throw new SeikyuError(ExitCode.store, 'err.store.missingWithBackup', { path: store.file, backup: store.backupFile });
    }
  }

  /**
   * The state of a document: its log checked for meaning (a document changed by hand is refused, untouched),
   * then restored from the cache when the cache is intact and current, else replayed.
   */
  function stateOf(doc: SeikyuDocument): Loaded | null {
    const problem = checkLog(service.procedure, doc.events);
    if (problem) {
      const detail = t(`log.${problem.code}`, { ...problem, id: problem.id });
      throw new StoreError('corrupt', store.file, `${store.file} has an invalid log`, {
        detail,
        ...(isRegularFile(store.backupFile) ? { backupPath: store.backupFile } : {}),
      });
    }
    const cache = doc.cache && isCacheIntact(doc.cache) ? doc.cache : null;
    const { onboarding } = restore(service.procedure, doc.events, cache);
    return onboarding ? { doc, onboarding } : null;
  }

  function refusalWords(loaded: Loaded | null): RefusalWords {
    const onboarding = loaded?.onboarding ?? null;
    return {
      t,
      lang,
      procedure: service.procedure,
      onboarding,
      explainer: onboarding ? service.explainer(onboarding) : null,
      today: today(),
      path: loaded ? store.file : deps.dataDir,
    };
  }

  return service;
}

/** A regular file, not followed through a symlink (a backup is offered only when it really is one). */
function isRegularFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** The cache written with every append: the snapshot, what replay ignored, and a digest over both. */
function cacheOf(procedure: Procedure, onboarding: Onboarding, lastEventId: number): SnapshotCache {
  const content = {
    machineVersion: MACHINE_VERSION,
    procedureVersion: procedure.version,
    key: machineKey(procedure, onboarding.profile),
    lastEventId,
    snapshot: persist(onboarding),
    ignored: persistIgnored(onboarding),
  };
  return { ...content, digest: cacheDigest(content) };
}
