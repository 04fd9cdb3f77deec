import type { StoredEvent } from '../machine/events.js';
import type { Profile } from '../machine/profile.js';
import { isRecurring, reminderStage, type StepView, type UnmetNeed } from '../machine/selectors.js';
import { daysBetween } from '../machine/dates.js';
import type { Track } from '../machine/procedure-schema.js';
import { paint, statusTheme, useColour } from '../ui/theme.js';
import type { App } from './app.js';
import type { MessageKey } from '../i18n/index.js';
import { wrapHelp } from '../ui/text.js';
import { visible } from '../i18n/visible.js';
import { changeText as change, eventLine as line, eventSummary as summary, instanceLabel as label } from '../i18n/describe.js';

/**
 * Plain-text views of the command line. Colour only on a terminal and never with NO_COLOR. Text that can come
 * from the saved document passes through `visible` (messages do so in `fill`), the glyph's colour codes not.
 */

export function instanceLabel(app: App, view: { id: string; terminal: string | null }): string {
  return label(app.t, view);
}

function glyph(app: App, view: StepView): string {
  const theme = statusTheme[view.status];
  return paint(theme.glyph, theme.colour, useColour(app.io.stdout, app.io.env), theme.bold);
}

/** One step: a line with glyph, id and title; the reason below it unless the step is done or skipped. */
export function stepLines(app: App, view: StepView, indent = '  ', withTerminal = true): string[] {
  const title = view.terminal === null || !withTerminal ? view.short : app.t('step.onTerminal', { title: view.short, terminal: view.terminal });
  const status = app.t(`status.${view.status}` as MessageKey);
  const reason = visible(view.reason);
  const head = `${indent}${glyph(app, view)} ${visible(view.id)}  ${visible(title)}`;
  if (view.status === 'done') return [`${head}  (${reason})`];
  if (view.status === 'skipped') return wrapHelp(`${head}  (${status}: ${reason})`, outputWidth(app)).split('\n').map((l, i) => (i === 0 ? l : `${indent}    ${l.trimStart()}`));
  // The reason wraps to the terminal (80 columns on a pipe), continuing under its own indent.
  return [head, ...wrapHelp(`${indent}    ${status}: ${reason}`, outputWidth(app)).split('\n')];
}

export function header(app: App, profile: Profile, progress: { done: number; total: number }): string {
  return app.t('cli.header', { name: profile.name, code: profile.code, done: progress.done, total: progress.total });
}

/** Steps grouped by track, per-terminal tracks once per terminal. */
export function groupViews(views: readonly StepView[]): { track: Track; terminal: string | null; views: StepView[] }[] {
  const groups: { track: Track; terminal: string | null; views: StepView[] }[] = [];
  for (const view of views) {
    const terminal = view.step.scope === 'facility' ? null : view.terminal;
    let group = groups.find((g) => g.track === view.step.track && g.terminal === terminal);
    if (!group) {
      group = { track: view.step.track, terminal, views: [] };
      groups.push(group);
    }
    group.views.push(view);
  }
  return groups;
}

export function trackTitle(app: App, track: Track, terminal: string | null): string {
  const title = app.t(`track.${track}` as MessageKey);
  return terminal === null ? title : app.t('step.onTerminal', { title, terminal });
}

/** A view as `status --json` gives it: the public fields, stable for scripts. */
export function viewJson(view: StepView) {
  return {
    id: view.id,
    terminal: view.terminal,
    title: view.title,
    track: view.step.track,
    status: view.status,
    reason: view.reason,
    blockedBy: view.blockedBy,
    rootCauses: view.rootCauses,
    since: view.since,
    expectedBy: view.expectedBy,
    deadline: view.deadline,
    // Check steps only: how a done one was confirmed (verified by its check or by hand), what a failed one saw.
    ...(view.verification !== undefined ? { verification: view.verification } : {}),
    ...(view.failure !== undefined ? { failure: view.failure } : {}),
  };
}

export function facilityJson(profile: Profile) {
  return {
    name: profile.name,
    code: profile.code,
    carrier: profile.carrier,
    area: profile.area,
    connection: profile.connection,
    terminals: profile.terminals,
  };
}

export function unmetText(app: App, need: UnmetNeed): string {
  if ('anyOf' in need) return app.t('cli.oneOf', { a: need.anyOf.map((n) => instanceLabel(app, n)).join(' / ') });
  return instanceLabel(app, need);
}

export function eventLine(app: App, event: StoredEvent, undoneBy: number | undefined, ignored: boolean): string {
  return line(app.t, event, undoneBy, ignored);
}

export function eventSummary(app: App, event: StoredEvent): string {
  return summary(app.t, event);
}

export function changeText(app: App, event: StoredEvent): string {
  return change(app.t, event);
}

/** The width to wrap plain output to: the terminal's, or 80 columns on a pipe. */
export function outputWidth(app: App): number {
  const stdout = app.io.stdout;
  return Math.max(40, Math.min(120, stdout.isTTY ? stdout.columns || 80 : 80));
}

/**
 * A step in `--json`: the stable fields of `viewJson`, plus `deadlineEstimate` when the deadline is counted
 * from a stand-in day and, for a recurring step with a deadline, its `reminder` stage (90/60/30/15/7,
 * `daily`, `overdue`, or null before the first).
 */
export function stepJson(view: StepView, today: string) {
  return {
    ...viewJson(view),
    ...(view.deadlineEstimate ? { deadlineEstimate: true } : {}),
    ...(isRecurring(view.step) && view.deadline ? { reminder: reminderStage(daysBetween(today, view.deadline)) } : {}),
  };
}
