import { shortDate } from '../machine/dates.js';
import type { Refusal } from '../machine/authority.js';
import type { Lang, Procedure } from '../machine/procedure-schema.js';
import type { Onboarding } from '../machine/replay.js';
import { ExitCode, SeikyuError } from './errors.js';
import type { Explainer } from './explain.js';
import type { MessageKey, Params, Translate } from './index.js';

/**
 * The authority's refusals in words: the sentence and exit code of the command line, and the shorter
 * "why is this disabled" of the interactive screen. The machine decides; this module only speaks.
 */

/** What the words need: the catalog, the procedure's titles, the state (for reasons), where the data is. */
export interface RefusalWords {
  t: Translate;
  lang: Lang;
  procedure: Procedure;
  onboarding: Onboarding | null;
  explainer: Explainer | null;
  today: string;
  /** The document's path, for "nothing registered yet" and "already registered". */
  path: string;
}

function stepTitle(words: RefusalWords, stepId: string): string {
  return words.procedure.steps.find((s) => s.id === stepId)?.title[words.lang] ?? stepId;
}

function instanceTitle(words: RefusalWords, key: string): string {
  const instance = words.onboarding?.plan.byKey.get(key);
  return instance ? instance.step.title[words.lang] : key;
}

function titleOnTerminal(words: RefusalWords, key: string): string {
  const instance = words.onboarding?.plan.byKey.get(key);
  if (!instance) return key;
  const title = instance.step.title[words.lang];
  return instance.terminal === null ? title : words.t('step.onTerminal', { title, terminal: instance.terminal });
}

function inputOf(words: RefusalWords, key: string, inputKey: string) {
  const step = words.onboarding?.plan.byKey.get(key)?.step;
  const input = step?.inputs.find((i) => i.key === inputKey);
  return {
    label: input?.label[words.lang] ?? inputKey,
    key: inputKey,
    hint: input?.hint[words.lang] ?? '',
    keys: step?.inputs.map((i) => i.key).join(', ') ?? '',
  };
}

/** The `seikyu show` command line of an instance (where a value that is not secret is shown). */
function showCommand(words: RefusalWords, key: string): string {
  const instance = words.onboarding?.plan.byKey.get(key);
  if (!instance) return 'seikyu show';
  return `seikyu show ${instance.step.id}${instance.terminal === null ? '' : ` --terminal ${instance.terminal}`}`;
}

function reasonOf(words: RefusalWords, key: string): string {
  return words.explainer?.reason(key) ?? '';
}

function terminalNames(words: RefusalWords): string {
  return words.onboarding?.profile.terminals.map((t) => t.name).join(', ') ?? '';
}

/** The message, its parameters and the exit code of a refusal. */
export function refusalMessage(refusal: Refusal, words: RefusalWords): { exitCode: ExitCode; key: MessageKey; params: Params } {
  const w = words;
  const day = (date: string) => shortDate(date, w.today);
  const m = (exitCode: ExitCode, key: MessageKey, params: Params = {}) => ({ exitCode, key, params });
  switch (refusal.code) {
    case 'no-profile':
      return m(ExitCode.state, 'err.notInitialized', { path: w.path });
    case 'already-initialized':
      return m(ExitCode.state, 'err.alreadyInitialized', { name: refusal.name, path: w.path });
    case 'profile-missing':
      return m(ExitCode.input, 'err.profile.missing');
    case 'invalid-profile':
      return m(ExitCode.input, refusal.problem.key, refusal.problem.params);
    case 'no-change':
      return m(ExitCode.input, 'err.profile.noChange');
    case 'control-characters':
      return m(ExitCode.input, 'err.input.control', { field: refusal.field });
    case 'unknown-step':
      return m(ExitCode.usage, 'err.unknownStep', { step: refusal.step, suggestion: '' });
    case 'facility-step':
      return m(ExitCode.usage, 'err.facilityStep', { title: stepTitle(w, refusal.step) });
    case 'terminal-required':
      return m(ExitCode.usage, 'err.terminalRequired', { title: stepTitle(w, refusal.step), terminals: terminalNames(w) });
    case 'unknown-terminal':
      return m(ExitCode.input, 'err.unknownTerminal', { terminal: refusal.terminal, terminals: terminalNames(w) });
    case 'not-for-terminal': {
      const terminal = w.onboarding?.profile.terminals.find((t) => t.name === refusal.terminal);
      const roles = (terminal?.roles ?? []).map((r) => w.t(r === 'claims' ? 'cli.role.claims' : 'cli.role.oqs')).join(', ');
      return m(ExitCode.refused, 'err.stepNotForTerminal', { title: stepTitle(w, refusal.step), terminal: refusal.terminal, roles });
    }
    case 'profile-step':
      return m(ExitCode.refused, 'err.facilityProfileStep');
    case 'milestone':
      return m(ExitCode.refused, 'err.milestone', { title: instanceTitle(w, refusal.key) });
    case 'skipped':
      return m(ExitCode.refused, 'err.skipped', { title: instanceTitle(w, refusal.key), reason: reasonOf(w, refusal.key) });
    case 'already-done':
      return m(ExitCode.refused, 'err.alreadyDone', { title: instanceTitle(w, refusal.key), date: refusal.occurredAt, id: refusal.eventId });
    case 'blocked':
      return m(ExitCode.refused, 'err.blocked', { title: instanceTitle(w, refusal.key), reason: reasonOf(w, refusal.key) });
    case 'not-check':
      return m(ExitCode.refused, 'err.notCheck', { title: instanceTitle(w, refusal.key) });
    case 'needs-note':
      return m(ExitCode.refused, 'err.checkNeedsNote', { title: instanceTitle(w, refusal.key) });
    case 'bad-date':
      return m(ExitCode.input, 'err.date.format', { value: refusal.value });
    case 'date-future':
      return m(ExitCode.input, 'err.date.future', { value: refusal.date });
    case 'date-before-needs':
      return m(ExitCode.input, 'err.date.beforeNeeds', { value: refusal.date, title: instanceTitle(w, refusal.need), date: day(refusal.needDate) });
    case 'input-none':
      return m(ExitCode.input, 'err.input.none', { title: instanceTitle(w, refusal.key), key: refusal.input });
    case 'input-unknown':
      return m(ExitCode.input, 'err.input.unknown', { title: instanceTitle(w, refusal.key), ...inputOf(w, refusal.key, refusal.input) });
    case 'input-not-applicable':
      return m(ExitCode.input, 'err.input.notApplicable', inputOf(w, refusal.key, refusal.input));
    case 'input-missing':
      return m(ExitCode.input, 'err.input.missing', inputOf(w, refusal.key, refusal.input));
    case 'input-invalid':
      return m(ExitCode.input, 'err.input.invalid', inputOf(w, refusal.key, refusal.input));
    case 'secret-in-plain':
      return m(ExitCode.input, 'err.input.secretPlain', inputOf(w, refusal.key, refusal.input));
    case 'input-future-date':
      return m(ExitCode.input, 'err.input.futureDate', { ...inputOf(w, refusal.key, refusal.input), value: refusal.date });
    case 'input-date-before-needs':
      return m(ExitCode.input, 'err.input.dateBeforeNeeds', {
        ...inputOf(w, refusal.key, refusal.input),
        value: refusal.date,
        title: instanceTitle(w, refusal.need),
        date: day(refusal.needDate),
      });
    case 'not-wait':
      return m(ExitCode.refused, 'err.expect.notWait', { title: instanceTitle(w, refusal.key) });
    case 'expect-done':
      return m(ExitCode.refused, 'err.expect.done', { title: instanceTitle(w, refusal.key) });
    case 'expect-past':
      return m(ExitCode.input, 'err.expect.past', { value: refusal.date });
    case 'undo-unknown':
      return m(ExitCode.input, 'err.undo.unknown', { id: refusal.id });
    case 'undo-undo':
      return m(ExitCode.refused, 'err.undo.undo', { id: refusal.id });
    case 'undo-profile-created':
      return m(ExitCode.refused, 'err.undo.profileCreated', { id: refusal.id });
    case 'undo-later-profile':
      return m(ExitCode.refused, 'err.undo.laterProfile', { id: refusal.id, later: refusal.later });
    case 'undo-already':
      return m(ExitCode.refused, 'err.undo.already', { id: refusal.id, by: refusal.by });
    case 'undo-dependents':
      return m(ExitCode.refused, 'err.undo.dependents', { id: refusal.id, titles: refusal.keys.map((k) => titleOnTerminal(w, k)).join(w.t('list.separator')) });
    case 'outside-window':
      return m(ExitCode.refused, 'err.outsideWindow', {
        title: instanceTitle(w, refusal.key),
        date: day(refusal.opensAt.date),
        time: refusal.opensAt.time,
      });
    case 'undo-reveal':
      return m(ExitCode.refused, 'err.undo.reveal', { id: refusal.id });
    case 'reveal-not-secret':
      return m(ExitCode.input, 'err.reveal.notSecret', { ...inputOf(w, refusal.key, refusal.input), command: showCommand(w, refusal.key) });
    case 'reveal-no-record':
      return m(ExitCode.refused, 'err.reveal.noRecord', { title: titleOnTerminal(w, refusal.key), ...inputOf(w, refusal.key, refusal.input) });
    case 'reveal-not-recorded':
      return m(ExitCode.refused, 'err.reveal.notRecorded', { title: titleOnTerminal(w, refusal.key), ...inputOf(w, refusal.key, refusal.input) });
    case 'machine-refused':
      return m(ExitCode.refused, 'err.machineRefused', { title: instanceTitle(w, refusal.key) });
  }
}

/** A refusal as the error the command line prints (one sentence, its exit code). */
export function refusalError(refusal: Refusal, words: RefusalWords): SeikyuError {
  const { exitCode, key, params } = refusalMessage(refusal, words);
  return new SeikyuError(exitCode, key, params);
}

/** A refusal as the screen's short "why is this disabled"; the full sentence where there is no short one. */
export function disabledText(refusal: Refusal, words: RefusalWords): string {
  const t = words.t;
  switch (refusal.code) {
    case 'profile-step':
      return t('ui.disabled.profileStep');
    case 'milestone':
      return t('ui.disabled.milestone');
    case 'already-done':
      return t('ui.disabled.done', { id: refusal.eventId });
    case 'skipped':
      return t('ui.disabled.skipped', { reason: reasonOf(words, refusal.key) });
    case 'blocked':
      return t('ui.disabled.blocked', { reason: reasonOf(words, refusal.key) });
    case 'not-wait':
      return t('ui.disabled.notWait');
    case 'expect-done':
      return t('ui.disabled.expectDone');
    default: {
      const { key, params } = refusalMessage(refusal, words);
      return t(key, params);
    }
  }
}
