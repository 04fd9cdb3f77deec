import { effectiveNeeds, instancesOf, type ResolvedNeed, type StepInstance } from './plan.js';
import { regionState } from './build-machine.js';
import { waitWindow } from './selectors.js';
import { firstClaimWindow as noticeClaimWindow, nextClaimWindow } from './calendar.js';
import type { Onboarding } from './replay.js';
import type { HolidayCalendar } from './hours.js';

/**
 * When the milestones can be reached, as a range. `earliest` assumes every open wait arrives at the start
 * of its expected window and `latest` at its end (mail counted in business days); a date given with
 * `expect` stands for both ends. Every action is done on the day it becomes possible, recorded dates are
 * facts, and nothing still open happens before today: an overdue wait can arrive today at the earliest, so
 * both ends move on while it stays late. Of an either-or need, the alternative that comes first counts.
 * Pure: `today` and the holiday calendar are passed in.
 */

/** The steps whose instances are forecast, in this order. */
export const FORECAST_MILESTONES = ['claims-ready', 'oqs-ready'] as const;

/** The forecast of one milestone instance. */
export interface MilestoneForecast {
  /** The instance key (`claims-ready@端末1`). */
  key: string;
  id: string;
  terminal: string | null;
  /**
   * done: the day it was reached; else the day it is reached if every wait takes its whole window (= `latest`,
   * what `status --json` has always called `date`); null when that cannot be computed.
   */
  date: string | null;
  done: boolean;
  /** The date is a forecast, not a record. */
  estimate: boolean;
  /** The earliest day it can be reached (every wait at the start of its window); null when it cannot be computed. */
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
  /**
   * The chain that decides the latest date of the milestone reached last, from a step without needs to that
   * milestone, each step a need of the next (the need that sets its latest date). Steps already done stay on
   * it as the chain was (`done: true`). Empty when no milestone can be forecast.
   */
  criticalPath: CriticalStep[];
  /** The first monthly claim window (5th–10th) open once claims-ready is reached at the latest; null when unknown. */
  firstClaimWindow: { from: string; to: string } | null;
}

interface Range {
  earliest: string;
  latest: string;
}

/** An instance's range, and the instance it waits on last: the need whose latest date sets its own. */
interface Node {
  range: Range | null;
  via: string | null;
}

const later = (a: string, b: string) => (a > b ? a : b);

/** Every instance's range, memoized over one onboarding, one `today` and one calendar. */
function ranges(onboarding: Onboarding, today: string, holidays: HolidayCalendar): (key: string) => Node {
  const { plan, snapshot } = onboarding;
  const { records, expectations } = snapshot.context;
  const memo = new Map<string, Node>();
  const isDone = (key: string) => regionState(snapshot, key) === 'done';

  /** A need's range and the instance that decides it: of an either-or need, the alternative that comes first. */
  const needRange = (need: ResolvedNeed): { range: Range; key: string } | null => {
    if (need.kind === 'all') {
      const range = nodeOf(need.key).range;
      return range ? { range, key: need.key } : null;
    }
    const met = need.keys.flatMap((key) => {
      const range = nodeOf(key).range;
      return range ? [{ range, key }] : [];
    });
    if (met.length === 0) return null;
    const earliest = met.map((m) => m.range.earliest).sort()[0]!;
    // The alternative done (or to be done) first; ties go to a recorded one: what happened decides, not what may.
    const rank = (m: { range: Range; key: string }) => `${m.range.latest}${isDone(m.key) ? 0 : 1}`;
    const best = met.reduce((a, b) => (rank(b) < rank(a) ? b : a));
    return { range: { earliest, latest: best.range.latest }, key: best.key };
  };

  /** The needs together: met when the last one is; null when one cannot be forecast; `none` without needs. */
  const needsRange = (instance: StepInstance): Node | 'none' => {
    const needs = effectiveNeeds(plan, instance);
    if (needs.length === 0) return 'none';
    let range: Range | null = null;
    let via: string | null = null;
    let viaOpen = false;
    for (const need of needs) {
      const met = needRange(need);
      if (!met) return { range: null, via: null };
      const open = !isDone(met.key);
      if (!range) {
        range = { ...met.range };
        via = met.key;
        viaOpen = open;
        continue;
      }
      range.earliest = later(range.earliest, met.range.earliest);
      // The need with the latest date sets the pace; on a tie, one still open (it can still slip).
      if (met.range.latest > range.latest || (met.range.latest === range.latest && open && !viaOpen)) {
        range.latest = met.range.latest;
        via = met.key;
        viaOpen = open;
      }
    }
    return { range, via };
  };

  const compute = (instance: StepInstance): Node => {
    const state = regionState(snapshot, instance.key);
    if (state === 'skipped' || state === undefined) return { range: null, via: null };
    const needs = needsRange(instance);
    if (state === 'done') {
      const day = records[instance.key]?.occurredAt;
      return { range: day ? { earliest: day, latest: day } : null, via: needs === 'none' ? null : needs.via };
    }
    if (needs !== 'none' && needs.range === null) return needs;
    const start = needs === 'none' ? { earliest: today, latest: today } : needs.range!;
    const via = needs === 'none' ? null : needs.via;
    // Nothing still open happens before today.
    const notPast = (day: string, floor: string) => later(later(day, floor), today);
    if (instance.step.wait) {
      const given = expectations[instance.key]?.by;
      const from = given ?? waitWindow(instance.step, start.earliest, holidays).from;
      const by = given ?? waitWindow(instance.step, start.latest, holidays).by;
      return { range: { earliest: notPast(from, start.earliest), latest: notPast(by, start.latest) }, via };
    }
    // An action (or a milestone, which completes itself) the day its needs are met.
    return { range: { earliest: later(start.earliest, today), latest: later(start.latest, today) }, via };
  };

  function nodeOf(key: string): Node {
    const known = memo.get(key);
    if (known) return known;
    const instance = plan.byKey.get(key);
    // Marked before computing: the procedure has no cycles, but a guard costs nothing.
    memo.set(key, { range: null, via: null });
    const node = instance ? compute(instance) : { range: null, via: null };
    memo.set(key, node);
    return node;
  }
  return nodeOf;
}

function milestonesOf(onboarding: Onboarding, nodeOf: (key: string) => Node): MilestoneForecast[] {
  const out: MilestoneForecast[] = [];
  for (const id of FORECAST_MILESTONES) {
    for (const instance of instancesOf(onboarding.plan, id)) {
      if (!instance.applies) continue;
      const done = regionState(onboarding.snapshot, instance.key) === 'done';
      const range = nodeOf(instance.key).range;
      const latest = range?.latest ?? null;
      out.push({ key: instance.key, id, terminal: instance.terminal, date: latest, done, estimate: !done, earliest: range?.earliest ?? null, latest });
    }
  }
  return out;
}

/**
 * The milestones (claims-ready and oqs-ready, per terminal) with the day they were reached or the range in
 * which they can be reached. Instances that do not apply to the profile are left out.
 */
export function forecastMilestones(onboarding: Onboarding, today: string, holidays: HolidayCalendar): MilestoneForecast[] {
  return milestonesOf(onboarding, ranges(onboarding, today, holidays));
}

/** From the milestone reached last back along the needs that set each latest date, then in order. */
function criticalPathOf(onboarding: Onboarding, milestones: readonly MilestoneForecast[], nodeOf: (key: string) => Node): CriticalStep[] {
  let last: MilestoneForecast | null = null;
  // On a tie, an open milestone: a done one decides nothing any more.
  for (const m of milestones) if (m.latest !== null && (last === null || m.latest > last.latest! || (m.latest === last.latest && last.done && !m.done))) last = m;
  if (!last) return [];
  const path: CriticalStep[] = [];
  const seen = new Set<string>();
  for (let key: string | null = last.key; key !== null && !seen.has(key); key = nodeOf(key).via) {
    seen.add(key);
    const instance = onboarding.plan.byKey.get(key)!;
    const range = nodeOf(key).range;
    const done = regionState(onboarding.snapshot, key) === 'done';
    path.push({ key, id: instance.step.id, terminal: instance.terminal, earliest: range?.earliest ?? null, latest: range?.latest ?? null, done });
  }
  return path.reverse();
}

/**
 * The first claim window claims-ready allows: the window of the month it is reached by the 10th, else the
 * next month's (calendar.ts `nextClaimWindow`), and never before the one the claims-notice's date allows
 * (`firstClaimWindow`). Counted from the latest date of the first claims PC to be ready: one is enough to send.
 */
function claimWindowOf(onboarding: Onboarding, milestones: readonly MilestoneForecast[], nodeOf: (key: string) => Node): { from: string; to: string } | null {
  const ready = milestones.filter((m) => m.id === 'claims-ready' && m.latest !== null).map((m) => m.latest!).sort()[0];
  if (ready === undefined) return null;
  const notice = instancesOf(onboarding.plan, 'claims-notice')[0];
  const filed = notice ? nodeOf(notice.key).range?.latest : undefined;
  const byReady = nextClaimWindow(ready);
  if (!filed) return byReady;
  const byNotice = noticeClaimWindow(filed);
  return byNotice.from > byReady.from ? byNotice : byReady;
}

/** The forecast of an onboarding on `today`. `holidays` counts business days for mail (Japanese holidays). */
export function forecast(onboarding: Onboarding, today: string, holidays: HolidayCalendar): Forecast {
  const nodeOf = ranges(onboarding, today, holidays);
  const milestones = milestonesOf(onboarding, nodeOf);
  return {
    milestones,
    criticalPath: criticalPathOf(onboarding, milestones, nodeOf),
    firstClaimWindow: claimWindowOf(onboarding, milestones, nodeOf),
  };
}
