import { Explainer } from '../../i18n/explain.js';
import { eventSummary, titleOn } from '../../i18n/describe.js';
import { visible } from '../../i18n/visible.js';
import { catalogs, type MessageKey, type Translate } from '../../i18n/index.js';
import { localTimestamp } from '../../effects/clock.js';
import { claimWindowHours, claimWindowOf } from '../../machine/calendar.js';
import { addDays, daysBetween, parts } from '../../machine/dates.js';
import { isEncrypted, type StoredEvent } from '../../machine/events.js';
import { forecast, type Forecast } from '../../machine/forecast.js';
import { dependencyGraph, type DependencyGraph } from '../../machine/graph.js';
import { instancesOf } from '../../machine/plan.js';
import type { Lang, Step } from '../../machine/procedure-schema.js';
import { countsInProgress, isRecurring, progress, selectNext, type Status, type StepView } from '../../machine/selectors.js';
import type { NodeDates } from './diagram.js';
import type { ReportInput } from './index.js';

/**
 * What the printable report says, in words but not yet in a markup: the Markdown and the HTML report are two
 * renderings of this one model, so they cannot drift apart. Every text here is plain (unescaped): each renderer
 * escapes for its own syntax. Secrets never enter the model: an encrypted input (and any input the procedure
 * declares secret) is carried only as "recorded".
 */

/** A step named in the report: its title with its terminal, status and reason in words. */
export interface StepLine {
  key: string;
  label: string;
  status: Status;
  statusText: string;
  reason: string;
}

export interface ContactLine {
  name: string;
  phone: string;
  hours: string;
}

export interface WaitLine extends StepLine {
  since: string | null;
  expectedFrom: string | null;
  expectedBy: string | null;
  /** The date was given by the outside party (`seikyu expect`). */
  given: boolean;
  contact: ContactLine | null;
}

export interface DeadlineLine extends StepLine {
  date: string;
  daysLeft: number;
  estimate: boolean;
}

export interface RootCauseLine extends StepLine {
  /** The steps it holds up (labels). */
  blocks: string[];
  contact: ContactLine | null;
}

export interface CostLine {
  terminal: string;
  amount: number;
  /** The certificate application is done. */
  applied: boolean;
  /** The next renewal's deadline, when a certificate is installed. */
  renewalBy: string | null;
}

export interface MilestoneLine {
  key: string;
  label: string;
  done: boolean;
  earliest: string | null;
  latest: string | null;
}

export interface HistoryLine {
  id: number;
  occurredAt: string;
  recordedAt: string;
  operator: string;
  summary: string;
  /** `key=value` pairs; a secret one reads `key=recorded`. */
  inputs: string[];
  note: string | null;
  undoneBy: number | null;
}

export interface ReportModel {
  lang: Lang;
  t: Translate;
  today: string;
  title: string;
  generated: { at: string; by: string; program: string; procedure: string };
  facility: [string, string][];
  terminals: { name: string; roles: string }[];
  progress: { done: number; total: number; onboarded: boolean };
  next: { deadlines: StepLine[]; chase: StepLine[]; ready: StepLine[]; optional: StepLine[] };
  rootCauses: RootCauseLine[];
  blocked: StepLine[];
  waits: WaitLine[];
  deadlines: DeadlineLine[];
  costs: { lines: CostLine[]; total: number; fee: number };
  claimWindow: { from: string; to: string; first: boolean; hours: { from: string; to: string; opens: string; closes: string }[] } | null;
  forecast: { milestones: MilestoneLine[]; firstClaimWindow: { from: string; to: string } | null; criticalPath: string[] };
  history: HistoryLine[];
  graph: DependencyGraph;
  dates: NodeDates;
}

/** Builds the model of the report from what `renderExport` is given. */
export function buildReport(input: ReportInput): ReportModel {
  const { loaded, lang, t, today } = input;
  const { onboarding, doc } = loaded;
  const { plan, snapshot, profile } = onboarding;
  const procedure = plan.procedure;
  const explainer = new Explainer(plan, snapshot, { today, lang, t, holidays: input.holidays });
  const views = explainer.views();
  const byKey = new Map(views.map((v) => [v.key, v]));
  const label = (v: { key: string }) => {
    const view = byKey.get(v.key)!;
    return titleOn(t, view.short, view.terminal);
  };
  const line = (v: StepView): StepLine => ({
    key: v.key,
    label: label(v),
    status: v.status,
    statusText: t(`status.${v.status}` as MessageKey),
    reason: v.reason,
  });
  const contactOf = (key: string): ContactLine | null => {
    const id = plan.byKey.get(key)!.step.contact;
    const contact = id ? procedure.contacts[id] : undefined;
    return contact ? { name: contact.name[lang], phone: contact.phone, hours: contact.hours[lang] } : null;
  };

  const fc: Forecast = input.forecast ?? forecast(onboarding, today, input.holidays);
  const milestones = fc.milestones;
  const onboarded = milestones.length > 0 && milestones.every((m) => m.done);
  const next = selectNext(views, today);

  // Root causes: each cause once, with every blocked step it holds up.
  const causes = new Map<string, string[]>();
  const blocked = views.filter((v) => v.status === 'blocked');
  // What a cause holds up, among the steps of getting ready (optional and recurring steps would only lengthen the list).
  for (const v of blocked.filter((b) => countsInProgress(b.step))) {
    for (const cause of v.rootCauses) {
      const key = cause.terminal === null ? cause.id : `${cause.id}@${cause.terminal}`;
      causes.set(key, [...(causes.get(key) ?? []), label(v)]);
    }
  }
  const rank: Record<Status, number> = { overdue: 0, failed: 1, waiting: 2, ready: 3, blocked: 4, done: 5, skipped: 6 };
  const rootCauses: RootCauseLine[] = [...causes]
    .map(([key, blocks]) => {
      const v = byKey.get(key)!;
      return { ...line(v), reason: explainer.causePhrase(key), blocks, contact: v.status === 'overdue' || v.status === 'waiting' ? contactOf(key) : null };
    })
    .sort((a, b) => rank[a.status] - rank[b.status] || b.blocks.length - a.blocks.length);

  const waits: WaitLine[] = views
    .filter((v) => v.status === 'waiting' || v.status === 'overdue')
    .map((v) => ({
      ...line(v),
      since: v.since,
      expectedFrom: explainer.evaluate(v.key).expectedFrom,
      expectedBy: v.expectedBy,
      given: snapshot.context.expectations[v.key] !== undefined,
      contact: contactOf(v.key),
    }))
    .sort((a, b) => (a.expectedBy ?? '').localeCompare(b.expectedBy ?? ''));

  const deadlines: DeadlineLine[] = views
    .filter((v) => v.deadline !== null && v.status !== 'skipped')
    .map((v) => ({ ...line(v), date: v.deadline!, daysLeft: daysBetween(today, v.deadline!), estimate: v.deadlineEstimate === true }))
    .sort((a, b) => a.date.localeCompare(b.date));

  // The fee is data (`fee` of cert-application in data/procedure.json): one certificate per PC.
  const fee = plan.procedure.steps.find((s) => s.id === 'cert-application')?.fee?.yen ?? 0;
  const costLines: CostLine[] = instancesOf(plan, 'cert-application')
    .filter((i) => i.applies && i.terminal !== null)
    .map((i) => {
      const renewal = instancesOf(plan, 'cert-renewal').find((r) => r.terminal === i.terminal && r.applies);
      const renewalView = renewal ? byKey.get(renewal.key) : undefined;
      return {
        terminal: i.terminal!,
        amount: fee,
        applied: byKey.get(i.key)?.status === 'done',
        renewalBy: renewalView && isRecurring(renewalView.step) ? renewalView.deadline : null,
      };
    });

  const window = claimWindowOf(onboarding, today);
  const split = window ? addDays(window.from, 2) : null;

  const graph = dependencyGraph(plan, snapshot, { today, holidays: input.holidays, criticalPath: fc.criticalPath });
  const dates: NodeDates = new Map(views.map((v) => [v.key, { expectedBy: v.expectedBy, deadline: v.deadline }]));

  return {
    lang,
    t,
    today,
    title: t('report.title', { name: profile.name }),
    generated: {
      at: localTimestamp(input.now).slice(0, 16).replace('T', ' '),
      by: visible(input.operator),
      program: input.programVersion,
      procedure: String(procedure.version),
    },
    facility: [
      [t('report.facility.name'), visible(profile.name)],
      [t('report.facility.code'), profile.code],
      // The words the setup screen uses for its choices, with the id (what `init` takes) beside them.
      [t('report.facility.carrier'), choiceWords(t, profile.carrier)],
      [t('report.facility.area'), t(profile.area ? (`cli.area.${profile.area}` as MessageKey) : 'cli.area.none')],
      [t('report.facility.connection'), choiceWords(t, profile.connection)],
    ],
    terminals: profile.terminals.map((term) => ({
      name: visible(term.name),
      roles: term.roles.map((r) => t(`cli.role.${r}` as MessageKey)).join(t('list.separator')),
    })),
    progress: { ...progress(views), onboarded },
    next: { deadlines: next.deadlines.map(line), chase: next.chase.map(line), ready: next.ready.map(line), optional: next.optional.map(line) },
    rootCauses,
    blocked: blocked.filter((v) => countsInProgress(v.step)).map(line),
    waits,
    deadlines,
    costs: { lines: costLines, total: costLines.length * fee, fee },
    claimWindow: window
      ? {
          from: window.from,
          to: window.to,
          first: window.first,
          hours: [
            { from: window.from, to: split!, ...claimWindowHours(window.from) },
            { from: addDays(split!, 1), to: window.to, ...claimWindowHours(window.to) },
          ],
        }
      : null,
    forecast: {
      milestones: milestones.map((m) => ({
        key: m.key,
        label: titleOn(t, plan.byKey.get(m.key)!.step.short[lang], m.terminal),
        done: m.done,
        earliest: m.earliest,
        latest: m.latest,
      })),
      firstClaimWindow: fc.firstClaimWindow,
      criticalPath: fc.criticalPath.filter((c) => plan.byKey.has(c.key)).map((c) => label({ key: c.key })),
    },
    history: historyLines(t, lang, doc.events, procedure.steps),
    graph,
    dates,
  };
}

/**
 * The event log as lines. An input's value is shown only when it is plain and its step does not declare it
 * secret: an encrypted value is never decrypted (no key is at hand, by design), only said to be recorded.
 */
function historyLines(t: Translate, lang: Lang, events: readonly StoredEvent[], steps: readonly Step[]): HistoryLine[] {
  const secretKeys = new Map(steps.map((s) => [s.id, new Set(s.inputs.filter((i) => i.secret).map((i) => i.key))]));
  const stepsById = new Map(steps.map((s) => [s.id, s]));
  const undoneBy = new Map<number, number>();
  for (const e of events) if (e.type === 'undone' && e.target !== undefined) undoneBy.set(e.target, e.id);
  return events.map((e) => {
    const secret = secretKeys.get(e.step ?? '') ?? new Set<string>();
    const inputs = Object.entries(e.inputs).map(([k, v]) =>
      isEncrypted(v) || secret.has(k) ? t('report.history.secret', { key: k }) : `${visible(k)}=${visible(v)}`,
    );
    return {
      id: e.id,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt.slice(0, 16).replace('T', ' '),
      operator: visible(e.operator),
      summary: summaryOf(t, lang, e, stepsById),
      inputs,
      note: e.note !== undefined ? visible(e.note) : null,
      undoneBy: undoneBy.get(e.id) ?? null,
    };
  });
}

/**
 * What an event did, for a person: the step's title rather than its id (the command line's history shows ids,
 * which a reader of the report does not type). Profile changes, undos and failed checks read as in `history`.
 */
function summaryOf(t: Translate, lang: Lang, e: StoredEvent, steps: ReadonlyMap<string, Step>): string {
  const step = e.step !== null ? steps.get(e.step) : undefined;
  if (!step || e.type === 'profile-created' || e.type === 'profile-changed' || e.type === 'check-failed' || e.type === 'undone') return eventSummary(t, e);
  const title = titleOn(t, step.short[lang], e.terminal);
  const type = t(`history.${e.type}` as MessageKey);
  if (e.type === 'expected') return t('report.history.expected', { type, title, date: visible(e.by ?? '') });
  if (e.type === 'secret-revealed') return t('report.history.revealed', { type, title, key: visible(e.key ?? '') });
  return t('report.history.event', { type, title });
}

/** `2026年11月27日（金）` / `Fri 27 Nov 2026`: a day as a person reads it on paper. */
export function longDate(t: Translate, date: string): string {
  const { year, month, day } = parts(date);
  // 1970-01-01 was a Thursday; daysBetween counts whole days in the proleptic calendar.
  const weekday = (((daysBetween('1970-01-01', date) + 4) % 7) + 7) % 7;
  return t('report.date', {
    year,
    month,
    day,
    weekday: t('report.weekdays').split(',')[weekday]!,
    monthName: t('report.months').split(',')[month - 1]!,
  });
}

/** `¥1,500`. */
export function yen(t: Translate, amount: number): string {
  return t('report.yen', { amount: String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',') });
}

/** A range of days, or one day when both ends are the same. */
export function dateRange(t: Translate, from: string | null, to: string | null): string {
  if (!from && !to) return t('report.unknown');
  if (!from || !to || from === to) return longDate(t, (from ?? to)!);
  return t('report.range', { from: longDate(t, from), to: longDate(t, to) });
}

/** The steps a root cause holds up: the first few by name, then how many more (the whole list is in `status`). */
export function blocksText(t: Translate, blocks: readonly string[], max = 6): string {
  const shown = blocks.slice(0, max).join(t('list.separator'));
  return blocks.length > max ? shown + t('report.blocked.more', { count: blocks.length - max }) : shown;
}

/** A profile value in words (`NTT（フレッツ・光コラボ） (ntt)`); a carrier the program does not know is shown as typed. */
function choiceWords(t: Translate, value: string): string {
  const key = `ui.choice.${value}`;
  return Object.hasOwn(catalogs.ja, key) ? `${t(key as MessageKey)} (${value})` : visible(value);
}
