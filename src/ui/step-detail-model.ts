import type { StoredEvent } from '../machine/events.js';
import type { DeskStatus } from '../machine/hours.js';
import { applicableInputs } from '../machine/inputs.js';
import { dependentsOf } from '../machine/plan.js';
import type { Lang } from '../machine/procedure-schema.js';
import type { Onboarding } from '../machine/replay.js';
import type { Status, StepView } from '../machine/selectors.js';
import { shortDate } from '../machine/dates.js';
import type { Explainer } from '../i18n/explain.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { eventLine, instanceLabel, titleOn, undoneByMap } from '../i18n/describe.js';
import { visible } from '../i18n/visible.js';
import { checkFix, checkSentence, evidenceLines } from '../i18n/check-text.js';
import { blockedTree, type TreeLine } from './view-model.js';
import { NET_CONFIG_STEP, networkValues } from '../machine/network.js';

/**
 * Everything about one step, as typed sections in the order both screens show them: the TUI's detail
 * (`detailLines`, wrapped and coloured) and `seikyu show` (plain text) render this one model, so neither
 * can grow a section the other lacks. What each medium offers to do next (the TUI's keys, the command
 * line's `seikyu done …`) is added by its renderer after the last section.
 */

/** One step that this one opens up. */
export interface DetailDependent {
  /** `id` or `id［terminal］`, as the command line names it. */
  label: string;
  /** The title, on its terminal. */
  title: string;
  short: string;
  status: Status;
}

/** One input of the step, as the detail lists it. */
export interface DetailInput {
  key: string;
  label: string;
  hint: string;
  secret: boolean;
  required: boolean;
  /** The recorded value (a secret as its mask), or null when nothing is recorded. */
  recorded: string | null;
}

/** A section of the detail. The sections with a heading carry it as a catalog key. */
export type DetailSection =
  | { kind: 'head'; view: StepView; title: string }
  | { kind: 'timing'; expected: { since: string; by: string; estimate: boolean } | null; deadline: { date: string; what: string } | null }
  | { kind: 'description'; text: string }
  | { kind: 'values'; heading: MessageKey; items: { label: string; value: string }[]; notes: string[] }
  | { kind: 'why'; heading: MessageKey; tree: TreeLine[] }
  | { kind: 'unblocks'; heading: MessageKey; steps: DetailDependent[] }
  | { kind: 'inputs'; heading: MessageKey; inputs: DetailInput[] }
  | { kind: 'confirm'; heading: MessageKey; items: string[] }
  | { kind: 'check'; heading: MessageKey; text: string }
  /** A done check step: verified by its check (what it saw) or checked by hand (how). */
  | { kind: 'verified'; heading: MessageKey; by: 'check' | 'hand'; date: string; sentence: string | null; evidence: string[]; note: string | null }
  /** A check step whose last check failed: what it saw and what to do. */
  | { kind: 'check-failure'; heading: MessageKey; date: string; sentence: string; evidence: string[]; fix: string | null }
  | { kind: 'desk'; heading: MessageKey; name: string; phone: string; now: { text: string; state: DeskStatus['state'] } | null; hours: string }
  | { kind: 'links'; heading: MessageKey; links: { label: string; url: string }[] }
  | { kind: 'history'; heading: MessageKey; events: { text: string; undone: boolean }[]; empty: string };

/** What the model is built from. The desk's state is passed in: it depends on the clock and the holiday calendar. */
export interface DetailSource {
  t: Translate;
  lang: Lang;
  /** Today in the clinic's calendar. */
  today: string;
  onboarding: Onboarding;
  events: readonly StoredEvent[];
  /** The explainer of this snapshot: the views of other steps and the reasons of the "why" tree. */
  selector: Explainer;
  view: StepView;
  /** Whether the step's desk is open now; null when the step has no desk or its hours are not known. */
  desk: DeskStatus | null;
}

/** The sections of a step's detail, in the order they are shown. Sections with nothing to say are left out. */
export function buildStepDetail(source: DetailSource): DetailSection[] {
  const { t, lang, today, onboarding, selector, view } = source;
  const step = view.step;
  const sections: DetailSection[] = [{ kind: 'head', view, title: titleOn(t, view.title, view.terminal) }];

  const waiting = view.status === 'waiting' || view.status === 'overdue';
  const expected = view.expectedBy && waiting ? { since: shortDate(view.since!, today), by: shortDate(view.expectedBy, today), estimate: step.wait?.unconfirmed === true } : null;
  const deadline = view.deadline ? { date: view.deadline, what: step.deadline!.text[lang] } : null;
  if (expected || deadline) sections.push({ kind: 'timing', expected, deadline });
  sections.push({ kind: 'description', text: step.description[lang] });
  if (step.id === NET_CONFIG_STEP) sections.push(netConfigValues(t, onboarding, view.terminal));

  if (view.status === 'blocked') sections.push({ kind: 'why', heading: 'ui.detail.why', tree: blockedTree(selector, view.key, t) });

  const dependents = dependentsOf(onboarding.plan, view.key).map((d): DetailDependent => {
    const dv = selector.view(d.key);
    return { label: instanceLabel(t, dv), title: titleOn(t, dv.title, dv.terminal), short: dv.short, status: dv.status };
  });
  if (dependents.length > 0) sections.push({ kind: 'unblocks', heading: 'ui.detail.unblocks', steps: dependents });

  const inputs = applicableInputs(step, onboarding.profile).map(
    (input): DetailInput => ({
      key: input.key,
      label: input.label[lang],
      hint: input.hint[lang],
      secret: input.secret,
      required: input.required,
      recorded: recordedValue(t, view, input.key),
    }),
  );
  if (inputs.length > 0) sections.push({ kind: 'inputs', heading: 'ui.detail.inputs', inputs });
  if (step.confirm.length > 0) sections.push({ kind: 'confirm', heading: 'ui.detail.confirm', items: step.confirm.map((c) => c[lang]) });
  if (step.check) sections.push({ kind: 'check', heading: 'ui.detail.check', text: step.check[lang] });
  const result = checkResultSection(t, today, view);
  if (result) sections.push(result);

  const contact = step.contact ? onboarding.plan.procedure.contacts[step.contact] : undefined;
  if (contact) {
    sections.push({
      kind: 'desk',
      heading: 'ui.detail.desk',
      name: contact.name[lang],
      phone: contact.phone,
      now: source.desk ? { text: deskText(t, today, source.desk), state: source.desk.state } : null,
      hours: `${contact.hours[lang]}${contact.unconfirmed ? ' ' + t('ui.desk.unconfirmed') : ''}`,
    });
  }
  if (step.links.length > 0) sections.push({ kind: 'links', heading: 'ui.detail.links', links: step.links.map((l) => ({ label: l.label[lang], url: l.url })) });

  const undone = undoneByMap(source.events);
  const mine = source.events.filter((e) => e.step === view.id && e.terminal === view.terminal && e.type !== 'undone');
  sections.push({
    kind: 'history',
    heading: 'ui.detail.history',
    events: mine.map((e) => ({ text: eventLine(t, e, undone.get(e.id), false), undone: undone.has(e.id) })),
    empty: t('ui.detail.noHistory'),
  });
  return sections;
}

/**
 * How a check step stands with its check: done by the program (when, what it saw) or by hand (the note), or
 * failed (what it saw and what to do). A failure's fix is not saved with it: it is its sentence's `.fix` in the
 * catalog, as every check names them.
 */
function checkResultSection(t: Translate, today: string, view: StepView): DetailSection | null {
  const how = view.verification;
  if (how) {
    const sentence = how.by === 'check' && how.reason ? checkSentence(t, how.reason, how.evidence ?? {}) : null;
    return {
      kind: 'verified',
      heading: 'ui.check.result',
      by: how.by,
      date: shortDate(how.at, today),
      sentence: sentence || null,
      evidence: how.by === 'check' ? evidenceLines(t, how.evidence ?? {}) : [],
      note: how.note !== undefined ? visible(how.note) : null,
    };
  }
  const failure = view.failure;
  if (!failure) return null;
  return {
    kind: 'check-failure',
    heading: 'ui.check.result',
    date: shortDate(failure.at, today),
    sentence: checkSentence(t, failure.reason, failure.evidence, failure.detail),
    evidence: evidenceLines(t, failure.evidence),
    fix: failure.reason ? checkFix(t, `${failure.reason}.fix`, failure.evidence) : null,
  };
}

/** What `net-config` sets on this terminal: the area's DNS pair, the proxy on an eligibility-check PC. */
function netConfigValues(t: Translate, onboarding: Onboarding, terminal: string | null): DetailSection {
  const values = networkValues(onboarding.profile, terminal);
  const items: { label: string; value: string }[] = [];
  const notes: string[] = [];
  if (values.dns) {
    const area = t(values.area === 'west' ? 'cli.area.west' : 'cli.area.east');
    items.push({ label: t('ui.values.dnsPreferred', { area }), value: values.dns[0] }, { label: t('ui.values.dnsAlternate', { area }), value: values.dns[1] });
    notes.push(t('ui.values.router'));
  } else {
    items.push({ label: t('ui.values.dnsOther'), value: t('ui.values.dnsOtherValue') });
  }
  if (values.proxy) {
    items.push({ label: t('ui.values.proxy'), value: visible(values.proxy.server) }, { label: t('ui.values.bypass'), value: visible(values.proxy.bypass.join(';')) });
    if (onboarding.profile.proxy === undefined || onboarding.profile.proxyBypass === undefined) notes.push(t('ui.values.proxyDefault'));
    notes.push(t('ui.values.proxyOff'));
  }
  return { kind: 'values', heading: 'ui.detail.values', items, notes };
}

/** What was recorded for an input: a secret only as its mask. Values come from the saved file, so control characters are made visible. */
function recordedValue(t: Translate, view: StepView, key: string): string | null {
  if (!view.record) return null;
  if (view.record.secretKeys.includes(key)) return t('cli.secret.masked');
  const value = view.record.inputs[key];
  return value === undefined ? null : visible(value);
}

/** Whether a desk is open now, in words: until when, or when it opens next. */
export function deskText(t: Translate, today: string, desk: DeskStatus): string {
  switch (desk.state) {
    case 'open':
      return t('ui.desk.open', { until: desk.closesAt });
    case 'closed':
      return desk.opensAt ? t('ui.desk.closed', { date: shortDate(desk.opensAt.date, today), time: desk.opensAt.time }) : t('ui.desk.closedUnknown');
    default:
      return t(desk.why === 'no-calendar' ? 'ui.desk.noCalendar' : 'ui.desk.unknown');
  }
}

/** The headings of the sections, in order (the sections without a heading are left out). */
export function sectionHeadings(t: Translate, sections: readonly DetailSection[]): string[] {
  return sections.flatMap((s) => ('heading' in s ? [t(s.heading)] : []));
}
