import { deadlineNear, progress, type StepView } from '../machine/selectors.js';
import { parts, shortDate } from '../machine/dates.js';
import { Explainer } from '../i18n/explain.js';
import type { Track } from '../machine/procedure-schema.js';
import type { Translate, MessageKey } from '../i18n/index.js';
import type { OnboardingPort, UiState } from './port.js';
import { decide, type Ground } from '../machine/authority.js';
import type { NewEvent } from '../machine/events.js';
import { applicableInputs } from '../machine/inputs.js';
import { forecast } from '../machine/forecast.js';
import type { HolidayCalendar } from '../machine/hours.js';
import { claimWindowOf } from '../machine/calendar.js';
import type { Onboarding } from '../machine/replay.js';
import { disabledText, type RefusalWords } from '../i18n/refusal.js';

/**
 * Pure helpers that shape the selectors' views for the screens. Kept out of components so they can be
 * tested alone.
 */

export function selectorFor(port: OnboardingPort, state: UiState): Explainer {
  return new Explainer(state.onboarding.plan, state.onboarding.snapshot, { today: port.today(), lang: port.lang, t: port.t, holidays: port.holidays });
}

/**
 * A line of the dashboard. `step` and `track` rows can be selected (by `rowKey`); a `note` is a line under
 * the step above it (whom to call about an overdue wait).
 */
export type Row =
  | { kind: 'heading'; text: string }
  | { kind: 'step'; view: StepView; reason: string; /** The name shown, with its PC where the section mixes PCs. */ title?: string }
  | { kind: 'note'; text: string; tone: 'open' | 'closed' | 'unknown' }
  | { kind: 'track'; key: string; text: string; done: number; total: number; open: boolean };

/** What the dashboard's rows depend on besides the views: the filter, the done tracks opened, the desks. */
export interface DashboardOptions {
  today: string;
  /** Only what needs the operator (the first two sections). */
  onlyAction: boolean;
  /** The done tracks the operator opened, by their row key. */
  open: readonly string[];
  /** The line under an overdue wait: whom to call and whether they are open now (null: no desk). */
  desk(view: StepView): { text: string; tone: 'open' | 'closed' | 'unknown' } | null;
}

/** Statuses that need the operator now: something to do, or someone to call. */
export function needsAction(view: StepView): boolean {
  return view.status === 'ready' || view.status === 'overdue' || view.status === 'failed';
}

/** The key a selectable row is known by: the step's key, or the track's (`track:…`, never a step key). */
export function rowKey(row: Row): string | null {
  return row.kind === 'step' ? row.view.key : row.kind === 'track' ? row.key : null;
}

/** A track's row key: per terminal for per-terminal tracks. */
export function trackKey(view: StepView): string {
  const terminal = view.step.scope === 'facility' ? null : view.terminal;
  return `track:${view.step.track}${terminal === null ? '' : `@${terminal}`}`;
}

/** Whether every step of a group is done (or does not apply): the track folds to one line. */
function allDone(members: readonly StepView[]): boolean {
  return members.every((v) => v.status === 'done' || v.status === 'skipped');
}

/** The row key of the done track a step belongs to (or the track row itself), or null when its track is not done. */
export function doneTrackOf(views: readonly StepView[], key: string): string | null {
  if (key.startsWith('track:')) return key;
  const view = views.find((v) => v.key === key);
  if (!view) return null;
  const track = trackKey(view);
  return allDone(views.filter((v) => trackKey(v) === track)) ? track : null;
}

/**
 * The dashboard: first what needs the operator (overdue waits with whom to call, deadlines within their
 * warning, failed checks), then what can be done now, then what is on its way (earliest expected first);
 * then every other step by track (per terminal for per-terminal tracks), a done track as one line unless
 * opened. Each step appears once. With the filter, only the first two sections.
 */
export function dashboardRows(t: Translate, views: readonly StepView[], options: DashboardOptions): Row[] {
  const { today } = options;
  const rows: Row[] = [];
  const placed = new Set<string>();
  // The first sections mix the PCs: with more than one, each row says whose it is (the tracks' headings do below).
  const severalPcs = new Set(views.map((v) => v.terminal).filter((name) => name !== null)).size > 1;
  const titleOf = (v: StepView) => (severalPcs && v.terminal !== null ? t('step.onTerminal', { title: v.short, terminal: v.terminal }) : undefined);
  const section = (heading: MessageKey, members: StepView[], reason: (v: StepView) => string = (v) => v.reason) => {
    const fresh = members.filter((v) => !placed.has(v.key));
    if (fresh.length === 0) return;
    rows.push({ kind: 'heading', text: t(heading) });
    for (const view of fresh) {
      placed.add(view.key);
      const title = titleOf(view);
      rows.push({ kind: 'step', view, reason: reason(view), ...(title ? { title } : {}) });
      const desk = view.status === 'overdue' ? options.desk(view) : null;
      if (desk) rows.push({ kind: 'note', ...desk });
    }
  };
  const byDate = (pick: (v: StepView) => string | null) => (a: StepView, b: StepView) => (pick(a) ?? '9999').localeCompare(pick(b) ?? '9999');
  const withDeadline = (v: StepView) => (deadlineNear(v, today) && v.deadline ? t('ui.row.deadline', { date: shortDate(v.deadline, today), reason: v.reason }) : v.reason);

  const overdue = views.filter((v) => v.status === 'overdue').sort(byDate((v) => v.expectedBy));
  const deadlines = views.filter((v) => deadlineNear(v, today)).sort(byDate((v) => v.deadline));
  const failed = views.filter((v) => v.status === 'failed');
  section('ui.section.attention', [...overdue, ...deadlines, ...failed], withDeadline);
  section('ui.section.now', views.filter((v) => v.status === 'ready').sort(byDate((v) => v.deadline)));
  if (options.onlyAction) return rows;
  section('ui.section.waiting', views.filter((v) => v.status === 'waiting').sort(byDate((v) => v.expectedBy)));

  // Per-terminal steps come step by step, terminal by terminal: gather each track's steps per terminal so
  // every track appears once, in the order first met.
  const groups = new Map<string, StepView[]>();
  for (const view of views) {
    const key = trackKey(view);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(view);
  }
  for (const [key, members] of groups) {
    const first = members[0]!;
    const heading = trackHeading(t, first.step.track, first.step.scope === 'facility' ? null : first.terminal);
    if (allDone(members)) {
      const p = progress(members);
      const open = options.open.includes(key);
      rows.push({ kind: 'track', key, text: t('ui.track.folded', { track: heading, done: p.done, total: p.total }), done: p.done, total: p.total, open });
      if (open) for (const view of members) rows.push({ kind: 'step', view, reason: view.reason });
      continue;
    }
    const rest = members.filter((v) => !placed.has(v.key));
    if (rest.length === 0) continue;
    rows.push({ kind: 'heading', text: heading });
    for (const view of rest) rows.push({ kind: 'step', view, reason: view.reason });
  }
  return rows;
}

/** The row the cursor starts on: the first step that is not done (what needs the operator comes first). */
export function startKey(rows: readonly Row[]): string | null {
  const first = rows.find((r) => r.kind === 'step' && r.view.status !== 'done' && r.view.status !== 'skipped');
  return first ? rowKey(first) : (rows.map(rowKey).find((k) => k !== null) ?? null);
}

export function trackHeading(t: Translate, track: Track, terminal: string | null): string {
  const title = t(`track.${track}` as MessageKey);
  return terminal === null ? title : t('step.onTerminal', { title, terminal });
}

/** Every overdue wait, the longest overdue first: the header names them all. */
export function overdueWaits(views: readonly StepView[]): StepView[] {
  return views.filter((v) => v.status === 'overdue').sort((a, b) => (a.expectedBy ?? '').localeCompare(b.expectedBy ?? ''));
}

/** The date that matters next: an overdue wait first, then the nearest deadline or expected arrival. */
export function nextDate(views: readonly StepView[]): { kind: 'overdue' | 'deadline' | 'expected'; view: StepView; date: string } | null {
  const overdue = views.filter((v) => v.status === 'overdue').sort((a, b) => a.expectedBy!.localeCompare(b.expectedBy!))[0];
  if (overdue) return { kind: 'overdue', view: overdue, date: overdue.expectedBy! };
  const candidates: { kind: 'deadline' | 'expected'; view: StepView; date: string }[] = [];
  for (const v of views) {
    if (v.status === 'waiting' && v.expectedBy) candidates.push({ kind: 'expected', view: v, date: v.expectedBy });
    if (v.deadline && v.status !== 'done' && v.status !== 'skipped') candidates.push({ kind: 'deadline', view: v, date: v.deadline });
  }
  return candidates.sort((a, b) => a.date.localeCompare(b.date))[0] ?? null;
}

/**
 * The last day of a range, as short as it can be read: a range runs forward, so within a year of its first
 * day the month and day alone are unambiguous (`12/20–1/5`), and the header must fit 80 columns.
 */
export function rangeEnd(latest: string, earliest: string): string {
  const end = parts(latest);
  const start = parts(earliest);
  const withinAYear = end.year === start.year || (end.year === start.year + 1 && latest.slice(5) < earliest.slice(5));
  return withinAYear ? `${end.month}/${end.day}` : shortDate(latest, earliest);
}

/**
 * The header's outlook: when each milestone was reached, or from when to when it can be reached (the
 * forecast: every wait at the start of its window, then at its end; for all its PCs), and the claim window:
 * before claims-ready, the first one the forecast allows (never before the one the notice's date allows).
 */
export function outlook(t: Translate, onboarding: Onboarding, today: string, holidays: HolidayCalendar): string {
  const ahead = forecast(onboarding, today, holidays);
  const later = (a: string, b: string) => (a > b ? a : b);
  const byId = new Map<string, { earliest: string; latest: string; done: boolean } | null>();
  for (const f of ahead.milestones) {
    const entry = byId.get(f.id);
    if (entry === null) continue;
    if (f.earliest === null || f.latest === null) byId.set(f.id, null);
    else if (!entry) byId.set(f.id, { earliest: f.earliest, latest: f.latest, done: f.done });
    else byId.set(f.id, { earliest: later(entry.earliest, f.earliest), latest: later(entry.latest, f.latest), done: entry.done && f.done });
  }
  const items: string[] = [];
  for (const [id, range] of byId) {
    if (!range) continue;
    const what = t(`ui.milestone.${id}` as MessageKey);
    if (range.done || range.earliest === range.latest) {
      items.push(t(range.done ? 'ui.outlook.done' : 'ui.outlook.forecast', { what, date: shortDate(range.latest, today) }));
    } else {
      items.push(t('forecast.header.range', { what, earliest: shortDate(range.earliest, today), latest: rangeEnd(range.latest, range.earliest) }));
    }
  }
  const parts = items.length > 0 ? [t('ui.outlook.milestones', { list: items.join(t('ui.listSeparator')) })] : [];
  const current = claimWindowOf(onboarding, today);
  const window = current?.first && ahead.firstClaimWindow && ahead.firstClaimWindow.from > current.from ? { ...ahead.firstClaimWindow, first: true } : current;
  if (window) parts.push(t(window.first ? 'ui.outlook.firstWindow' : 'ui.outlook.window', { from: shortDate(window.from, today), to: shortDate(window.to, window.from) }));
  return parts.join('  ');
}

/** An action of the detail screen: what it does, or why it cannot be done now. */
export interface DetailAction {
  command: 'done' | 'expect' | 'undo' | 'check' | 'reveal';
  label: string;
  disabled: string | null;
}

/** What the authority is asked for a step of the screen: its state, today, and who is asking. */
function groundFor(port: OnboardingPort, state: UiState, pending: Ground['pending']): Ground {
  return { procedure: state.onboarding.plan.procedure, onboarding: state.onboarding, events: state.events, today: port.today(), pending };
}

function wordsFor(port: OnboardingPort, state: UiState): RefusalWords {
  const onboarding = state.onboarding;
  return { t: port.t, lang: port.lang, procedure: onboarding.plan.procedure, onboarding, explainer: selectorFor(port, state), today: port.today(), path: '' };
}

/** A draft of an event about a step of the screen, for the authority to judge before a form is opened. */
function draft(port: OnboardingPort, view: StepView, type: 'step-done' | 'expected', extra: Partial<NewEvent> = {}): NewEvent {
  const today = port.today();
  return { type, step: view.id, terminal: view.terminal, inputs: {}, occurredAt: today, recordedAt: `${today}T00:00:00Z`, operator: '', ...extra };
}

/** Why the authority would refuse this event now, in the screen's words, or null when it may be recorded. */
function refusedWhy(port: OnboardingPort, state: UiState, event: NewEvent, pending: Ground['pending']): string | null {
  const decision = decide(groundFor(port, state, pending), event);
  return decision.ok ? null : disabledText(decision.refusal, wordsFor(port, state));
}

/** The actions of a step's detail, each enabled or with the reason it is not. "Why is this disabled" as data. */
export function detailActions(port: OnboardingPort, state: UiState, view: StepView): DetailAction[] {
  const t = port.t;
  const step = view.step;
  const records = step.kind.includes('wait') && step.inputs.length > 0;
  const doneDisabled = refusedWhy(port, state, draft(port, view, 'step-done'), { inputs: true, note: true });
  const expectDisabled = refusedWhy(port, state, draft(port, view, 'expected', { by: port.today() }), {});
  const undoDisabled = port.undoBlocked(state, view.key);
  return [
    { command: 'done', label: t(records ? 'ui.action.record' : 'ui.action.done'), disabled: doneDisabled },
    { command: 'expect', label: t('ui.action.expect'), disabled: expectDisabled },
    { command: 'undo', label: t('ui.action.undo'), disabled: undoDisabled },
    ...(step.kind.includes('check') ? [checkAction(port, view)] : []),
    // Listed only where a secret can be recorded; elsewhere `r` still says why it shows nothing.
    ...(secretKeysOf(state, view).length > 0 ? [revealAction(port, state, view)] : []),
  ];
}

/**
 * `c`: run the step's check. It runs on any step that has one, blocked or done too (it shows what it saw; the
 * authority decides whether it is recorded), but never where the step does not apply.
 */
export function checkAction(port: OnboardingPort, view: StepView): DetailAction {
  const t = port.t;
  const label = t('ui.action.check');
  if (!view.step.kind.includes('check')) return { command: 'check', label, disabled: t('ui.check.notCheckStep') };
  return { command: 'check', label, disabled: view.status === 'skipped' ? t('ui.disabled.skipped', { reason: view.reason }) : null };
}

/** The secret inputs this step can record under the profile. */
function secretKeysOf(state: UiState, view: StepView): string[] {
  return applicableInputs(view.step, state.onboarding.profile).filter((i) => i.secret).map((i) => i.key);
}

/** Why the authority would refuse to read back a secret input of a step now, or null when it may. */
function revealRefused(port: OnboardingPort, state: UiState, view: StepView, input: string): string | null {
  const today = port.today();
  const event: NewEvent = { type: 'secret-revealed', step: view.id, terminal: view.terminal, inputs: {}, key: input, occurredAt: today, recordedAt: `${today}T00:00:00Z`, operator: '' };
  return refusedWhy(port, state, event, {});
}

/** The secret inputs of a step the authority lets the operator read back now (their keys, in the procedure's order). */
export function revealableKeys(port: OnboardingPort, state: UiState, view: StepView): string[] {
  return secretKeysOf(state, view).filter((key) => revealRefused(port, state, view, key) === null);
}

/** `r`: show the recorded secrets of a step, or why there is nothing to show (the authority's reason). */
export function revealAction(port: OnboardingPort, state: UiState, view: StepView): DetailAction {
  const t = port.t;
  const secrets = secretKeysOf(state, view);
  const label = t('ui.action.reveal');
  if (secrets.length === 0) return { command: 'reveal', label, disabled: t('ui.disabled.noSecret') };
  const refusals = secrets.map((key) => revealRefused(port, state, view, key));
  return { command: 'reveal', label, disabled: refusals.includes(null) ? null : refusals[0]! };
}

/** One line of the "why is it blocked" tree: depth, and the step or an either-or group. */
export interface TreeLine {
  depth: number;
  text: string;
  status: StepView['status'] | null;
}

/** The chain from a blocked step down to its root causes, as indented lines. */
export function blockedTree(selector: Explainer, key: string, t: Translate): TreeLine[] {
  const lines: TreeLine[] = [];
  const seen = new Set<string>();
  const walk = (k: string, depth: number) => {
    for (const need of selector.evaluate(k).unmet) {
      const keys = need.kind === 'all' ? [need.key] : need.keys;
      let d = depth;
      if (need.kind === 'anyOf') {
        lines.push({ depth, text: t('ui.detail.anyOf'), status: null });
        d = depth + 1;
      }
      for (const child of keys) {
        const status = selector.evaluate(child).status;
        lines.push({ depth: d, text: selector.causePhrase(child), status });
        if (status === 'blocked' && !seen.has(child)) {
          seen.add(child);
          walk(child, d + 1);
        }
      }
    }
  };
  walk(key, 0);
  return lines;
}
