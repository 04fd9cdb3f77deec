import { ExitCode, SeikyuError } from '../i18n/errors.js';
import { lastUndoable } from '../machine/authority.js';
import { applicableInputs } from '../machine/inputs.js';
import { deskStatus } from '../machine/hours.js';
import { checkProfile } from '../machine/profile.js';
import { isJapaneseHoliday, localMoment } from '../effects/holidays.js';
import type { OnboardingPort, UiState } from '../ui/port.js';
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
      guard(async () => {
        const { after } = await recordProfile(svc, profile);
        return toState(after);
      }),
    done: (request) =>
      guard(async () => {
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
      guard(async () => {
        const loaded = await svc.load();
        const instance = loaded.onboarding.plan.byKey.get(key)!;
        const { after } = await recordExpect(svc, loaded, instance.step.id, instance.terminal ?? undefined, by);
        return toState(after);
      }),
    undo: (key) =>
      guard(async () => {
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
  };
}
