import { statSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import { excerpt } from '../i18n/visible.js';
import { lastUndoable } from '../machine/authority.js';
import type { NewEvent, StoredEvent } from '../machine/events.js';
import { normalizeInput } from '../machine/inputs.js';
import type { StepInstance } from '../machine/plan.js';
import type { Input } from '../machine/procedure-schema.js';
import type { Profile } from '../machine/profile.js';
import type { Loaded, OnboardingService } from './onboarding.js';
import { parseDate, resolveInstance } from './resolve.js';

/**
 * The records an operator makes — a step done, a date given, an undo, the facility registered — as the
 * command line and the interactive screen both make them: the authority judges each before anything is asked
 * and again, under the lock, when it is saved.
 */

/** The event a `done` records, before the store gives it an id. Secret values are encrypted by the store. */
function doneEvent(svc: OnboardingService, instance: StepInstance, details: { at: string; note?: string | undefined; plain?: Record<string, string> }, type: 'step-done' | 'check-passed' = 'step-done'): NewEvent {
  return {
    type,
    step: instance.step.id,
    terminal: instance.terminal,
    inputs: { ...(details.plain ?? {}) },
    ...(details.note ? { note: details.note } : {}),
    ...svc.stamp(details.at),
  };
}

/** Stands in for a secret's ciphertext while the authority judges a `done` before the passphrase is asked. */
const SECRET_PLACEHOLDER = { iv: '-', tag: '-', data: '' };

export interface DoneDetails {
  at: string;
  note: string | undefined;
  plain: Record<string, string>;
  secret: Record<string, string>;
}

/**
 * Everything about a `done` that can be judged before inputs are gathered: the step is doable now, the date
 * is possible. A check step without a note is verified by its check (`verify` is true): its result is the
 * record; with a note it is confirmed by hand.
 */
export function prepareDone(svc: OnboardingService, loaded: Loaded, request: { stepId: string; terminal?: string | undefined; at?: string | undefined; note?: string | undefined }) {
  const instance = resolveInstance(svc, loaded.onboarding, request.stepId, request.terminal);
  const at = request.at === undefined ? svc.today() : parseDate(request.at);
  const note = request.note?.trim() || undefined;
  // `--note` given but blank is a by-hand record without its note (refused), not a request to check.
  const verify = request.note === undefined && instance.step.kind.includes('check');
  svc.authorize(loaded, doneEvent(svc, instance, { at, note }, verify ? 'check-passed' : 'step-done'), { inputs: true });
  return { instance, at, note, verify };
}

/** The whole `done` judged with its inputs (secrets by their keys only), before confirmations are asked. */
export function checkDone(svc: OnboardingService, loaded: Loaded, instance: StepInstance, details: DoneDetails): void {
  const event = doneEvent(svc, instance, details);
  for (const key of Object.keys(details.secret)) event.inputs[key] = SECRET_PLACEHOLDER;
  svc.authorize(loaded, event);
}

/** Records a `done` whose inputs were checked; the append judges it again under the lock. */
export async function recordDone(svc: OnboardingService, instance: StepInstance, details: DoneDetails) {
  if (Object.keys(details.secret).length > 0) await svc.prepareSecrets();
  return svc.append(() => doneEvent(svc, instance, details), details.secret);
}

/** Checks one typed value (its format, and that a file or folder exists); returns it normalized. */
export function checkValue(svc: OnboardingService, input: Input, raw: string): string {
  const params = { label: input.label[svc.lang], key: input.key, hint: input.hint[svc.lang] };
  const value = normalizeInput(input, raw);
  if (value === null) throw new SeikyuError(ExitCode.input, raw.trim() === '' ? 'err.input.missing' : 'err.input.invalid', params);
  if (input.format.type === 'date' && !input.format.future && value > svc.today()) throw new SeikyuError(ExitCode.input, 'err.input.futureDate', { ...params, value });
  if (input.format.type === 'file' || input.format.type === 'folder') {
    const full = path.resolve(value);
    let found: 'file' | 'folder' | null;
    try {
      const info = statSync(full);
      found = info.isFile() ? 'file' : info.isDirectory() ? 'folder' : null;
    } catch {
      found = null;
    }
    // A path of thousands of characters is named shortened, as every other value typed is.
    const shown = excerpt(value, 200);
    if (found === null) throw new SeikyuError(ExitCode.input, input.format.type === 'file' ? 'err.input.noFile' : 'err.input.noFolder', { ...params, path: shown });
    // A folder where a file is asked (or the reverse) is said as such, not as "not found".
    if (found !== input.format.type) throw new SeikyuError(ExitCode.input, found === 'folder' ? 'err.input.isFolder' : 'err.input.isFile', { ...params, path: shown });
    return full;
  }
  return value;
}

function expectEvent(svc: OnboardingService, instance: StepInstance, by: string, note: string | undefined): NewEvent {
  return { type: 'expected', step: instance.step.id, terminal: instance.terminal, inputs: {}, by, ...(note ? { note } : {}), ...svc.stamp() };
}

/** Records the date an outside party gave for a wait. */
export async function recordExpect(svc: OnboardingService, loaded: Loaded, stepId: string, terminal: string | undefined, byText: string, noteText?: string) {
  const instance = resolveInstance(svc, loaded.onboarding, stepId, terminal);
  const by = parseDate(byText.trim());
  const note = noteText?.trim() || undefined;
  svc.authorize(loaded, expectEvent(svc, instance, by, note));
  const { event, after } = await svc.append(() => expectEvent(svc, instance, by, note));
  return { instance, event, after, by };
}

function undoEvent(svc: OnboardingService, target: StoredEvent): NewEvent {
  return { type: 'undone', step: target.step, terminal: target.terminal, inputs: {}, target: target.id, ...svc.stamp() };
}

/**
 * The event to undo (the last one that counts when `requested` is null), judged by the authority: it exists,
 * counts now, and nothing done later stands on it.
 */
export function pickTarget(svc: OnboardingService, loaded: Pick<Loaded, 'onboarding'> & { doc: Pick<Loaded['doc'], 'events'> }, requested: number | null): StoredEvent {
  const events = loaded.doc.events;
  const target = requested === null ? lastUndoable(events) : events.find((e) => e.id === requested);
  const state = loaded as Loaded;
  if (!target) {
    if (requested === null) throw new SeikyuError(ExitCode.refused, 'err.undo.nothing');
    throw svc.refusal(state, { code: 'undo-unknown', id: requested });
  }
  svc.authorize(state, undoEvent(svc, target));
  return target;
}

/** Appends the undo of an event (the last one when `requested` is null). */
export async function recordUndo(svc: OnboardingService, loaded: Loaded, requested: number | null) {
  const target = pickTarget(svc, loaded, requested);
  const { event, after } = await svc.append(() => undoEvent(svc, target));
  return { target, event, after };
}

/**
 * Registers the facility. The profile is judged before the store is touched, so a refused registration leaves
 * no data folder behind; the append judges it again under the lock (a second registration in the same folder).
 */
export function recordProfile(svc: OnboardingService, profile: Profile) {
  const event: NewEvent = { type: 'profile-created', step: 'facility-profile', terminal: null, inputs: {}, profile, ...svc.stamp() };
  svc.authorize(null, event);
  return svc.append(() => event);
}
