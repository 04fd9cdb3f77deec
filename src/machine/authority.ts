import { isUsableDate } from './dates.js';
import { isEncrypted, type NewEvent, type StoredEvent } from './events.js';
import { applicableInputs, normalizeInput } from './inputs.js';
import { instanceKey, type ResolvedNeed } from './plan.js';
import type { Procedure, Step } from './procedure-schema.js';
import { checkProfile, type Profile, type ProfileProblem } from './profile.js';
import { effectiveEvents, PROFILE_STEP, replay, toMachineEvent, undoneIds, type Onboarding } from './replay.js';
import { regionState, isDone } from './build-machine.js';
import { unmetNeeds } from './selectors.js';
import { CLAIMS_TEST_HOURS, claimsTestOpen } from './calendar.js';

/**
 * The one authority over the procedure: may this event be appended now, and if not, why. Every producer of
 * events asks it — the command line before it gathers inputs, the interactive screen to enable its keys,
 * the store's append under the lock for every event whatever its source — so the rule is written once. The
 * statechart's snapshot decides whether a step event is taken (`snapshot.can`); the reasons are read from the
 * same snapshot. A refusal is typed data, as lazygit's `DisabledReason`; `src/i18n/refusal.ts` words it.
 */

/** Why an event cannot be applied. `key` is the step instance the event is about. */
export type Refusal =
  | { code: 'no-profile' }
  | { code: 'already-initialized'; name: string }
  | { code: 'profile-missing' }
  | { code: 'invalid-profile'; problem: ProfileProblem }
  | { code: 'no-change' }
  | { code: 'control-characters'; field: string }
  | { code: 'unknown-step'; step: string }
  | { code: 'facility-step'; step: string }
  | { code: 'terminal-required'; step: string }
  | { code: 'unknown-terminal'; step: string; terminal: string }
  | { code: 'not-for-terminal'; step: string; terminal: string }
  | { code: 'profile-step' }
  | { code: 'milestone'; key: string }
  | { code: 'skipped'; key: string }
  | { code: 'already-done'; key: string; eventId: number; occurredAt: string }
  | { code: 'blocked'; key: string; unmet: ResolvedNeed[] }
  | { code: 'not-check'; key: string }
  | { code: 'needs-note'; key: string }
  | { code: 'bad-date'; field: string; value: string }
  | { code: 'date-future'; key: string; date: string }
  | { code: 'date-before-needs'; key: string; date: string; need: string; needDate: string }
  | { code: 'input-none'; key: string; input: string }
  | { code: 'input-unknown'; key: string; input: string }
  | { code: 'input-not-applicable'; key: string; input: string }
  | { code: 'input-missing'; key: string; input: string }
  | { code: 'input-invalid'; key: string; input: string }
  | { code: 'secret-in-plain'; key: string; input: string }
  | { code: 'input-future-date'; key: string; input: string; date: string }
  | { code: 'input-date-before-needs'; key: string; input: string; date: string; need: string; needDate: string }
  | { code: 'not-wait'; key: string }
  | { code: 'expect-done'; key: string }
  | { code: 'expect-past'; key: string; date: string }
  | { code: 'undo-unknown'; id: number }
  | { code: 'undo-undo'; id: number }
  | { code: 'undo-profile-created'; id: number }
  | { code: 'undo-later-profile'; id: number; later: number }
  | { code: 'undo-already'; id: number; by: number }
  | { code: 'undo-dependents'; id: number; keys: string[] }
  | { code: 'undo-reveal'; id: number }
  | { code: 'reveal-not-secret'; key: string; input: string }
  | { code: 'reveal-no-record'; key: string; input: string }
  | { code: 'reveal-not-recorded'; key: string; input: string }
  | { code: 'outside-window'; key: string; opensAt: { date: string; time: string } }
  | { code: 'machine-refused'; key: string };

export type RefusalCode = Refusal['code'];

export type Decision = { ok: true } | { ok: false; refusal: Refusal };

/** What the authority judges against. */
export interface Ground {
  procedure: Procedure;
  /** The state before the event; null before `init`. */
  onboarding: Onboarding | null;
  /** The log before the event. */
  events: readonly StoredEvent[];
  /** Today in the facility's calendar (the injected clock). */
  today: string;
  /** The time now, Japan local (`HH:MM`), for steps allowed only at some hours; absent: judged by the day alone. */
  now?: { date: string; time: string };
  /**
   * What the producer has yet to gather: a command line asks before its questions whether the step can be
   * done at all (`inputs`), the screen before it opens a form (`inputs` and `note`). Everything else is judged.
   */
  pending?: { inputs?: boolean; note?: boolean };
}

const OK: Decision = { ok: true };
const refuse = (refusal: Refusal): Decision => ({ ok: false, refusal });

/**
 * Characters that must not reach a terminal from saved data: C0 and C1 controls (escape sequences retitle or
 * clear the operator's terminal), DEL, and the Unicode line/paragraph separators and bidirectional overrides
 * that rearrange what is shown.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Does a text contain a character that new input may not carry? */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** The first text field of an event that holds a control character, named as the operator knows it. */
function controlField(event: NewEvent): string | null {
  const fields: [string, string | undefined][] = [
    ['operator', event.operator],
    ['note', event.note],
    ['detail', event.detail],
    ['change', event.change],
    ['key', event.key],
  ];
  for (const [k, v] of Object.entries(event.inputs)) {
    fields.push([k, k]);
    if (typeof v === 'string') fields.push([k, v]);
  }
  if (event.profile) {
    fields.push(['name', event.profile.name], ['carrier', event.profile.carrier], ['proxy', event.profile.proxy]);
    for (const entry of event.profile.proxyBypass ?? []) fields.push(['proxyBypass', entry]);
    for (const terminal of event.profile.terminals) fields.push(['terminal', terminal.name]);
  }
  if (event.terminal !== null) fields.push(['terminal', event.terminal]);
  return fields.find(([, value]) => value !== undefined && hasControlCharacters(value))?.[0] ?? null;
}

/** Steps the operator records: not the profile (`init`, `profile`), not milestones (they complete themselves). */
export function recordedByHand(step: Step): boolean {
  return step.id !== PROFILE_STEP && !step.kind.includes('milestone');
}

/** A check step confirmed by hand needs a note saying how it was checked. */
export function noteRequiredFor(step: Step): boolean {
  return step.kind.includes('check');
}

/** May `event` be appended to the log now? The only answer to that question in the program. */
export function decide(ground: Ground, event: NewEvent): Decision {
  const field = controlField(event);
  if (field) return refuse({ code: 'control-characters', field });
  if (!isUsableDate(event.occurredAt)) return refuse({ code: 'bad-date', field: 'occurredAt', value: event.occurredAt });
  switch (event.type) {
    case 'profile-created':
      if (ground.onboarding) return refuse({ code: 'already-initialized', name: ground.onboarding.profile.name });
      return decideProfile(event.profile, null);
    case 'profile-changed':
      if (!ground.onboarding) return refuse({ code: 'no-profile' });
      return decideProfile(event.profile, ground.onboarding.profile);
    case 'undone':
      if (!ground.onboarding) return refuse({ code: 'no-profile' });
      return decideUndo(ground, event.target);
    case 'step-done':
    case 'check-passed':
    case 'check-failed':
    case 'expected':
      return decideStepEvent(ground, event);
    case 'secret-revealed':
      return decideReveal(ground, event);
  }
}

/**
 * Reading a secret back: the step instance exists and its current record holds that secret input. The record
 * is what counts, not the step's state (a record the profile made skipped still holds what was typed).
 */
function decideReveal(ground: Ground, event: NewEvent): Decision {
  const onboarding = ground.onboarding;
  if (!onboarding) return refuse({ code: 'no-profile' });
  const located = locate(ground, onboarding, event);
  if ('ok' in located) return located;
  const { key } = located;
  const step = onboarding.plan.byKey.get(key)!.step;
  const name = event.key ?? '';
  if (step.inputs.length === 0) return refuse({ code: 'input-none', key, input: name });
  const input = step.inputs.find((i) => i.key === name);
  if (!input) return refuse({ code: 'input-unknown', key, input: name });
  if (!input.secret) return refuse({ code: 'reveal-not-secret', key, input: name });
  const record = onboarding.snapshot.context.records[key];
  if (!record) return refuse({ code: 'reveal-no-record', key, input: name });
  if (!record.secretKeys.includes(name)) return refuse({ code: 'reveal-not-recorded', key, input: name });
  return OK;
}

function decideProfile(profile: Profile | undefined, before: Profile | null): Decision {
  if (!profile) return refuse({ code: 'profile-missing' });
  const problem = checkProfile(profile)[0];
  if (problem) return refuse({ code: 'invalid-profile', problem });
  if (before && JSON.stringify(before) === JSON.stringify(profile)) return refuse({ code: 'no-change' });
  return OK;
}

/** The step instance an event names, or why it names none. */
function locate(ground: Ground, onboarding: Onboarding, event: NewEvent): { key: string } | Decision {
  const step = ground.procedure.steps.find((s) => s.id === event.step);
  if (!step || event.step === null) return refuse({ code: 'unknown-step', step: event.step ?? '' });
  if (step.scope === 'facility' && event.terminal !== null) return refuse({ code: 'facility-step', step: step.id });
  if (step.scope !== 'facility' && event.terminal === null) return refuse({ code: 'terminal-required', step: step.id });
  const key = instanceKey(step.id, step.scope === 'facility' ? null : event.terminal);
  if (onboarding.plan.byKey.has(key)) return { key };
  const terminal = event.terminal!;
  if (!onboarding.profile.terminals.some((t) => t.name === terminal)) return refuse({ code: 'unknown-terminal', step: step.id, terminal });
  return refuse({ code: 'not-for-terminal', step: step.id, terminal });
}

/** The latest day a need of the instance was done. Entering the profile in this program is not such a day. */
export function latestNeed(onboarding: Onboarding, key: string): { key: string; date: string } | null {
  const records = onboarding.snapshot.context.records;
  const instance = onboarding.plan.byKey.get(key);
  if (!instance) return null;
  const needs = instance.needs
    .flatMap((n) => (n.kind === 'all' ? [n.key] : n.keys))
    .filter((k) => k !== PROFILE_STEP && records[k] !== undefined)
    .sort((a, b) => records[a]!.occurredAt.localeCompare(records[b]!.occurredAt));
  const last = needs.at(-1);
  return last ? { key: last, date: records[last]!.occurredAt } : null;
}

/** Why the chart does not take a step event for this instance, read from its region. */
function explainRegion(onboarding: Onboarding, key: string): Refusal {
  const state = regionState(onboarding.snapshot, key);
  if (state === 'skipped') return { code: 'skipped', key };
  if (state === 'done') {
    const record = onboarding.snapshot.context.records[key];
    return { code: 'already-done', key, eventId: record?.eventId ?? 0, occurredAt: record?.occurredAt ?? '' };
  }
  if (state === 'blocked') return { code: 'blocked', key, unmet: unmetNeeds(onboarding.plan, onboarding.snapshot, key) };
  return { code: 'machine-refused', key };
}

/** Does the chart take this event in its current snapshot? The id is a placeholder: guards do not read it. */
function chartTakes(onboarding: Onboarding, event: NewEvent): boolean {
  const machineEvent = toMachineEvent({ ...event, id: Number.MAX_SAFE_INTEGER });
  return machineEvent !== null && onboarding.snapshot.can(machineEvent);
}

function decideStepEvent(ground: Ground, event: NewEvent): Decision {
  const onboarding = ground.onboarding;
  if (!onboarding) return refuse({ code: 'no-profile' });
  const located = locate(ground, onboarding, event);
  if ('ok' in located) return located;
  const { key } = located;
  const instance = onboarding.plan.byKey.get(key)!;
  const step = instance.step;
  if (event.type === 'expected') {
    if (!step.wait) return refuse({ code: 'not-wait', key });
    const state = regionState(onboarding.snapshot, key);
    if (state === 'done') return refuse({ code: 'expect-done', key });
    if (state === 'skipped') return refuse({ code: 'skipped', key });
    if (event.by === undefined || !isUsableDate(event.by)) return refuse({ code: 'bad-date', field: 'by', value: event.by ?? '' });
    if (event.by < ground.today) return refuse({ code: 'expect-past', key, date: event.by });
    return chartTakes(onboarding, event) ? OK : refuse(explainRegion(onboarding, key));
  }
  if (!recordedByHand(step)) {
    if (step.id === PROFILE_STEP) return refuse({ code: 'profile-step' });
    if (regionState(onboarding.snapshot, key) !== 'skipped') return refuse({ code: 'milestone', key });
  }
  if ((event.type === 'check-failed' || event.type === 'check-passed') && !step.kind.includes('check')) return refuse({ code: 'not-check', key });
  if (!chartTakes(onboarding, event)) return refuse(explainRegion(onboarding, key));
  // Every date is judged, given or defaulted: with the clock set back, "today" can be before a need's day.
  if (event.occurredAt > ground.today) return refuse({ code: 'date-future', key, date: event.occurredAt });
  const latest = latestNeed(onboarding, key);
  if (latest && event.occurredAt < latest.date) {
    return refuse({ code: 'date-before-needs', key, date: event.occurredAt, need: latest.key, needDate: latest.date });
  }
  if (event.type === 'check-failed') return OK;
  const window = decideWindow(ground, key, step, event.occurredAt);
  if (window) return window;
  // A check step is done either by its check (`check-passed`, verified) or by hand with a note saying how.
  if (event.type === 'step-done' && noteRequiredFor(step) && !event.note?.trim() && !ground.pending?.note) return refuse({ code: 'needs-note', key });
  return decideInputs(ground, onboarding, key, event);
}

/**
 * The 確認試験 (claims-test) is accepted from the 5th to the end of the month, 8:00–21:00 Japan time. Done
 * today, it is judged at the time now; back-dated, by its day alone (the hour it was done is not recorded).
 */
function decideWindow(ground: Ground, key: string, step: Step, occurredAt: string): Decision | null {
  if (step.id !== 'claims-test') return null;
  const time = ground.now && ground.now.date === occurredAt ? ground.now.time : CLAIMS_TEST_HOURS.opens;
  const open = claimsTestOpen(occurredAt, time);
  return open.open ? null : refuse({ code: 'outside-window', key, opensAt: open.opensAt });
}

function decideInputs(ground: Ground, onboarding: Onboarding, key: string, event: NewEvent): Decision {
  const step = onboarding.plan.byKey.get(key)!.step;
  const applicable = applicableInputs(step, onboarding.profile);
  for (const name of Object.keys(event.inputs)) {
    if (step.inputs.length === 0) return refuse({ code: 'input-none', key, input: name });
    const input = step.inputs.find((i) => i.key === name);
    if (!input) return refuse({ code: 'input-unknown', key, input: name });
    if (!applicable.includes(input)) return refuse({ code: 'input-not-applicable', key, input: name });
  }
  const latest = latestNeed(onboarding, key);
  for (const input of applicable) {
    const value = event.inputs[input.key];
    if (value === undefined) {
      if (input.required && !ground.pending?.inputs) return refuse({ code: 'input-missing', key, input: input.key });
      continue;
    }
    if (input.secret) {
      if (!isEncrypted(value)) return refuse({ code: 'secret-in-plain', key, input: input.key });
      continue;
    }
    if (isEncrypted(value) || normalizeInput(input, value) !== value) return refuse({ code: 'input-invalid', key, input: input.key });
    if (input.format.type !== 'date' || input.format.future) continue;
    if (value > ground.today) return refuse({ code: 'input-future-date', key, input: input.key, date: value });
    if (latest && value < latest.date) {
      return refuse({ code: 'input-date-before-needs', key, input: input.key, date: value, need: latest.key, needDate: latest.date });
    }
  }
  return OK;
}

/**
 * The event an undo without a number takes back: the last one that counts, the profile's creation aside, and
 * never a reveal (reading a secret back happened; it is not a record to take back).
 */
export function lastUndoable(events: readonly StoredEvent[], key?: string): StoredEvent | undefined {
  return effectiveEvents(events)
    .filter((e) => e.type !== 'profile-created' && e.type !== 'secret-revealed')
    .filter((e) => key === undefined || (e.step !== null && instanceKey(e.step, e.terminal) === key))
    .at(-1);
}

function decideUndo(ground: Ground, targetId: number | undefined): Decision {
  const { events } = ground;
  const onboarding = ground.onboarding!;
  const target = targetId === undefined ? undefined : events.find((e) => e.id === targetId);
  if (!target) return refuse({ code: 'undo-unknown', id: targetId ?? 0 });
  if (target.type === 'undone') return refuse({ code: 'undo-undo', id: target.id });
  if (target.type === 'profile-created') return refuse({ code: 'undo-profile-created', id: target.id });
  if (target.type === 'secret-revealed') return refuse({ code: 'undo-reveal', id: target.id });
  if (undoneIds(events).has(target.id)) {
    const by = events.find((e) => e.type === 'undone' && e.target === target.id)!.id;
    return refuse({ code: 'undo-already', id: target.id, by });
  }
  if (target.type === 'profile-changed') {
    // Profile events carry the whole profile: undoing one under a later change would undo nothing.
    const later = effectiveEvents(events).find((e) => e.type === 'profile-changed' && e.id > target.id);
    if (later) return refuse({ code: 'undo-later-profile', id: target.id, later: later.id });
  }
  // Replaying without the target must keep every other step that is done now (milestones follow by themselves).
  const without = replay(ground.procedure, [...events, { ...target, id: Number.MAX_SAFE_INTEGER, type: 'undone', target: target.id, step: null, terminal: null, inputs: {} }]);
  if (!without) return OK;
  const lost = onboarding.plan.instances.filter((i) => {
    if (i.step.kind.includes('milestone') || !isDone(onboarding.snapshot, i.key)) return false;
    if (onboarding.snapshot.context.records[i.key]?.eventId === target.id) return false;
    const after = without.plan.byKey.get(i.key);
    // A step that no longer applies (skipped, or its terminal gone) keeps its record in the log; only a step
    // that still applies but would lose a need counts as lost.
    if (!after || !after.applies) return false;
    return !isDone(without.snapshot, i.key);
  });
  if (lost.length > 0) return refuse({ code: 'undo-dependents', id: target.id, keys: lost.map((i) => i.key) });
  return OK;
}
