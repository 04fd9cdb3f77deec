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
import type { OnboardingPort, UiPrefs, UiState } from '../ui/port.js';
import type { Loaded, OnboardingService } from '../app/onboarding.js';
import type { Clock } from '../effects/clock.js';
import { describe } from './errors.js';
import { checkDone, checkValue, pickTarget, prepareDone, recordDone, recordExpect, recordProfile, recordUndo } from '../app/records.js';

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
 * the same lock. Built from its dependencies, so tests can pass their own.
 */
export function createPort(svc: OnboardingService, clock: Clock, holder: PassphraseHolder): OnboardingPort {
  const toState = (loaded: Loaded): UiState => ({ onboarding: loaded.onboarding, events: loaded.doc.events });
  const sentence = (error: unknown): Error => {
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
  return {
    lang: svc.lang,
    t: svc.t,
    today: () => svc.today(),
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
        const plain: Record<string, string> = {};
        const secret: Record<string, string> = {};
        for (const input of applicableInputs(instance.step, loaded.onboarding.profile)) {
          const raw = request.values[input.key];
          if (raw === undefined || raw.trim() === '') {
            if (input.required) throw new SeikyuError(ExitCode.input, 'err.input.missing', { label: input.label[svc.lang], key: input.key, hint: input.hint[svc.lang] });
            continue;
          }
          (input.secret ? secret : plain)[input.key] = checkValue(svc, input, raw);
        }
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
