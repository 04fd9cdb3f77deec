import { initialTransition, transition } from 'xstate';
import { buildMachine, isDone, type OnboardingSnapshot, type StepDoneEvent } from '../../src/machine/build-machine.js';
import { effectiveNeeds, type Plan, type ResolvedNeed } from '../../src/machine/plan.js';
import { PROFILE_STEP } from '../../src/machine/replay.js';
import type { StepView, UnmetNeed } from '../../src/machine/selectors.js';
import { Explainer } from '../../src/i18n/explain.js';
import { translator } from '../../src/i18n/index.js';
import { isJapaneseHoliday } from '../../src/effects/holidays.js';
import type { Scenario } from '../helpers/scenario.js';

/**
 * Graph helpers over a plan's effective needs, shared by the generated tests. They read the plan, never
 * the machine, so a machine that disagrees with the data is caught rather than copied.
 */

export function keysOf(need: ResolvedNeed): string[] {
  return need.kind === 'all' ? [need.key] : need.keys;
}

export function isMilestone(plan: Plan, key: string): boolean {
  return plan.byKey.get(key)!.step.kind.includes('milestone');
}

/** Every instance `key` transitively needs (all alternatives of an `anyOf`), without `key` itself. */
export function closureOf(plan: Plan, key: string): Set<string> {
  const out = new Set<string>();
  const visit = (k: string): void => {
    for (const need of effectiveNeeds(plan, plan.byKey.get(k)!)) {
      for (const n of keysOf(need)) {
        if (out.has(n)) continue;
        out.add(n);
        visit(n);
      }
    }
  };
  visit(key);
  return out;
}

/** The keys, needs first (a step after everything it needs). */
export function topoOrder(plan: Plan, keys: Iterable<string>): string[] {
  const wanted = new Set(keys);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (k: string): void => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const need of effectiveNeeds(plan, plan.byKey.get(k)!)) for (const n of keysOf(need)) visit(n);
    if (wanted.has(k)) order.push(k);
  };
  for (const k of wanted) visit(k);
  return order;
}

/**
 * Can `key` not be done unless one of `excluded` is? True for the excluded keys themselves, for a step
 * with a plain need that requires them, and for a step with an `anyOf` all of whose alternatives do.
 */
export function requiresAny(plan: Plan, key: string, excluded: ReadonlySet<string>, memo = new Map<string, boolean>()): boolean {
  if (excluded.has(key)) return true;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const result = effectiveNeeds(plan, plan.byKey.get(key)!).some((need) =>
    keysOf(need).every((k) => requiresAny(plan, k, excluded, memo)),
  );
  memo.set(key, result);
  return result;
}

/** A unmet need as `a` or `anyOf(a|b)`, comparable to a plan need. */
export function describeUnmet(need: UnmetNeed): string {
  const key = (ref: { id: string; terminal: string | null }) => (ref.terminal === null ? ref.id : `${ref.id}@${ref.terminal}`);
  return 'anyOf' in need ? `anyOf(${need.anyOf.map(key).sort().join('|')})` : key(need);
}

export function describeNeed(need: ResolvedNeed): string {
  return need.kind === 'all' ? need.key : `anyOf(${[...need.keys].sort().join('|')})`;
}

/** The status a step takes once every need is met, on the day they were met. */
export function unblockedStatus(plan: Plan, key: string): 'done' | 'waiting' | 'ready' {
  const step = plan.byKey.get(key)!.step;
  if (step.kind.includes('milestone')) return 'done';
  return step.wait ? 'waiting' : 'ready';
}

/**
 * Something that records steps as done and shows views: the Scenario (the program's own event log and
 * replay) or, where init's recording of `facility-profile` is in the way, the bare machine.
 */
export interface Driver {
  /** Steps done before the test does anything (init records `facility-profile`). */
  readonly preset: ReadonlySet<string>;
  /** Records the steps as done, in this order; returns the ones the machine did not take. */
  doneAll(keys: readonly string[]): string[];
  view(key: string): StepView;
}

export function scenarioDriver(s: Scenario, plan: Plan): Driver {
  return {
    preset: new Set([PROFILE_STEP]),
    doneAll(keys) {
      const recorded = keys.map((key) => {
        const instance = plan.byKey.get(key)!;
        return { key, event: s.done(instance.step.id, instance.terminal) };
      });
      const state = s.state();
      const refused = new Set(state.ignored.map((i) => i.event.id));
      return recorded.filter(({ key, event }) => refused.has(event.id) || !isDone(state.snapshot, key)).map(({ key }) => key);
    },
    view(key) {
      return s.selector().view(key);
    },
  };
}

/** The statechart before `seikyu init` recorded anything: `facility-profile` is still pending. */
export function machineDriver(plan: Plan, today: string): Driver {
  const machine = buildMachine(plan);
  let [snapshot]: [OnboardingSnapshot, unknown] = initialTransition(machine);
  let eventId = 0;
  return {
    preset: new Set(),
    doneAll(keys) {
      const refused: string[] = [];
      for (const key of keys) {
        eventId += 1;
        const event: StepDoneEvent = {
          type: 'step.done',
          key,
          eventId,
          occurredAt: today,
          recordedAt: `${today}T09:00:00+09:00`,
          operator: 'test',
          inputs: {},
          secretKeys: [],
        };
        [snapshot] = transition(machine, snapshot, event);
        if (!isDone(snapshot, key) || snapshot.context.records[key]?.eventId !== eventId) refused.push(key);
      }
      return refused;
    },
    view(key) {
      return new Explainer(plan, snapshot, { today, lang: 'ja', t: translator('ja'), holidays: isJapaneseHoliday }).view(key);
    },
  };
}

/** Records every key as done, needs first; milestones and preset steps complete themselves. */
export function completeAll(driver: Driver, plan: Plan, keys: Iterable<string>): void {
  const order = topoOrder(plan, keys).filter((key) => !driver.preset.has(key) && !isMilestone(plan, key));
  const refused = driver.doneAll(order);
  if (refused.length > 0) throw new Error(`the machine refused ${refused.join(', ')} although their needs were recorded first`);
}

export { PROFILE_STEP };
