import { applicableInputs } from '../machine/inputs.js';
import type { StepView } from '../machine/selectors.js';
import { checkSentence } from '../i18n/check-text.js';
import { isValidDate } from '../machine/dates.js';
import type { Translate } from '../i18n/index.js';
import { titleOn } from '../i18n/describe.js';
import { selectorFor } from './view-model.js';
import { CHECK_MARK } from './check-words.js';
import type { Field } from './form.js';
import type { DoneRequest, OnboardingPort, UiState } from './port.js';

/**
 * The forms that record events, as data: their titles and fields (checked as they are typed), and how the
 * typed values become the request to save. No React here: the App puts them in a `Form`.
 */

/** A save: what it does, what it says once done (from the state it saved, or fixed), and what it says meanwhile when more than saving. */
export interface SaveWork {
  save: () => Promise<UiState>;
  saved: string | ((next: UiState) => string);
  busy?: string;
}

/** A form: its title, its fields, and what saving the typed values does (and says once it is saved). */
export interface RecordForm {
  title: string;
  fields: Field[];
  submit(values: Record<string, string>): SaveWork;
}

/**
 * `d`: one field per input of the step (secrets masked), its confirmations, the date it happened, a note.
 * On a step with a check, the note decides how it is done: empty, the program checks this PC when it is saved
 * (its inputs are then optional: the check finds what it can, and says what it lacks); filled, it is recorded
 * as checked by hand, the note saying how.
 */
export function doneForm(port: OnboardingPort, state: UiState, view: StepView): RecordForm {
  const { t, lang } = port;
  const title = titleOn(t, view.title, view.terminal);
  const checked = view.step.kind.includes('check');
  const fields: Field[] = [
    ...applicableInputs(view.step, state.onboarding.profile).map(
      (input): Field => ({
        key: `input:${input.key}`,
        label: input.label[lang],
        hint: input.hint[lang],
        kind: input.secret ? 'secret' : 'text',
        required: input.required && !checked,
        validate: (raw) => port.checkInput(view.id, input.key, raw),
      }),
    ),
    ...view.step.confirm.map((c, i): Field => ({ key: `confirm:${i}`, label: t('ui.form.confirm'), hint: c[lang], kind: 'confirm', required: true })),
    { key: 'at', label: t('ui.form.at'), kind: 'text', required: true, initial: port.today(), hint: t('ui.form.atHint'), validate: (raw) => dateProblem(t, raw, port.today()) },
    checked ? { key: 'note', label: t('ui.check.noteLabel'), hint: t('ui.check.noteHint'), kind: 'text', required: false } : { key: 'note', label: t('ui.form.note'), kind: 'text', required: false },
  ];
  return {
    title: t(view.step.inputs.length > 0 ? 'ui.form.recordTitle' : 'ui.form.doneTitle', { title }),
    fields,
    submit: (values) => {
      const request = doneRequest(view.key, values);
      if (!checked || request.note !== undefined) return { save: () => port.done(request), saved: t('ui.saved.done', { title }) };
      // Verified by its check: the message says what it saw, then that the step is done.
      return { save: () => port.done(request), saved: (next) => verifiedText(port, next, view.key, title), busy: t('ui.check.runningForm') };
    },
  };
}

/** What a check that completed a step saw, and that the step is done. */
function verifiedText(port: OnboardingPort, state: UiState, key: string, title: string): string {
  const how = selectorFor(port, state).view(key).verification;
  const saved = port.t('ui.check.savedVerified', { title });
  return how?.by === 'check' && how.reason ? `${CHECK_MARK.passed} ${checkSentence(port.t, how.reason, how.evidence ?? {})}\n${saved}` : saved;
}

/** `e`: the date the outside party gave. */
export function expectForm(port: OnboardingPort, view: StepView): RecordForm {
  const t = port.t;
  const title = titleOn(t, view.title, view.terminal);
  return {
    title: t('ui.form.expectTitle', { title }),
    fields: [{ key: 'by', label: t('ui.form.by'), kind: 'text', required: true, hint: t('ui.form.byHint'), validate: (raw) => dateProblem(t, raw, null) }],
    submit: (values) => {
      const by = values.by!.trim();
      return { save: () => port.expect(view.key, by), saved: t('ui.saved.expect', { title, date: by }) };
    },
  };
}

/** The typed values of the `d` form as a request: inputs left empty are not sent, nor an empty note. */
export function doneRequest(key: string, values: Record<string, string>): DoneRequest {
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (k.startsWith('input:') && v.trim() !== '') inputs[k.slice('input:'.length)] = v;
  const note = values.note?.trim();
  return { key, at: values.at!.trim(), ...(note ? { note } : {}), values: inputs };
}

/** A date typed into a form: `YYYY-MM-DD`, and not after `latest` when given (a record cannot be in the future). */
function dateProblem(t: Translate, raw: string, latest: string | null): string | null {
  const date = raw.trim();
  if (!isValidDate(date)) return t('err.date.format', { value: raw });
  return latest !== null && date > latest ? t('err.date.future', { value: date }) : null;
}

/** The passphrase: a new one is at least 8 characters and typed twice. */
export function passphraseFields(t: Translate, isNew: boolean): Field[] {
  return [
    { key: 'passphrase', label: t('ui.passphrase.label'), kind: 'secret', required: true, validate: (raw) => (isNew && [...raw].length < 8 ? t('err.secret.tooShort') : null) },
    ...(isNew ? [{ key: 'repeat', label: t('ui.passphrase.repeat'), kind: 'secret' as const, required: true }] : []),
  ];
}

/** The passphrase typed into its form, or null when a new one was not typed the same twice. */
export function typedPassphrase(isNew: boolean, values: Record<string, string>): string | null {
  if (isNew && values.repeat !== values.passphrase) return null;
  return values.passphrase!;
}
