import { watch as watchFolder, statSync, type FSWatcher } from 'node:fs';
import { lstat, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import { lastUndoable } from '../machine/authority.js';
import { applicableInputs } from '../machine/inputs.js';
import { deskStatus } from '../machine/hours.js';
import { checkProfile } from '../machine/profile.js';
import { isJapaneseHoliday, localMoment } from '../effects/holidays.js';
import type { CheckReport, OnboardingPort, UiPrefs, UiState } from '../ui/port.js';
import type { Loaded, OnboardingService, SecretOpener } from '../app/onboarding.js';
import type { Clock } from '../effects/clock.js';
import type { Check, CheckResult } from '../effects/checks/types.js';
import { SecretError } from '../effects/secrets.js';
import type { StepInstance } from '../machine/plan.js';
import { describe } from './errors.js';
import { checkDone, checkValue, pickTarget, prepareDone, recordDone, recordExpect, recordProfile, recordUndo } from '../app/records.js';
import { readsRecordedSecret, verify, type CheckRegistry, type GivenInputs } from '../app/checks.js';
import { titleOn } from '../i18n/describe.js';
import { checkLines, CHECK_MARK, notDoneLines } from '../ui/check-words.js';

/**
 * The TUI's access to the onboarding, through the same operations as the commands: the same checks,
 * the same lock, the same events. Errors become the same one sentence the command line prints.
 */
/** A failure already put in words, with the exit code the command line would give it. */
export class PortError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'PortError';
  }
}

/**
 * `done` on a check step that its check did not complete: the check's lines as the message, and the state
 * after it (a failure is recorded; see `stateCarried` in src/ui/port.ts), or null when nothing was recorded.
 */
export class CheckNotDoneError extends PortError {
  constructor(
    message: string,
    readonly state: UiState | null,
    readonly outcome: CheckResult['outcome'],
  ) {
    super(ExitCode.refused, message);
    this.name = 'CheckNotDoneError';
  }
}

/** The run the screen gave up on (it quit): its check is told to stop, and the run ends at once. */
class Abandoned extends Error {
  constructor() {
    super('the screen stopped waiting for this check');
  }
}

/**
 * The checks with `signal` added to each run's own: when the screen quits, a check stops what it started
 * (a command, a connection) and its run ends now, not at its time limit, so nothing keeps the program alive.
 */
function abandonable(registry: CheckRegistry, signal: AbortSignal | undefined): CheckRegistry {
  if (!signal) return registry;
  return async () => {
    const checks = await registry();
    const wrap = (check: Check): Check => ({
      ...check,
      run: (request, own) => {
        if (signal.aborted) return Promise.reject(new Abandoned());
        let stop: () => void = () => undefined;
        const abandoned = new Promise<never>((_, reject) => {
          stop = () => reject(new Abandoned());
          signal.addEventListener('abort', stop, { once: true });
        });
        const ran = check.run(request, AbortSignal.any([own, signal])).then((result) => {
          // A result that came as the screen quit is not recorded: nobody saw it.
          if (signal.aborted) throw new Abandoned();
          return result;
        });
        return Promise.race([ran, abandoned]).finally(() => signal.removeEventListener('abort', stop));
      },
    });
    return new Map([...checks].map(([step, check]) => [step, wrap(check)]));
  };
}

/** How often the document's size and time are read, for the folders where change notices do not arrive. */
export const WATCH_POLL_MS = 1000;
/** Changes that come in a burst (the temporary file, the rename, the lock) are read once. */
export const WATCH_DEBOUNCE_MS = 150;
/** The screen's own file beside the document: its filter, selection and open tracks. */
export const PREFS_FILE = 'tui.json';

/** The document's identity on disk: a write renames a new file over it, so its inode, size or time changes. */
function fileSignature(file: string): string {
  try {
    const info = statSync(file);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch {
    return 'none';
  }
}

/** Reads the kept screen state; anything unexpected (missing, garbage, another shape) is no state. */
async function readPrefs(file: string): Promise<UiPrefs | null> {
  try {
    if (!(await lstat(file)).isFile()) return null;
    const data: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof data !== 'object' || data === null) return null;
    const { onlyAction, selectedKey, open } = data as Record<string, unknown>;
    if (typeof onlyAction !== 'boolean') return null;
    if (selectedKey !== null && typeof selectedKey !== 'string') return null;
    if (!Array.isArray(open) || !open.every((k): k is string => typeof k === 'string')) return null;
    return { onlyAction, selectedKey, open: open.slice(0, 200) };
  } catch {
    return null;
  }
}

/** Writes the screen state atomically (a private temporary file renamed over it), into an existing data folder only. */
async function writePrefs(dir: string, prefs: UiPrefs): Promise<void> {
  const file = path.join(dir, PREFS_FILE);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify({ onlyAction: prefs.onlyAction, selectedKey: prefs.selectedKey, open: prefs.open }) + '\n', { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch {
    // Best effort: the screen works the same without it; only the next run starts afresh.
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

export interface PassphraseHolder {
  ask: ((isNew: boolean, problem: string | null) => Promise<string>) | null;
}

/**
 * The screen's port over the onboarding service: the same records as the command line, the same authority,
 * the same lock, the same checks (`checks`: the App's registry, fakes in tests). Built from its
 * dependencies, so tests can pass their own.
 */
export function createPort(svc: OnboardingService, clock: Clock, holder: PassphraseHolder, checks: CheckRegistry): OnboardingPort {
  const toState = (loaded: Loaded): UiState => ({ onboarding: loaded.onboarding, events: loaded.doc.events });
  const sentence = (error: unknown): Error => {
    // Already in words (a check's lines).
    if (error instanceof PortError) return error;
    const [code, message] = describe(error, svc.t);
    return new PortError(code, message);
  };
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw sentence(error);
    }
  };
  const loadOrNull = async (): Promise<Loaded | null> => {
    try {
      return await svc.load();
    } catch (error) {
      if (error instanceof SeikyuError && error.exitCode === ExitCode.state) return null;
      throw error;
    }
  };
  const lastEventOf = (state: { events: UiState['events'] }, key: string) => lastUndoable(state.events, key);
  // Per watcher, the document as this screen last read or wrote it: a change notice that finds it the
  // same is the screen's own write (or a backup, a lock, the prefs file), and is not passed on.
  const watchers = new Set<{ seen: string }>();
  const remember = () => {
    const now = fileSignature(svc.file);
    for (const w of watchers) w.seen = now;
  };
  /** A change of the screen's own: the document is remembered as written. */
  const own = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await guard(work);
    } finally {
      remember();
    }
  };
  /** The typed values of a `d` form, checked as the command line checks arguments; `required`: missing ones are refused. */
  const typedInputs = (loaded: Loaded, instance: StepInstance, values: Record<string, string>, required: boolean): GivenInputs => {
    const plain: Record<string, string> = {};
    const secret: Record<string, string> = {};
    for (const input of applicableInputs(instance.step, loaded.onboarding.profile)) {
      const raw = values[input.key];
      if (raw === undefined || raw.trim() === '') {
        if (required && input.required) throw new SeikyuError(ExitCode.input, 'err.input.missing', { label: input.label[svc.lang], key: input.key, hint: input.hint[svc.lang] });
        continue;
      }
      (input.secret ? secret : plain)[input.key] = checkValue(svc, input, raw);
    }
    return { plain, secret };
  };
  /**
   * Opens the recorded secrets a check reads (the passphrase asked on the screen). Esc at the passphrase stops
   * the check; a document whose secrets cannot be opened runs it without them (it then says what is missing).
   */
  const openForCheck = async (): Promise<SecretOpener | null> => {
    try {
      return await svc.openSecrets();
    } catch (error) {
      if (error instanceof SeikyuError && error.exitCode === ExitCode.interrupted) throw error;
      if (error instanceof SecretError || error instanceof SeikyuError) return null;
      throw error;
    }
  };
  /** The labels of a step's inputs, as the form shows them. */
  const labelsOf = (instance: StepInstance) => (key: string) => instance.step.inputs.find((i) => i.key === key)?.label[svc.lang] ?? null;
  /** Runs an instance's check and records its result (see `verify`). */
  const runVerify = async (loaded: Loaded, instance: StepInstance, given: GivenInputs, options: { at?: string; signal?: AbortSignal } = {}) => {
    // The passphrase is asked before the check runs: a new secret to encrypt, or a recorded one it reads.
    if (Object.keys(given.secret).length > 0) await svc.prepareSecrets();
    const open = readsRecordedSecret(loaded, instance, given) ? await openForCheck() : null;
    return verify(svc, abandonable(checks, options.signal), loaded, instance, { given, open, ...(options.at !== undefined ? { at: options.at } : {}) });
  };
  /** `done` on a check step without a note: only a pass completes it (the command line's `verifyDone`). */
  const verifyDone = async (loaded: Loaded, instance: StepInstance, given: GivenInputs, at: string): Promise<UiState> => {
    if (!(await checks()).has(instance.step.id)) throw new PortError(ExitCode.refused, svc.t('ui.check.noneForm'));
    const verification = await runVerify(loaded, instance, given, { at });
    if (verification.result.outcome === 'passed' && verification.recorded) return toState(verification.recorded.after);
    const after = verification.recorded ? toState(verification.recorded.after) : null;
    throw new CheckNotDoneError(notDoneLines(svc.t, verification, labelsOf(instance)).join('\n'), after, verification.result.outcome);
  };
  const checkStep = async (key: string, signal: AbortSignal | undefined): Promise<CheckReport> => {
    const loaded = await svc.load();
    const instance = loaded.onboarding.plan.byKey.get(key);
    if (!instance) throw new SeikyuError(ExitCode.usage, 'err.unknownStep', { step: key, suggestion: '' });
    if (!(await checks()).has(instance.step.id)) {
      const title = titleOn(svc.t, instance.step.title[svc.lang], instance.terminal);
      return { state: toState(loaded), outcome: 'cannot-run', message: `${CHECK_MARK['cannot-run']} ${svc.t('ui.check.none', { title })}` };
    }
    const verification = await runVerify(loaded, instance, { plain: {}, secret: {} }, signal ? { signal } : {});
    return {
      state: toState(verification.recorded?.after ?? loaded),
      outcome: verification.result.outcome,
      message: checkLines(svc.t, verification, labelsOf(instance)).join('\n'),
    };
  };
  return {
    lang: svc.lang,
    t: svc.t,
    check: (key, options = {}) => own(() => checkStep(key, options.signal)),
    today: () => svc.today(),
    holidays: isJapaneseHoliday,
    onPassphrase: (ask) => {
      holder.ask = ask;
    },
    load: () => guard(async () => {
      const loaded = await loadOrNull();
      return loaded ? toState(loaded) : null;
    }),
    init: (profile) =>
      own(async () => {
        const { after } = await recordProfile(svc, profile);
        return toState(after);
      }),
    done: (request) =>
      own(async () => {
        const loaded = await svc.load();
        const instance = loaded.onboarding.plan.byKey.get(request.key);
        if (!instance) throw new SeikyuError(ExitCode.usage, 'err.unknownStep', { step: request.key, suggestion: '' });
        const prepared = prepareDone(svc, loaded, {
          stepId: instance.step.id,
          ...(instance.terminal !== null ? { terminal: instance.terminal } : {}),
          ...(request.at !== undefined ? { at: request.at } : {}),
          ...(request.note !== undefined ? { note: request.note } : {}),
        });
        // A check step without a note: its check decides, with what was typed (it finds what was not, or says what is missing).
        if (prepared.verify) return verifyDone(loaded, instance, typedInputs(loaded, instance, request.values, false), prepared.at);
        const { plain, secret } = typedInputs(loaded, instance, request.values, true);
        checkDone(svc, loaded, instance, { at: prepared.at, note: prepared.note, plain, secret });
        const { after } = await recordDone(svc, instance, { at: prepared.at, note: prepared.note, plain, secret });
        return toState(after);
      }),
    expect: (key, by) =>
      own(async () => {
        const loaded = await svc.load();
        const instance = loaded.onboarding.plan.byKey.get(key)!;
        const { after } = await recordExpect(svc, loaded, instance.step.id, instance.terminal ?? undefined, by);
        return toState(after);
      }),
    undo: (key) =>
      own(async () => {
        const loaded = await svc.load();
        const last = lastEventOf(toState(loaded), key);
        if (!last) throw new SeikyuError(ExitCode.refused, 'err.undo.nothing');
        const { after } = await recordUndo(svc, loaded, last.id);
        return toState(after);
      }),
    undoBlocked: (state, key) => {
      if (key === 'facility-profile') return svc.t('ui.disabled.profileStep');
      const last = lastEventOf(state, key);
      if (!last) return svc.t('ui.disabled.noEvent');
      try {
        pickTarget(svc, { doc: { events: state.events }, onboarding: state.onboarding }, last.id);
        return null;
      } catch (error) {
        return describe(error, svc.t)[1];
      }
    },
    checkInput: (stepId, inputKey, raw) => {
      const input = svc.procedure.steps.find((s) => s.id === stepId)?.inputs.find((i) => i.key === inputKey);
      if (!input) return null;
      try {
        checkValue(svc, input, raw);
        return null;
      } catch (error) {
        // On the screen the field's label and hint are already beside the value: say only what is wrong,
        // without the command line's input key.
        if (error instanceof SeikyuError && error.key === 'err.input.invalid') return svc.t('ui.input.invalid', error.params);
        return describe(error, svc.t)[1];
      }
    },
    checkProfile: (profile) => {
      const problem = checkProfile(profile)[0];
      return problem ? svc.t(problem.key, problem.params) : null;
    },
    desk: (contactId) => {
      const contact = svc.procedure.contacts[contactId];
      return contact ? deskStatus(contact, localMoment(clock.now()), isJapaneseHoliday) : null;
    },
    watch: (onChange) => {
      const self = { seen: fileSignature(svc.file) };
      watchers.add(self);
      let timer: NodeJS.Timeout | null = null;
      let stopped = false;
      const check = () => {
        timer = null;
        if (stopped) return;
        const now = fileSignature(svc.file);
        if (now === self.seen) return;
        self.seen = now;
        onChange();
      };
      const soon = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(check, WATCH_DEBOUNCE_MS);
        timer.unref();
      };
      // Change notices are quick where they work; the periodic look at the file's size and time covers
      // network drives and platforms where they do not arrive, and a folder made after the screen opened.
      let watcher: FSWatcher | null = null;
      try {
        watcher = watchFolder(svc.dataDir, { persistent: false }, soon);
        watcher.on('error', () => watcher?.close());
      } catch {
        watcher = null;
      }
      const poll = setInterval(check, WATCH_POLL_MS);
      poll.unref();
      return () => {
        stopped = true;
        watchers.delete(self);
        watcher?.close();
        clearInterval(poll);
        if (timer) clearTimeout(timer);
      };
    },
    loadPrefs: () => readPrefs(path.join(svc.dataDir, PREFS_FILE)),
    savePrefs: (prefs) => writePrefs(svc.dataDir, prefs),
    exportFiles: () =>
      guard(async () => {
        const loaded = await svc.load();
        const deps = { svc, clock, operator: svc.stamp().operator };
        // Loaded when first used: the screen starts without the bundle and report code.
        const handoff = await import('./commands/export.js');
        // Both made in memory first: a report that cannot be rendered leaves no lone bundle behind.
        const bundle = handoff.bundleText(await handoff.bundleOf(deps, loaded));
        const report = await handoff.renderReport('html', handoff.reportInput(deps, loaded));
        return handoff.writeExportPair(path.join(svc.dataDir, 'exports'), `seikyu-${loaded.onboarding.profile.code}`, clock.now(), { json: bundle, html: report });
      }),
    reveal: (key, input) =>
      own(async () => {
        const loaded = await svc.load();
        const instance = loaded.onboarding.plan.byKey.get(key);
        if (!instance) throw new SeikyuError(ExitCode.usage, 'err.unknownStep', { step: key, suggestion: '' });
        // Loaded when first used: reading a secret back is rare, and the screen starts without it.
        const { revealSecret } = await import('../app/reveal.js');
        const { value, after } = await revealSecret(svc, {
          stepId: instance.step.id,
          ...(instance.terminal !== null ? { terminal: instance.terminal } : {}),
          input,
        });
        return { value, state: toState(after) };
      }),
  };
}
