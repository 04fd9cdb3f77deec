import type { StoredEvent } from '../machine/events.js';
import type { Profile } from '../machine/profile.js';
import type { StepView, UnmetNeed } from '../machine/selectors.js';
import type { Track } from '../machine/procedure-schema.js';
import { paint, statusTheme, useColour } from '../ui/theme.js';
import type { App } from './app.js';
import type { MessageKey } from '../i18n/index.js';

/** Plain-text views of the command line. Colour only on a terminal and never with NO_COLOR. */

/** `cert-letter［端末1］`: a step id as the operator types it, with its terminal. */
export function instanceLabel(app: App, view: { id: string; terminal: string | null }): string {
  return view.terminal === null ? view.id : app.t('step.onTerminal', { title: view.id, terminal: view.terminal });
}

function glyph(app: App, view: StepView): string {
  const theme = statusTheme[view.status];
  return paint(theme.glyph, theme.colour, useColour(app.io.stdout, app.io.env), theme.bold);
}

/** One step: a line with glyph, id and title; the reason below it unless the step is done or skipped. */
export function stepLines(app: App, view: StepView, indent = '  '): string[] {
  const title = view.terminal === null ? view.title : app.t('step.onTerminal', { title: view.title, terminal: view.terminal });
  const status = app.t(`status.${view.status}` as MessageKey);
  const head = `${indent}${glyph(app, view)} ${view.id}  ${title}`;
  if (view.status === 'done') return [`${head}  (${view.reason})`];
  if (view.status === 'skipped') return [`${head}  (${status}: ${view.reason})`];
  return [head, `${indent}    ${status}: ${view.reason}`];
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

/** The history line of an event; secret inputs show only their names. */
export function eventLine(app: App, event: StoredEvent, undoneBy: number | undefined, ignored: boolean): string {
  const what = eventSummary(app, event);
  const inputs = Object.entries(event.inputs)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : app.t('cli.secret.masked')}`)
    .join(' ');
  const note = event.note ? ` 「${event.note}」` : '';
  const tail = (undoneBy !== undefined ? app.t('cli.history.undoneBy', { id: undoneBy }) : '') + (ignored ? app.t('cli.history.ignored') : '');
  const by = event.operator ? ` — ${event.operator}` : '';
  return `#${event.id}  ${event.occurredAt}  ${what}${inputs ? '  ' + inputs : ''}${note}${tail}${by}`;
}

export function eventSummary(app: App, event: StoredEvent): string {
  const type = app.t(`history.${event.type}` as MessageKey);
  switch (event.type) {
    case 'profile-created':
      return `${type}: ${event.profile?.name ?? ''}`;
    case 'profile-changed':
      return `${type}: ${changeText(app, event)}`;
    case 'undone':
      return `${type} #${event.target}`;
    case 'expected':
      return `${type} ${event.by}  ${instanceLabel(app, { id: event.step ?? '', terminal: event.terminal })}`;
    case 'check-failed':
      return `${type}  ${instanceLabel(app, { id: event.step ?? '', terminal: event.terminal })}: ${event.detail ?? ''}`;
    default:
      return `${type}  ${instanceLabel(app, { id: event.step ?? '', terminal: event.terminal })}`;
  }
}

/** `terminal-added`, `terminal-removed`, `terminal-roles` (with the terminal), or `fields:a,b`. */
export function changeText(app: App, event: StoredEvent): string {
  const change = event.change ?? '';
  if (change.startsWith('fields:')) return app.t('change.fields', { fields: change.slice('fields:'.length) });
  if (change === 'terminal-added' || change === 'terminal-removed' || change === 'terminal-roles') {
    return app.t(`change.${change}`, { terminal: event.terminal ?? '' });
  }
  return change;
}
