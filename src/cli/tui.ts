import { ExitCode, SeikyuError } from '../machine/errors.js';
import { effectiveEvents } from '../machine/replay.js';
import { applicableInputs } from '../machine/inputs.js';
import { deskStatus } from '../machine/hours.js';
import { checkProfile } from '../machine/profile.js';
import { isJapaneseHoliday, localMoment } from '../effects/holidays.js';
import type { OnboardingPort, UiState } from '../ui/port.js';
import type { App, Loaded } from './app.js';
import { describe } from './errors.js';
import { checkInputDates, checkValue, prepareDone, recordDone } from './commands/done.js';
import { recordExpect } from './commands/expect.js';
import { pickTarget, recordUndo } from './commands/undo.js';

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

export interface PassphraseHolder {
  ask: ((isNew: boolean, problem: string | null) => Promise<string>) | null;
}

export function createPort(app: App, holder: PassphraseHolder): OnboardingPort {
  const toState = (loaded: Loaded): UiState => ({ onboarding: loaded.onboarding, events: loaded.doc.events });
  const sentence = (error: unknown): Error => {
    const [code, message] = describe(error, app.t);
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
      return await app.load();
    } catch (error) {
      if (error instanceof SeikyuError && error.exitCode === ExitCode.state) return null;
      throw error;
    }
  };
  const lastEventOf = (state: { events: UiState['events'] }, key: string) => {
    const instance = key.split('@');
    const step = instance[0]!;
    const terminal = instance[1] ?? null;
    return effectiveEvents(state.events)
      .filter((e) => e.step === step && e.terminal === terminal && e.type !== 'profile-created')
      .at(-1);
  };
  return {
    lang: app.lang,
    t: app.t,
    today: () => app.today,
    onPassphrase: (ask) => {
      holder.ask = ask;
    },
    load: () => guard(async () => {
      const loaded = await loadOrNull();
      return loaded ? toState(loaded) : null;
    }),
    init: (profile) =>
      guard(async () => {
        const problem = checkProfile(profile)[0];
        if (problem) throw new SeikyuError(ExitCode.input, problem.key, problem.params);
        const { after } = await app.append((loaded) => {
          if (loaded) throw new SeikyuError(ExitCode.state, 'err.alreadyInitialized', { name: loaded.onboarding.profile.name, path: app.store.file });
          return { type: 'profile-created', step: 'facility-profile', terminal: null, inputs: {}, profile, ...app.stamp() };
        });
        return toState(after);
      }),
    done: (request) =>
      guard(async () => {
        const loaded = await app.load();
        const instance = loaded.onboarding.plan.byKey.get(request.key);
        if (!instance) throw new SeikyuError(ExitCode.usage, 'err.unknownStep', { step: request.key, suggestion: '' });
        const prepared = prepareDone(app, loaded, {
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
            if (input.required) throw new SeikyuError(ExitCode.input, 'err.input.missing', { label: input.label[app.lang], key: input.key, hint: input.hint[app.lang] });
            continue;
          }
          (input.secret ? secret : plain)[input.key] = checkValue(app, input, raw);
        }
        checkInputDates(app, loaded, instance, plain);
        const { after } = await recordDone(app, instance, { at: prepared.at, note: prepared.note, plain, secret });
        return toState(after);
      }),
    expect: (key, by) =>
      guard(async () => {
        const loaded = await app.load();
        const instance = loaded.onboarding.plan.byKey.get(key)!;
        const { after } = await recordExpect(app, loaded, instance.step.id, instance.terminal ?? undefined, by);
        return toState(after);
      }),
    undo: (key) =>
      guard(async () => {
        const loaded = await app.load();
        const last = lastEventOf(toState(loaded), key);
        if (!last) throw new SeikyuError(ExitCode.refused, 'err.undo.nothing');
        const { after } = await recordUndo(app, loaded, last.id);
        return toState(after);
      }),
    undoBlocked: (state, key) => {
      if (key === 'facility-profile') return app.t('ui.disabled.profileStep');
      const last = lastEventOf(state, key);
      if (!last) return app.t('ui.disabled.noEvent');
      try {
        pickTarget(app, { doc: { events: state.events } as Loaded['doc'], onboarding: state.onboarding }, last.id);
        return null;
      } catch (error) {
        return describe(error, app.t)[1];
      }
    },
    checkInput: (stepId, inputKey, raw) => {
      const input = app.procedure.steps.find((s) => s.id === stepId)?.inputs.find((i) => i.key === inputKey);
      if (!input) return null;
      try {
        checkValue(app, input, raw);
        return null;
      } catch (error) {
        // On the screen the field's label and hint are already beside the value: say only what is wrong,
        // without the command line's input key.
        if (error instanceof SeikyuError && error.key === 'err.input.invalid') return app.t('ui.input.invalid', error.params);
        return describe(error, app.t)[1];
      }
    },
    checkProfile: (profile) => {
      const problem = checkProfile(profile)[0];
      return problem ? app.t(problem.key, problem.params) : null;
    },
    desk: (contactId) => {
      const contact = app.procedure.contacts[contactId];
      return contact ? deskStatus(contact, localMoment(app.clock.now()), isJapaneseHoliday) : null;
    },
  };
}
