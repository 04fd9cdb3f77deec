import { and, assign, not, or, setup, stateIn, type SnapshotFrom } from 'xstate';
import { effectiveNeeds, type Plan, type ResolvedNeed, type StepInstance } from './plan.js';
import { maxDate } from './dates.js';

/**
 * The onboarding statechart: one parallel region per step instance, `blocked` → `ready` (⇄ `failed`) →
 * `done`, or `skipped`. A step's needs become the guard of `blocked` → `ready`, derived from the plan (skipped
 * needs are already left out by the plan). Milestones complete themselves through an eventless transition.
 * Waits of days are not timers: the dates live in context and the selectors judge them against an injected
 * `today`. Whether an event may be applied is answered from this chart's snapshot (`authority.ts`).
 */

/** Bump when the shape of the machine or its context changes: cached snapshots are then replayed. */
export const MACHINE_VERSION = 4;

/** What is kept of a completed step. Secret inputs are never here: only their keys. */
export interface StepRecord {
  eventId: number;
  occurredAt: string;
  recordedAt: string;
  operator: string;
  note?: string;
  inputs: Record<string, string>;
  secretKeys: string[];
  /** Set when the program's check verified the step (`check-passed`); absent when it was confirmed by hand. */
  verified?: Verification;
}

/** What a passed check saw and recorded. */
export interface Verification {
  reason: string;
  evidence: Record<string, string>;
  facts: Record<string, string>;
}

/** The last failed check of a step not yet done: what it saw. */
export interface CheckFailure {
  occurredAt: string;
  eventId: number;
  /** The catalog key of the check's sentence; empty for a failure recorded before checks gave one. */
  reason: string;
  evidence: Record<string, string>;
  detail: string;
}

export interface OnboardingContext {
  records: Record<string, StepRecord>;
  /** A date the outside party gave for a wait (`seikyu expect`). */
  expectations: Record<string, { by: string; eventId: number }>;
  /** The last failed check of a step not yet done. */
  failures: Record<string, CheckFailure>;
}

/** A step was done, or what a wait/input step awaited arrived. `key` is the instance key. */
export interface StepDoneEvent extends StepRecord {
  type: 'step.done';
  key: string;
}
export interface CheckFailedEvent extends CheckFailure {
  type: 'check.failed';
  key: string;
}
export interface ExpectEvent {
  type: 'step.expect';
  key: string;
  eventId: number;
  by: string;
}
/**
 * A done step must be done again: the profile changed the values it set (the NTT area's DNS pair, the proxy).
 * Made by replay at the profile change, never recorded by an operator.
 */
export interface ReopenEvent {
  type: 'step.reopen';
  key: string;
}
export type OnboardingEvent = StepDoneEvent | CheckFailedEvent | ExpectEvent | ReopenEvent;

function needGuard(need: ResolvedNeed) {
  if (need.kind === 'all') return stateIn({ [need.key]: 'done' });
  const [first, second, ...rest] = need.keys.map((key) => stateIn({ [key]: 'done' }));
  return or([first!, second!, ...rest]);
}

function machineSetup() {
  return setup({
    types: {
      context: {} as OnboardingContext,
      events: {} as OnboardingEvent,
    },
    guards: {
      isFor: ({ event }, params: { key: string }) => event.key === params.key,
    },
    actions: {
      record: assign(({ context, event }) => {
        if (event.type !== 'step.done') return {};
        const { type: _type, key, ...record } = event;
        const { [key]: _failure, ...failures } = context.failures;
        return { records: { ...context.records, [key]: record }, failures };
      }),
      recordFailure: assign(({ context, event }) => {
        if (event.type !== 'check.failed') return {};
        const { type: _type, key, ...failure } = event;
        return { failures: { ...context.failures, [key]: failure } };
      }),
      forget: assign(({ context, event }) => {
        if (event.type !== 'step.reopen') return {};
        const { [event.key]: _record, ...records } = context.records;
        return { records };
      }),
      recordExpectation: assign(({ context, event }) => {
        if (event.type !== 'step.expect') return {};
        return { expectations: { ...context.expectations, [event.key]: { by: event.by, eventId: event.eventId } } };
      }),
      completeMilestone: assign(({ context }, params: { key: string; needs: string[] }) => {
        const occurredAt = maxDate(params.needs.map((k) => context.records[k]?.occurredAt).filter((d): d is string => !!d)) ?? '';
        const eventId = Math.max(0, ...params.needs.map((k) => context.records[k]?.eventId ?? 0));
        const recordedAt = params.needs.map((k) => context.records[k]?.recordedAt ?? '').sort().at(-1) ?? '';
        return {
          records: {
            ...context.records,
            [params.key]: { eventId, occurredAt, recordedAt, operator: '', inputs: {}, secretKeys: [] },
          },
        };
      }),
    },
  });
}

/**
 * The region of one step instance. States are what events change: `blocked` until every need's region is
 * `done` (an eventless transition: needs only ever become done within one machine, since an undo or a
 * profile change replays into a new one), then `ready`; a failed check moves it to `failed`, a done event
 * to `done`. `waiting` and `overdue` are not states: they depend on today's date, which is data the
 * selectors judge, not an event the chart receives.
 */
function region(plan: Plan, instance: StepInstance) {
  const description = instance.step.title.en;
  if (!instance.applies) return { description, initial: 'skipped', states: { skipped: {} } };
  const needs = effectiveNeeds(plan, instance);
  const guards = needs.map(needGuard);
  const needsMet = guards.length === 1 ? guards[0]! : and(guards as [ReturnType<typeof needGuard>, ...ReturnType<typeof needGuard>[]]);
  const isFor = { type: 'isFor', params: { key: instance.key } } as const;
  const expect = { guard: isFor, actions: 'recordExpectation' } as const;
  const neededKeys = needs.flatMap((n) => (n.kind === 'all' ? [n.key] : n.keys));
  if (instance.step.kind.includes('milestone')) {
    const complete = { target: 'done', actions: { type: 'completeMilestone', params: { key: instance.key, needs: neededKeys } } } as const;
    return {
      description,
      initial: 'blocked',
      states: { blocked: { always: guards.length === 0 ? complete : { ...complete, guard: needsMet } }, done: {} },
    };
  }
  if (instance.step.kind.includes('recurring')) {
    // Done again and again (each renewal of the certificate): the region stays open and each record
    // replaces the last one, which holds the next deadline. The log keeps every renewal; whether one is due
    // depends on today's date, so it is the selectors' to judge, as waits are.
    return {
      description,
      initial: guards.length === 0 ? 'ready' : 'blocked',
      states: {
        blocked: { always: { guard: needsMet, target: 'ready' } },
        ready: { on: { 'step.done': { guard: isFor, actions: 'record' } } },
      },
    };
  }
  const open = {
    'step.done': { guard: isFor, target: 'done', actions: 'record' },
    'check.failed': { guard: isFor, target: 'failed', reenter: true, actions: 'recordFailure' },
    'step.expect': expect,
  } as const;
  // A step done is reopened (its values changed with the profile): back to blocked, where its needs decide.
  // A step not yet done whose need was reopened goes back to blocked too; steps already done stay done — what
  // was done on the PC was done.
  const reopen = { 'step.reopen': { guard: isFor, target: 'blocked', actions: 'forget' } } as const;
  return {
    description,
    initial: guards.length === 0 ? 'ready' : 'blocked',
    states: {
      blocked: { always: { guard: needsMet, target: 'ready' }, on: { 'step.expect': expect } },
      ready: guards.length === 0 ? { on: open } : { always: { guard: not(needsMet), target: 'blocked' }, on: open },
      failed: { on: open },
      done: { on: reopen },
    },
  };
}

/** Builds the statechart of a plan. Pure: the same plan gives the same machine. */
export function buildMachine(plan: Plan) {
  const states = Object.fromEntries(plan.instances.map((instance) => [instance.key, region(plan, instance)]));
  // The regions are generated from data, so their config cannot be typed statically; the events,
  // context, guards and actions are.
  return machineSetup().createMachine({
    id: 'onboarding',
    type: 'parallel',
    context: { records: {}, expectations: {}, failures: {} },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    states: states as any,
  });
}

export type OnboardingMachine = ReturnType<typeof buildMachine>;
export type OnboardingSnapshot = SnapshotFrom<OnboardingMachine>;

/** The states of a region. */
export type RegionState = 'blocked' | 'ready' | 'failed' | 'done' | 'skipped';

/** The state of an instance's region, as the chart holds it. */
export function regionState(snapshot: OnboardingSnapshot, key: string): RegionState | undefined {
  return (snapshot.value as Record<string, RegionState | undefined>)[key];
}

/** Is the region of this instance in `done`? */
export function isDone(snapshot: OnboardingSnapshot, key: string): boolean {
  return regionState(snapshot, key) === 'done';
}
