import { daysBetween, shortDate } from '../machine/dates.js';
import type { StepInstance } from '../machine/plan.js';
import type { Lang } from '../machine/procedure-schema.js';
import type { HolidayCalendar } from '../machine/hours.js';
import type { OnboardingSnapshot } from '../machine/build-machine.js';
import type { Plan } from '../machine/plan.js';
import { isRecurring, reminderStage, Selector, verificationOf, type CheckFailureView, type StepView } from '../machine/selectors.js';
import { checkFix, checkSentence } from './check-text.js';
import type { Translate } from './index.js';

/**
 * The selectors' facts in words: a reason per step ("waiting for the 簡易書留 requested on 11/20, expected by
 * 11/27"), phrases for root causes, and the views the command line and the screen show. The machine decides
 * and returns typed data; only this layer knows the language.
 */
export interface ExplainOptions {
  today: string;
  lang: Lang;
  t: Translate;
  /** Japan's national holidays: mail windows count business days. */
  holidays: HolidayCalendar;
}

export class Explainer extends Selector {
  constructor(
    plan: Plan,
    snapshot: OnboardingSnapshot,
    readonly words: ExplainOptions,
  ) {
    super(plan, snapshot, { today: words.today, holidays: words.holidays });
  }

  private title(key: string): string {
    const instance = this.plan.byKey.get(key)!;
    const title = instance.step.short[this.words.lang];
    return instance.terminal === null ? title : this.words.t('step.onTerminal', { title, terminal: instance.terminal });
  }

  private day(date: string): string {
    return shortDate(date, this.words.today);
  }

  private contact(key: string): string {
    const contactId = this.plan.byKey.get(key)!.step.contact;
    const contact = contactId ? this.plan.procedure.contacts[contactId] : undefined;
    return contact ? this.words.t('reason.callContact', { name: contact.name[this.words.lang], phone: contact.phone }) : '';
  }

  /** Why a root cause holds things up, as a phrase. */
  causePhrase(key: string): string {
    const e = this.evaluate(key);
    const step = this.plan.byKey.get(key)!.step;
    const label = step.wait?.label[this.words.lang] ?? this.title(key);
    switch (e.status) {
      case 'waiting': {
        // Each kind of wait in its own words: a letter is mailed, readers are delivered, a registration completes.
        const params = { label, since: this.day(e.since!), by: this.day(e.expectedBy!) };
        const kind = step.wait?.kind ?? 'mail';
        return this.words.t(kind === 'mail' ? 'cause.waiting' : `cause.wait.${kind}`, params);
      }
      case 'overdue':
        return this.words.t('cause.overdue', { label, by: this.day(e.expectedBy!) });
      case 'failed':
        return this.words.t('cause.failed', { title: this.title(key) });
      default:
        return this.words.t('cause.todo', { title: this.title(key) });
    }
  }

  /** "(deadline 5/19, 30 days left)", an estimate said as such, or, once past, what was missed. */
  private deadlinePhrase(instance: StepInstance, deadline: string, estimate: boolean): string {
    const left = daysBetween(this.words.today, deadline);
    const date = this.day(deadline);
    if (left < 0) return this.words.t('reason.deadlinePassed', { date, days: -left, what: instance.step.deadline!.passed[this.words.lang] });
    return this.words.t(estimate ? 'reason.deadlineEstimate' : 'reason.deadline', { date, days: left });
  }

  /** A recurring step (the certificate's renewal): valid until, due with days left (daily in the last week), or past. */
  private renewalReason(instance: StepInstance, deadline: string): string {
    const t = this.words.t;
    const left = daysBetween(this.words.today, deadline);
    const date = this.day(deadline);
    const stage = reminderStage(left);
    if (stage === 'overdue') return t('reason.renewalPassed', { date, days: -left, what: instance.step.deadline!.passed[this.words.lang] });
    if (stage === 'daily') return t('reason.renewalDaily', { date, days: left });
    if (stage === null) return t('reason.renewalValid', { date, days: left, warn: instance.step.deadline!.warnDays });
    return t('reason.renewalDue', { date, days: left });
  }

  reason(key: string): string {
    const e = this.evaluate(key);
    const instance = this.plan.byKey.get(key)!;
    const t = this.words.t;
    const today = this.words.today;
    const deadline = e.deadline ? ' ' + this.deadlinePhrase(instance, e.deadline, e.deadlineEstimate) : '';
    if (isRecurring(instance.step) && e.deadline && (e.status === 'done' || e.status === 'ready')) return this.renewalReason(instance, e.deadline);
    switch (e.status) {
      case 'skipped':
        return instance.skipReason![this.words.lang];
      case 'done': {
        const record = this.snapshot.context.records[key];
        if (!record?.occurredAt) return t('status.done');
        const how = verificationOf(instance.step, record);
        const date = this.day(record.occurredAt);
        if (how) return t(how.by === 'check' ? 'reason.doneVerified' : 'reason.doneByHand', { date });
        return t('reason.done', { date });
      }
      case 'ready':
        return t('reason.ready') + deadline;
      case 'waiting': {
        const window = instance.step.wait!.window;
        // A clock set before the wait began (or a back-dated record read on an earlier day) is day 0, never "day -23".
        const elapsed = Math.max(0, daysBetween(e.since!, today));
        const estimate = instance.step.wait!.unconfirmed ? t('reason.estimate') : '';
        const range =
          window.type === 'days'
            ? t(window.business ? 'forecast.windowBusinessDays' : 'reason.windowDays', { min: window.min, max: window.max })
            : t('reason.windowMonthly', { cutoff: window.cutoffDay, due: window.dueDay });
        if (this.snapshot.context.expectations[key]) return t('reason.waitingGiven', { elapsed, by: this.day(e.expectedBy!) }) + deadline;
        return t('reason.waiting', { elapsed, range, by: this.day(e.expectedBy!), estimate }) + deadline;
      }
      case 'overdue': {
        const late = daysBetween(e.expectedBy!, today);
        return t('reason.overdue', { by: this.day(e.expectedBy!), late }) + this.contact(key);
      }
      case 'failed': {
        const failure = this.snapshot.context.failures[key]!;
        // A sentence that ends on a value (an error message) gets its full stop, so the contact reads apart.
        const sentence = checkSentence(t, failure.reason, failure.evidence, failure.detail).trim();
        const ended = /[。．.!?！？]$/u.test(sentence) ? sentence : sentence + (this.words.lang === 'ja' ? '。' : '.');
        // What to do is the check's own advice when it has one (a typo in a folder is not a call to a help desk).
        const fix = checkFix(t, `${failure.reason}.fix`, failure.evidence);
        return t('reason.failed', { detail: ended }) + (fix ? t('reason.failedFix', { fix }) : this.contact(key));
      }
      case 'blocked': {
        const groups = this.causeGroups(key);
        const shown = groups.slice(0, 2).map((group) => group.map((k) => this.causePhrase(k)).join(t('list.or')));
        const more = groups.length > 2 ? t('reason.more', { count: groups.length - 2 }) : '';
        return shown.join(t('list.separator')) + more + deadline;
      }
    }
  }

  private failureOf(key: string): CheckFailureView | null {
    const failure = this.snapshot.context.failures[key];
    return failure ? { at: failure.occurredAt, reason: failure.reason, evidence: failure.evidence, detail: failure.detail } : null;
  }

  view(key: string): StepView {
    const instance = this.plan.byKey.get(key)!;
    const e = this.evaluate(key);
    return {
      key,
      id: instance.step.id,
      terminal: instance.terminal,
      title: instance.step.title[this.words.lang],
      short: instance.step.short[this.words.lang],
      status: e.status,
      reason: this.reason(key),
      blockedBy: e.unmet.map((n) => (n.kind === 'all' ? this.ref(n.key) : { anyOf: n.keys.map((k) => this.ref(k)) })),
      rootCauses: e.status === 'blocked' ? this.rootCauseKeys(key).map((k) => ({ ...this.ref(k), reason: this.causePhrase(k) })) : [],
      since: e.since,
      expectedBy: e.expectedBy,
      deadline: e.deadline,
      ...(e.deadlineEstimate ? { deadlineEstimate: true } : {}),
      record: this.snapshot.context.records[key] ?? null,
      ...(instance.step.kind.includes('check')
        ? {
            verification: e.status === 'done' ? verificationOf(instance.step, this.snapshot.context.records[key]) : null,
            failure: e.status === 'failed' ? this.failureOf(key) : null,
          }
        : {}),
      step: instance.step,
    };
  }

  views(): StepView[] {
    return this.plan.instances.map((i) => this.view(i.key));
  }
}

/** One view per step instance, in the procedure's order. */
export function selectSteps(plan: Plan, snapshot: OnboardingSnapshot, options: ExplainOptions): StepView[] {
  return new Explainer(plan, snapshot, options).views();
}
