import { addDays, dayOfMonthAfter, daysBetween, maxDate, parts } from './dates.js';
import { effectiveNeeds, type Plan, type ResolvedNeed, type StepInstance } from './plan.js';
import { regionState, type OnboardingSnapshot, type StepRecord } from './build-machine.js';
import type { Step } from './procedure-schema.js';
import { addBusinessDays } from './business-days.js';
import type { HolidayCalendar } from './hours.js';

/**
 * Selectors read a snapshot as typed facts per step instance: its status (the chart's state, with `waiting`
 * and `overdue` judged against the injected `today`), what blocks it and the deepest unmet needs (what to act
 * on or wait for). Pure, and without words: `src/i18n/explain.ts` puts these facts into sentences.
 */

export const STATUSES = ['done', 'ready', 'blocked', 'waiting', 'overdue', 'failed', 'skipped'] as const;
export type Status = (typeof STATUSES)[number];

/** An instance named in `blockedBy` / `rootCauses`. */
export interface StepRef {
  id: string;
  terminal: string | null;
  status: Status;
}
/** An unmet need: one step, or several of which one is enough. */
export type UnmetNeed = StepRef | { anyOf: StepRef[] };
export interface RootCause extends StepRef {
  /** What to act on or wait for, in words. */
  reason: string;
}

export interface StepView {
  key: string;
  id: string;
  terminal: string | null;
  title: string;
  /** A short name for one-line rows. */
  short: string;
  status: Status;
  reason: string;
  blockedBy: UnmetNeed[];
  rootCauses: RootCause[];
  /** done: the day done; ready: the day its needs were met; waiting/overdue: the day the wait started; failed: the day of the check. */
  since: string | null;
  /** waiting/overdue: the end of the expected window (or the date the outside party gave). */
  expectedBy: string | null;
  /** The day by which the step must be done (the certificate download's 180 days). */
  deadline: string | null;
  /** The deadline counts from an earlier day than the real one (the notice's date was not recorded). */
  deadlineEstimate?: boolean;
  /** The record of a done step (non-secret inputs and the keys of the secret ones). */
  record: StepRecord | null;
  /** A check step that is done: verified by its check, or confirmed by hand (with the note saying how). */
  verification?: Verified | null;
  /** A check step whose last check failed: what it saw. */
  failure?: CheckFailureView | null;
  step: Step;
}

/** How a done check step was confirmed, with what the check saw and when. */
export interface Verified {
  by: 'check' | 'hand';
  at: string;
  recordedAt: string;
  /** by check: the catalog key of its sentence, what it saw and what it recorded. */
  reason?: string;
  evidence?: Record<string, string>;
  facts?: Record<string, string>;
  /** by hand: how it was checked. */
  note?: string;
}

/** The last failed check of a step: its sentence's catalog key and what it saw. */
export interface CheckFailureView {
  at: string;
  reason: string;
  evidence: Record<string, string>;
  detail: string;
}

/** How a record of a check step was confirmed; null for a step that is not a check or has no record. */
export function verificationOf(step: Step, record: StepRecord | undefined | null): Verified | null {
  if (!record || !step.kind.includes('check')) return null;
  const base = { at: record.occurredAt, recordedAt: record.recordedAt };
  if (record.verified) return { by: 'check', ...base, reason: record.verified.reason, evidence: record.verified.evidence, facts: record.verified.facts };
  return { by: 'hand', ...base, ...(record.note !== undefined ? { note: record.note } : {}) };
}

export interface SelectOptions {
  today: string;
  /** Japan's national holidays: mail windows count business days (src/effects/holidays.ts is the real one). */
  holidays: HolidayCalendar;
}

/** The facts about one instance on one day. */
export interface Evaluation {
  status: Status;
  unmet: ResolvedNeed[];
  since: string | null;
  expectedBy: string | null;
  expectedFrom: string | null;
  deadline: string | null;
  /** The deadline is counted from a stand-in day (`estimateFrom`): the real one is earlier or equal. */
  deadlineEstimate: boolean;
}

/** The reminder stages of a recurring deadline: days left at which it is announced, then daily, then overdue. */
export const REMINDER_DAYS = [90, 60, 30, 15, 7] as const;
export type Reminder = (typeof REMINDER_DAYS)[number] | 'daily' | 'overdue';

/**
 * The reminder in force `daysLeft` days before a deadline: the last threshold passed (90 → 60 → 30 → 15 → 7),
 * then `daily` below 7 days, then `overdue` once past; null before the first threshold.
 */
export function reminderStage(daysLeft: number): Reminder | null {
  if (daysLeft < 0) return 'overdue';
  if (daysLeft < 7) return 'daily';
  let stage: Reminder | null = null;
  for (const days of REMINDER_DAYS) if (daysLeft <= days) stage = days;
  return stage;
}

/** A step done again and again after onboarding (the certificate's renewal). */
export function isRecurring(step: Step): boolean {
  return step.kind.includes('recurring');
}

/** Optional and recurring steps are not part of getting ready: they never count in progress. */
export function countsInProgress(step: Step): boolean {
  return !step.optional && !isRecurring(step);
}

/**
 * The needs of an instance whose regions are not done, as the chart sees them: the one definition of "what
 * is still missing", shared by the selectors' explanations and the authority's refusals.
 */
export function unmetNeeds(plan: Plan, snapshot: OnboardingSnapshot, key: string): ResolvedNeed[] {
  const instance = plan.byKey.get(key);
  if (!instance) return [];
  const done = (k: string) => regionState(snapshot, k) === 'done';
  return effectiveNeeds(plan, instance).filter((n) => (n.kind === 'all' ? !done(n.key) : !n.keys.some(done)));
}

/** The day a need was met: for `anyOf`, the first alternative done. */
function metOn(context: OnboardingSnapshot['context'], need: ResolvedNeed): string | null {
  if (need.kind === 'all') return context.records[need.key]?.occurredAt ?? null;
  const days = need.keys.map((k) => context.records[k]?.occurredAt).filter((d): d is string => !!d).sort();
  return days[0] ?? null;
}

/**
 * The expected window of a wait that started on `since`: days after it (business days for mail sent on
 * business days, which `holidays` decides), or the monthly cycle. The one rule `status`, `show`, the screen
 * and the forecast share.
 */
export function waitWindow(step: Step, since: string, holidays: HolidayCalendar): { from: string; by: string } {
  const window = step.wait!.window;
  if (window.type === 'days') {
    const add = (n: number) => (window.business ? addBusinessDays(since, n, holidays) : addDays(since, n));
    return { from: add(window.min), by: add(window.max) };
  }
  const offset = parts(since).day <= window.cutoffDay ? 1 : 2;
  return { from: dayOfMonthAfter(since, offset - 1, window.cutoffDay + 1), by: dayOfMonthAfter(since, offset, window.dueDay) };
}

export class Selector {
  private readonly cache = new Map<string, Evaluation>();

  constructor(
    readonly plan: Plan,
    readonly snapshot: OnboardingSnapshot,
    readonly options: SelectOptions,
  ) {}

  /** The instance; an unknown key is a programming error. */
  instance(key: string): StepInstance {
    const instance = this.plan.byKey.get(key);
    if (!instance) throw new RangeError(`no step instance ${key}`);
    return instance;
  }

  private recordOf(stepId: string, terminal: string | null): StepRecord | undefined {
    const source = this.plan.instances.find((i) => i.step.id === stepId && (i.terminal === terminal || i.terminal === null));
    return source ? this.snapshot.context.records[source.key] : undefined;
  }

  /**
   * The deadline and whether it is an estimate. A recurring step counts from its own last record (the new
   * certificate's expiry), else from `after`. Without the `fromInput` date, `estimateFrom`'s day stands in
   * (earlier than the real start, so the deadline is never promised later than it is).
   */
  private deadlineOf(instance: StepInstance): { date: string; estimate: boolean } | null {
    const deadline = instance.step.deadline;
    if (!deadline) return null;
    const own = isRecurring(instance.step) ? this.snapshot.context.records[instance.key] : undefined;
    const record = own ?? this.recordOf(deadline.after, instance.terminal);
    if (!record) return null;
    const given = deadline.fromInput ? record.inputs[deadline.fromInput] : undefined;
    if (given) return { date: addDays(given, deadline.days), estimate: false };
    if (deadline.estimateFrom) {
      const stand = this.recordOf(deadline.estimateFrom, instance.terminal);
      if (stand) return { date: addDays(stand.occurredAt, deadline.days), estimate: true };
    }
    // A recurring step without the date (a record from before it was asked) has no deadline to tell.
    if (isRecurring(instance.step)) return null;
    return { date: addDays(record.occurredAt, deadline.days), estimate: false };
  }

  /**
   * The status is the chart's: `blocked`, `ready`, `failed`, `done`, `skipped`. A `ready` wait is `waiting`
   * or `overdue` by today's date. The unmet needs of a blocked instance come from the authority's one
   * definition (`unmetNeeds`).
   */
  evaluate(key: string): Evaluation {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const instance = this.instance(key);
    const context = this.snapshot.context;
    const needs = effectiveNeeds(this.plan, instance);
    const base = { unmet: [] as ResolvedNeed[], since: null, expectedBy: null, expectedFrom: null, deadline: null, deadlineEstimate: false };
    const state = regionState(this.snapshot, key);
    let result: Evaluation;
    if (state === 'skipped' || state === undefined) {
      result = { ...base, status: 'skipped' };
    } else if (state === 'done') {
      result = { ...base, status: 'done', since: context.records[key]?.occurredAt ?? null };
    } else {
      const due = this.deadlineOf(instance);
      const deadline = due?.date ?? null;
      const dated = { deadline, deadlineEstimate: due?.estimate ?? false };
      const since = maxDate(needs.map((n) => metOn(context, n)).filter((d): d is string => !!d));
      const renewed = context.records[key]?.occurredAt ?? since;
      if (state === 'ready' && isRecurring(instance.step) && deadline && daysBetween(this.options.today, deadline) > instance.step.deadline!.warnDays) {
        // Renewed (or first installed) and not yet due: nothing to do until the warning period opens.
        result = { ...base, status: 'done', since: renewed, ...dated };
      } else if (state === 'blocked') {
        result = { ...base, status: 'blocked', unmet: unmetNeeds(this.plan, this.snapshot, key), ...dated };
      } else if (state === 'failed') {
        result = { ...base, status: 'failed', since: context.failures[key]?.occurredAt ?? null, ...dated };
      } else if (instance.step.wait && since) {
        const window = waitWindow(instance.step, since, this.options.holidays);
        const expectedBy = context.expectations[key]?.by ?? window.by;
        const status = this.options.today > expectedBy ? 'overdue' : 'waiting';
        result = { ...base, status, since, expectedBy, expectedFrom: window.from, ...dated };
      } else {
        result = { ...base, status: 'ready', since: isRecurring(instance.step) ? renewed : since, ...dated };
      }
    }
    this.cache.set(key, result);
    return result;
  }

  ref(key: string): StepRef {
    const instance = this.plan.byKey.get(key)!;
    return { id: instance.step.id, terminal: instance.terminal, status: this.evaluate(key).status };
  }

  /** The deepest unmet needs under a blocked instance, waits first (they set the pace), then actions. */
  rootCauseKeys(key: string, seen = new Set<string>()): string[] {
    const out: string[] = [];
    for (const need of this.evaluate(key).unmet) {
      for (const k of need.kind === 'all' ? [need.key] : need.keys) {
        if (seen.has(k)) continue;
        seen.add(k);
        if (this.evaluate(k).status === 'blocked') out.push(...this.rootCauseKeys(k, seen));
        else out.push(k);
      }
    }
    const rank: Record<Status, number> = { overdue: 0, waiting: 1, failed: 2, ready: 3, blocked: 4, done: 5, skipped: 6 };
    return out.sort((a, b) => rank[this.evaluate(a).status] - rank[this.evaluate(b).status]);
  }

  /**
   * Root causes grouped for words: every required cause is a group of its own; causes that only some
   * alternatives of an either-or need have form one group ("A or B"). A cause every alternative shares is
   * required whichever is taken, so it is a group of its own too; when one alternative needs nothing but
   * such shared causes, no "or" group is left. Waits first, as in rootCauseKeys.
   */
  causeGroups(key: string): string[][] {
    const groups: string[][] = [];
    const seen = new Set<string>();
    const required = (k: string) => {
      if (!seen.has(k)) groups.push([k]);
      seen.add(k);
    };
    for (const need of this.evaluate(key).unmet) {
      const under = (k: string) => (this.evaluate(k).status === 'blocked' ? this.rootCauseKeys(k, new Set(seen)) : [k]);
      if (need.kind === 'all') {
        for (const k of under(need.key)) required(k);
        continue;
      }
      const each = need.keys.map(under);
      const shared = each[0]!.filter((k) => each.every((causes) => causes.includes(k)));
      for (const k of shared) required(k);
      const rest = each.map((causes) => causes.filter((k) => !shared.includes(k) && !seen.has(k)));
      if (rest.some((causes) => causes.length === 0)) continue;
      const alternatives = rest.flat().filter((k, i, all) => all.indexOf(k) === i);
      groups.push(alternatives);
      for (const k of alternatives) seen.add(k);
    }
    const rank: Record<Status, number> = { overdue: 0, waiting: 1, failed: 2, ready: 3, blocked: 4, done: 5, skipped: 6 };
    const best = (group: string[]) => Math.min(...group.map((k) => rank[this.evaluate(k).status]));
    return groups.sort((a, b) => best(a) - best(b));
  }

}

/** Progress counts the steps that apply and are part of getting ready: optional and recurring steps never count. */
export function progress(views: readonly StepView[]): { done: number; total: number } {
  const applicable = views.filter((v) => v.status !== 'skipped' && countsInProgress(v.step));
  return { done: applicable.filter((v) => v.status === 'done').length, total: applicable.length };
}

/** Is the deadline of a step not yet done within its warning period (or past)? */
export function deadlineNear(view: StepView, today: string): boolean {
  if (!view.deadline || view.status === 'done' || view.status === 'skipped') return false;
  return daysBetween(today, view.deadline) <= view.step.deadline!.warnDays;
}

/**
 * What can be done now: deadlines within their warning period first, overdue waits and failed checks to
 * chase, then ready steps (earliest deadline first), then the waits in progress. Optional steps that can be
 * done are listed apart (`optional`), so they do not sit among what needs doing forever.
 */
export function selectNext(
  views: readonly StepView[],
  today: string,
): { deadlines: StepView[]; chase: StepView[]; ready: StepView[]; waiting: StepView[]; optional: StepView[] } {
  const byDeadline = (a: StepView, b: StepView) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999');
  return {
    deadlines: views.filter((v) => deadlineNear(v, today)).sort(byDeadline),
    chase: views.filter((v) => v.status === 'overdue' || v.status === 'failed'),
    ready: views.filter((v) => v.status === 'ready' && !v.step.optional).sort(byDeadline),
    optional: views.filter((v) => v.status === 'ready' && v.step.optional),
    waiting: views.filter((v) => v.status === 'waiting').sort((a, b) => a.expectedBy!.localeCompare(b.expectedBy!)),
  };
}
