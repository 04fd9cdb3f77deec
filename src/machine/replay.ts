import { createActor } from 'xstate';
import { splitInputs, type StoredEvent } from './events.js';
import { buildPlan, instanceKey, type Plan } from './plan.js';
import { buildMachine, isDone, MACHINE_VERSION, type OnboardingEvent, type OnboardingMachine, type OnboardingSnapshot } from './build-machine.js';
import type { Procedure } from './procedure-schema.js';
import type { Profile } from './profile.js';
import { NET_CONFIG_STEP, proxyChanged } from './network.js';

/**
 * The state of an onboarding is a fold of its event log: profile events build the plan and machine,
 * step events drive the machine. An `undone` event takes its target out of the fold.
 */

export interface Onboarding {
  profile: Profile;
  plan: Plan;
  machine: OnboardingMachine;
  snapshot: OnboardingSnapshot;
  /** Events the machine did not take on replay (the profile changed under them), with why. */
  ignored: { event: StoredEvent; why: 'no-such-step' | 'refused' }[];
}

/** The step that `seikyu init` completes. */
export const PROFILE_STEP = 'facility-profile';

/** The ids of events compensated by an `undone` event. */
export function undoneIds(events: readonly StoredEvent[]): Set<number> {
  return new Set(events.filter((e) => e.type === 'undone' && e.target !== undefined).map((e) => e.target!));
}

/**
 * The last answer of `effectiveEvents` per log: the screen asks the authority about the selected step on every
 * key, and each question walked the whole log again. A log only ever grows by appending, so the answer is
 * reused while its length and last event are the same.
 */
const effective = new WeakMap<readonly StoredEvent[], { length: number; last: StoredEvent | undefined; result: StoredEvent[] }>();

/** The events that count: neither undone nor undo records themselves. The result must not be changed. */
export function effectiveEvents(events: readonly StoredEvent[]): StoredEvent[] {
  const known = effective.get(events);
  if (known && known.length === events.length && known.last === events.at(-1)) return known.result;
  const undone = undoneIds(events);
  const result = events.filter((e) => e.type !== 'undone' && !undone.has(e.id));
  effective.set(events, { length: events.length, last: events.at(-1), result });
  return result;
}

/** The profile after all effective events (null before `init`). */
export function currentProfile(events: readonly StoredEvent[]): Profile | null {
  let profile: Profile | null = null;
  for (const event of effectiveEvents(events)) if (event.profile) profile = event.profile;
  return profile;
}

/** The machine event for a stored step event, or null for profile events. Secret values stay behind. */
export function toMachineEvent(event: StoredEvent): OnboardingEvent | null {
  if (event.type === 'profile-created') {
    // Registering the profile is the first step of the procedure.
    const { id: eventId, occurredAt, recordedAt, operator } = event;
    return { type: 'step.done', key: PROFILE_STEP, eventId, occurredAt, recordedAt, operator, inputs: {}, secretKeys: [] };
  }
  if (event.step === null || event.type === 'profile-changed') return null;
  const key = instanceKey(event.step, event.terminal);
  switch (event.type) {
    case 'step-done':
    case 'check-passed': {
      const { plain: inputs, secretKeys } = splitInputs(event.inputs);
      return {
        type: 'step.done',
        key,
        eventId: event.id,
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
        operator: event.operator,
        ...(event.note !== undefined ? { note: event.note } : {}),
        inputs,
        secretKeys,
        ...(event.type === 'check-passed' ? { verified: { reason: event.reason ?? '', evidence: event.evidence ?? {}, facts: event.facts ?? {} } } : {}),
      };
    }
    case 'check-failed':
      return { type: 'check.failed', key, eventId: event.id, occurredAt: event.occurredAt, reason: event.reason ?? '', evidence: event.evidence ?? {}, detail: event.detail ?? '' };
    case 'expected':
      return { type: 'step.expect', key, eventId: event.id, by: event.by! };
    default:
      return null;
  }
}

/** A stable key of what the machine was built from: a cached snapshot is valid only for the same key. */
export function machineKey(procedure: Procedure, profile: Profile): string {
  const text = JSON.stringify([MACHINE_VERSION, procedure.version, profile]);
  // FNV-1a, 32 bits: enough to tell two profiles apart, and pure.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${MACHINE_VERSION}:${procedure.version}:${hash.toString(16)}`;
}

/**
 * The terminals whose `net-config` a profile change reopens: its values changed. The DNS pair follows the area
 * (every terminal); the proxy concerns the terminals with the `oqs` role.
 */
export function netConfigReopened(before: Profile, after: Profile): Set<string> {
  if (before.area !== after.area) return new Set(after.terminals.map((t) => t.name));
  if (proxyChanged(before, after)) return new Set(after.terminals.filter((t) => t.roles.includes('oqs')).map((t) => t.name));
  return new Set();
}

/** Builds the state by replaying every event. Returns null before a profile exists. */
export function replay(procedure: Procedure, events: readonly StoredEvent[]): Onboarding | null {
  let profile: Profile | null = null;
  let stepEvents: StoredEvent[] = [];
  /** Profile changes that reopen net-config on some terminals, by the index in stepEvents they come before. */
  const reopenAt = new Map<number, { terminals: Set<string> }[]>();
  for (const event of effectiveEvents(events)) {
    if (event.profile) {
      if (event.type === 'profile-created') stepEvents.push(event);
      // A terminal that was removed takes its history out of the state (the log keeps it).
      const kept = new Set(event.profile.terminals.map((t) => t.name));
      stepEvents = stepEvents.filter((e) => e.terminal === null || kept.has(e.terminal));
      // The values net-config set are no longer the ones to set: it is reopened at this point of the fold, so
      // it must be done again; what was done after it on the PC stays done.
      const again = profile ? netConfigReopened(profile, event.profile) : new Set<string>();
      if (again.size > 0) reopenAt.set(stepEvents.length, [...(reopenAt.get(stepEvents.length) ?? []), { terminals: again }]);
      profile = event.profile;
    } else {
      stepEvents.push(event);
    }
  }
  if (!profile) return null;
  const plan = buildPlan(procedure, profile);
  const machine = buildMachine(plan);
  // One actor for the whole fold: xstate's pure `transition()` builds a throw-away actor, and with it the
  // initial state, on every call (~15 ms with 75 regions), which made replay quadratic in practice.
  // The machine has no side effects, so running it is as pure as folding with `transition`.
  const actor = createActor(machine).start();
  const ignored: Onboarding['ignored'] = [];
  const byId = new Map(stepEvents.map((e) => [e.id, e]));
  const reopen = (terminals: Set<string>) => {
    for (const terminal of terminals) {
      const key = instanceKey(NET_CONFIG_STEP, terminal);
      const record = actor.getSnapshot().context.records[key];
      if (!plan.byKey.has(key) || !isDone(actor.getSnapshot(), key)) continue;
      actor.send({ type: 'step.reopen', key });
      // The record no longer counts: the history marks it as it marks records the profile made obsolete.
      const event = record ? byId.get(record.eventId) : undefined;
      if (event) ignored.push({ event, why: 'refused' });
    }
  };
  for (const [index, event] of stepEvents.entries()) {
    for (const change of reopenAt.get(index) ?? []) reopen(change.terminals);
    const machineEvent = toMachineEvent(event);
    if (!machineEvent) continue;
    if (!plan.byKey.has(machineEvent.key)) {
      ignored.push({ event, why: 'no-such-step' });
      continue;
    }
    actor.send(machineEvent);
    if (!accepted(actor.getSnapshot(), machineEvent)) ignored.push({ event, why: 'refused' });
  }
  for (const change of reopenAt.get(stepEvents.length) ?? []) reopen(change.terminals);
  const snapshot = actor.getSnapshot();
  actor.stop();
  ignored.sort((a, b) => a.event.id - b.event.id);
  return { profile, plan, machine, snapshot, ignored };
}

/** Did the machine take the event? A guard that failed leaves the step's record untouched. */
export function accepted(next: OnboardingSnapshot, event: OnboardingEvent): boolean {
  switch (event.type) {
    case 'step.done':
      // The record is written only by a transition the guards allowed (to done, or within a recurring step).
      return next.context.records[event.key]?.eventId === event.eventId;
    case 'check.failed':
      return next.context.failures[event.key]?.eventId === event.eventId;
    case 'step.expect':
      return next.context.expectations[event.key]?.eventId === event.eventId;
    case 'step.reopen':
      return true;
  }
}

/** What a cache holds besides the snapshot: the events replay did not take, and why. */
export interface CachedIgnored {
  id: number;
  why: Onboarding['ignored'][number]['why'];
}

/** The part of the document's cache that restore reads. */
export interface SnapshotCacheView {
  key: string;
  lastEventId: number;
  snapshot: unknown;
  ignored?: CachedIgnored[];
}

/**
 * Restores the state from a cached snapshot when it was made by the same machine and procedure for the
 * same profile and covers the same events; otherwise replays. The cache carries the events replay ignored,
 * so whatever replay computes comes out the same from it. The caller has checked the cache's digest; a cache
 * without its list of ignored events (from an older program) is not used.
 */
export function restore(
  procedure: Procedure,
  events: readonly StoredEvent[],
  cache: SnapshotCacheView | null,
): { onboarding: Onboarding | null; fromCache: boolean } {
  const profile = currentProfile(events);
  const lastEventId = events.at(-1)?.id ?? 0;
  if (profile && cache?.ignored && cache.key === machineKey(procedure, profile) && cache.lastEventId === lastEventId) {
    try {
      const plan = buildPlan(procedure, profile);
      const machine = buildMachine(plan);
      const snapshot = createActor(machine, { snapshot: cache.snapshot as OnboardingSnapshot }).getSnapshot();
      const byId = new Map(events.map((e) => [e.id, e]));
      const ignored = cache.ignored.map(({ id, why }) => ({ event: byId.get(id)!, why }));
      if (snapshot.status === 'active' && ignored.every((i) => i.event !== undefined) && regionsFit(plan, snapshot)) {
        return { onboarding: { profile, plan, machine, snapshot, ignored }, fromCache: true };
      }
    } catch {
      // A cache that does not fit is only a cache: replay below.
    }
  }
  return { onboarding: replay(procedure, events), fromCache: false };
}

/** Every region of the plan is in a state its chart has: a cache from another shape of the chart is not used. */
function regionsFit(plan: Plan, snapshot: OnboardingSnapshot): boolean {
  const value = snapshot.value as Record<string, unknown>;
  const known = new Set(['blocked', 'ready', 'failed', 'done', 'skipped']);
  return plan.instances.every((i) => typeof value[i.key] === 'string' && known.has(value[i.key] as string));
}

/**
 * The state after one more event. A step event is sent to an actor restored from the state before it: an
 * append costs one transition, not a replay of the whole log. A profile change or an undo changes what the
 * fold is built from, so it replays.
 */
export function applyEvent(procedure: Procedure, before: Onboarding | null, events: readonly StoredEvent[], event: StoredEvent): Onboarding | null {
  const machineEvent = event.type === 'step-done' || event.type === 'check-passed' || event.type === 'check-failed' || event.type === 'expected' ? toMachineEvent(event) : null;
  if (!before || !machineEvent || !before.plan.byKey.has(machineEvent.key)) return replay(procedure, events);
  const actor = createActor(before.machine, { snapshot: before.machine.getPersistedSnapshot(before.snapshot) as OnboardingSnapshot }).start();
  actor.send(machineEvent);
  const snapshot = actor.getSnapshot();
  actor.stop();
  const ignored = accepted(snapshot, machineEvent) ? before.ignored : [...before.ignored, { event, why: 'refused' as const }];
  return { ...before, snapshot, ignored };
}

/** The snapshot in a form that can be stored as JSON. */
export function persist(onboarding: Onboarding): unknown {
  return onboarding.machine.getPersistedSnapshot(onboarding.snapshot);
}

/** The ignored events as the cache keeps them. */
export function persistIgnored(onboarding: Onboarding): CachedIgnored[] {
  return onboarding.ignored.map(({ event, why }) => ({ id: event.id, why }));
}
