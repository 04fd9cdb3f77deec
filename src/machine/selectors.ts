import { addDays, dayOfMonthAfter, daysBetween, maxDate, parts } from './dates.js';
import { effectiveNeeds, type Plan, type ResolvedNeed, type StepInstance } from './plan.js';
import { regionState, type OnboardingSnapshot, type StepRecord } from './build-machine.js';
import type { Step } from './procedure-schema.js';

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
  /** The record of a done step (non-secret inputs and the keys of the secret ones). */
  record: StepRecord | null;
  step: Step;
}

export interface SelectOptions {
  today: string;
}

/** The facts about one instance on one day. */
export interface Evaluation {
  status: Status;
  unmet: ResolvedNeed[];
  since: string | null;
  expectedBy: string | null;
  expectedFrom: string | null;
  deadline: string | null;
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

/** The expected window of a wait that started on `since`. */
export function waitWindow(step: Step, since: string): { from: string; by: string } {
  const window = step.wait!.window;
  if (window.type === 'days') return { from: addDays(since, window.min), by: addDays(since, window.max) };
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

  private deadlineOf(instance: StepInstance): string | null {
    const deadline = instance.step.deadline;
    if (!deadline) return null;
    const source = this.plan.instances.find(
      (i) => i.step.id === deadline.after && (i.terminal === instance.terminal || i.terminal === null),
    );
    const record = source ? this.snapshot.context.records[source.key] : undefined;
    if (!record) return null;
    const start = (deadline.fromInput && record.inputs[deadline.fromInput]) || record.occurredAt;
    return addDays(start, deadline.days);
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
    const base = { unmet: [] as ResolvedNeed[], since: null, expectedBy: null, expectedFrom: null, deadline: null };
    const state = regionState(this.snapshot, key);
    let result: Evaluation;
    if (state === 'skipped' || state === undefined) {
      result = { ...base, status: 'skipped' };
    } else if (state === 'done') {
      result = { ...base, status: 'done', since: context.records[key]?.occurredAt ?? null };
    } else {
      const deadline = this.deadlineOf(instance);
      const since = maxDate(needs.map((n) => metOn(context, n)).filter((d): d is string => !!d));
      if (state === 'blocked') {
        result = { ...base, status: 'blocked', unmet: unmetNeeds(this.plan, this.snapshot, key), deadline };
      } else if (state === 'failed') {
        result = { ...base, status: 'failed', since: context.failures[key]?.occurredAt ?? null, deadline };
      } else if (instance.step.wait && since) {
        const window = waitWindow(instance.step, since);
        const expectedBy = context.expectations[key]?.by ?? window.by;
        const status = this.options.today > expectedBy ? 'overdue' : 'waiting';
        result = { ...base, status, since, expectedBy, expectedFrom: window.from, deadline };
      } else {
        result = { ...base, status: 'ready', since, deadline };
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
   * Root causes grouped for words: causes under an either-or need form one group ("A or B"), every other
   * cause is a group of its own. Waits first, as in rootCauseKeys.
   */
  causeGroups(key: string): string[][] {
    const groups: string[][] = [];
    const seen = new Set<string>();
    for (const need of this.evaluate(key).unmet) {
      const under = (k: string) => (this.evaluate(k).status === 'blocked' ? this.rootCauseKeys(k, new Set(seen)) : [k]);
      if (need.kind === 'all') {
        for (const k of under(need.key)) if (!seen.has(k)) groups.push([k]);
      } else {
        const alternatives = need.keys.flatMap(under).filter((k, i, all) => all.indexOf(k) === i);
        groups.push(alternatives);
      }
      for (const group of groups) for (const k of group) seen.add(k);
    }
    const rank: Record<Status, number> = { overdue: 0, waiting: 1, failed: 2, ready: 3, blocked: 4, done: 5, skipped: 6 };
    const best = (group: string[]) => Math.min(...group.map((k) => rank[this.evaluate(k).status]));
    return groups.sort((a, b) => best(a) - best(b));
  }

}

/** Progress counts the steps that apply: done of (all but skipped). */
export function progress(views: readonly StepView[]): { done: number; total: number } {
  const applicable = views.filter((v) => v.status !== 'skipped');
  return { done: applicable.filter((v) => v.status === 'done').length, total: applicable.length };
}

/** Is the deadline of a step not yet done within its warning period (or past)? */
export function deadlineNear(view: StepView, today: string): boolean {
  if (!view.deadline || view.status === 'done' || view.status === 'skipped') return false;
  return daysBetween(today, view.deadline) <= view.step.deadline!.warnDays;
}

/**
 * What can be done now: deadlines within their warning period first, overdue waits and failed checks to
 * chase, then ready steps (earliest deadline first), then the waits in progress.
 */
export function selectNext(
  views: readonly StepView[],
  today: string,
): { deadlines: StepView[]; chase: StepView[]; ready: StepView[]; waiting: StepView[] } {
  const byDeadline = (a: StepView, b: StepView) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999');
  return {
    deadlines: views.filter((v) => deadlineNear(v, today)).sort(byDeadline),
    chase: views.filter((v) => v.status === 'overdue' || v.status === 'failed'),
    ready: views.filter((v) => v.status === 'ready').sort(byDeadline),
    waiting: views.filter((v) => v.status === 'waiting').sort((a, b) => a.expectedBy!.localeCompare(b.expectedBy!)),
  };
}
