import { addDays, dayOfMonthAfter, daysBetween, maxDate, parts, shortDate } from './dates.js';
import { effectiveNeeds, type Plan, type ResolvedNeed, type StepInstance } from './plan.js';
import { isDone, type OnboardingSnapshot, type StepRecord } from './build-machine.js';
import type { Lang, Step } from './procedure-schema.js';
import type { Translate } from '../i18n/index.js';

/**
 * Selectors turn a snapshot into one view per step instance: its status, a human reason, what blocks it
 * and the deepest unmet needs (what to act on or wait for). Pure: `today` and the translator are injected.
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
  lang: Lang;
  t: Translate;
}

interface Evaluation {
  status: Status;
  unmet: ResolvedNeed[];
  since: string | null;
  expectedBy: string | null;
  expectedFrom: string | null;
  deadline: string | null;
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

  private isMet(need: ResolvedNeed): boolean {
    return need.kind === 'all' ? isDone(this.snapshot, need.key) : need.keys.some((k) => isDone(this.snapshot, k));
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

  evaluate(key: string): Evaluation {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const instance = this.plan.byKey.get(key)!;
    const context = this.snapshot.context;
    const needs = effectiveNeeds(this.plan, instance);
    const base = { unmet: [] as ResolvedNeed[], since: null, expectedBy: null, expectedFrom: null, deadline: null };
    let result: Evaluation;
    if (!instance.applies) {
      result = { ...base, status: 'skipped' };
    } else if (isDone(this.snapshot, key)) {
      result = { ...base, status: 'done', since: context.records[key]?.occurredAt ?? null };
    } else {
      const unmet = needs.filter((n) => !this.isMet(n));
      const deadline = this.deadlineOf(instance);
      const since = maxDate(needs.map((n) => metOn(context, n)).filter((d): d is string => !!d));
      const failure = context.failures[key];
      if (unmet.length > 0) {
        result = { ...base, status: 'blocked', unmet, deadline };
      } else if (failure) {
        result = { ...base, status: 'failed', since: failure.occurredAt, deadline };
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

  /** The short name of an instance, with its terminal: for reasons, which must fit on one line. */
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

  private title(key: string): string {
    const instance = this.plan.byKey.get(key)!;
    const title = instance.step.short[this.options.lang];
    return instance.terminal === null ? title : this.options.t('step.onTerminal', { title, terminal: instance.terminal });
  }

  private day(date: string): string {
    return shortDate(date, this.options.today);
  }

  private contact(key: string): string {
    const contactId = this.plan.byKey.get(key)!.step.contact;
    const contact = contactId ? this.plan.procedure.contacts[contactId] : undefined;
    return contact ? this.options.t('reason.callContact', { name: contact.name[this.options.lang], phone: contact.phone }) : '';
  }

  /** Why a root cause holds things up, as a phrase. */
  causePhrase(key: string): string {
    const e = this.evaluate(key);
    const step = this.plan.byKey.get(key)!.step;
    const label = step.wait?.label[this.options.lang] ?? this.title(key);
    switch (e.status) {
      case 'waiting':
        return this.options.t('cause.waiting', { label, since: this.day(e.since!), by: this.day(e.expectedBy!) });
      case 'overdue':
        return this.options.t('cause.overdue', { label, by: this.day(e.expectedBy!) });
      case 'failed':
        return this.options.t('cause.failed', { title: this.title(key) });
      default:
        return this.options.t('cause.todo', { title: this.title(key) });
    }
  }

  /** "(deadline 5/19, 30 days left)", or, once past, what was missed. */
  private deadlinePhrase(instance: StepInstance, deadline: string): string {
    const left = daysBetween(this.options.today, deadline);
    const date = this.day(deadline);
    if (left < 0) return this.options.t('reason.deadlinePassed', { date, days: -left, what: instance.step.deadline!.passed[this.options.lang] });
    return this.options.t('reason.deadline', { date, days: left });
  }

  reason(key: string): string {
    const e = this.evaluate(key);
    const instance = this.plan.byKey.get(key)!;
    const t = this.options.t;
    const today = this.options.today;
    const deadline = e.deadline ? ' ' + this.deadlinePhrase(instance, e.deadline) : '';
    switch (e.status) {
      case 'skipped':
        return instance.skipReason![this.options.lang];
      case 'done': {
        const record = this.snapshot.context.records[key];
        return record?.occurredAt ? t('reason.done', { date: this.day(record.occurredAt) }) : t('status.done');
      }
      case 'ready':
        return t('reason.ready') + deadline;
      case 'waiting': {
        const window = instance.step.wait!.window;
        const elapsed = daysBetween(e.since!, today);
        const estimate = instance.step.wait!.unconfirmed ? t('reason.estimate') : '';
        const range =
          window.type === 'days'
            ? t('reason.windowDays', { min: window.min, max: window.max })
            : t('reason.windowMonthly', { cutoff: window.cutoffDay, due: window.dueDay });
        if (this.snapshot.context.expectations[key]) return t('reason.waitingGiven', { elapsed, by: this.day(e.expectedBy!) }) + deadline;
        return t('reason.waiting', { elapsed, range, by: this.day(e.expectedBy!), estimate }) + deadline;
      }
      case 'overdue': {
        const late = daysBetween(e.expectedBy!, today);
        return t('reason.overdue', { by: this.day(e.expectedBy!), late }) + this.contact(key);
      }
      case 'failed':
        return t('reason.failed', { detail: this.snapshot.context.failures[key]!.detail }) + this.contact(key);
      case 'blocked': {
        const groups = this.causeGroups(key);
        const shown = groups.slice(0, 2).map((group) => group.map((k) => this.causePhrase(k)).join(t('list.or')));
        const more = groups.length > 2 ? t('reason.more', { count: groups.length - 2 }) : '';
        return shown.join(t('list.separator')) + more + deadline;
      }
    }
  }

  view(key: string): StepView {
    const instance = this.plan.byKey.get(key)!;
    const e = this.evaluate(key);
    return {
      key,
      id: instance.step.id,
      terminal: instance.terminal,
      title: instance.step.title[this.options.lang],
      short: instance.step.short[this.options.lang],
      status: e.status,
      reason: this.reason(key),
      blockedBy: e.unmet.map((n) => (n.kind === 'all' ? this.ref(n.key) : { anyOf: n.keys.map((k) => this.ref(k)) })),
      rootCauses: e.status === 'blocked' ? this.rootCauseKeys(key).map((k) => ({ ...this.ref(k), reason: this.causePhrase(k) })) : [],
      since: e.since,
      expectedBy: e.expectedBy,
      deadline: e.deadline,
      record: this.snapshot.context.records[key] ?? null,
      step: instance.step,
    };
  }

  views(): StepView[] {
    return this.plan.instances.map((i) => this.view(i.key));
  }
}

/** One view per step instance, in the procedure's order. */
export function selectSteps(plan: Plan, snapshot: OnboardingSnapshot, options: SelectOptions): StepView[] {
  return new Selector(plan, snapshot, options).views();
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
