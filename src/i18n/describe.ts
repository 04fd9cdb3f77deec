import type { StoredEvent } from '../machine/events.js';
import type { MessageKey, Translate } from './index.js';
import { visible } from './visible.js';
import { checkSentence } from './check-text.js';

/**
 * Words for events and step instances, shared by the command line and the TUI. Everything taken from an event
 * (a name, a note, the operator, input values) goes through `visible`: the saved document may hold anything.
 */

/** `cert-letter［端末1］`: a step id as the operator types it, with its terminal. */
export function instanceLabel(t: Translate, ref: { id: string; terminal: string | null }): string {
  return ref.terminal === null ? ref.id : t('step.onTerminal', { title: ref.id, terminal: ref.terminal });
}

/** A localized title with its terminal. */
export function titleOn(t: Translate, title: string, terminal: string | null): string {
  return terminal === null ? title : t('step.onTerminal', { title, terminal });
}

/** `terminal-added`, `terminal-removed`, `terminal-roles` (with the terminal), or `fields:a,b`. */
export function changeText(t: Translate, event: StoredEvent): string {
  const change = event.change ?? '';
  if (change.startsWith('fields:')) {
    const fields = change.slice('fields:'.length).split(',');
    const named = fields.map((f) => (['name', 'connection', 'carrier', 'area', 'proxy', 'proxyBypass'].includes(f) ? t(`field.${f}` as MessageKey) : f));
    return t('change.fields', { fields: named.join(t('list.separator')) });
  }
  if (change === 'terminal-added' || change === 'terminal-removed' || change === 'terminal-roles') {
    return t(`change.${change}`, { terminal: event.terminal ?? '' });
  }
  return visible(change);
}

export function eventSummary(t: Translate, event: StoredEvent): string {
  const type = t(`history.${event.type}` as MessageKey);
  const label = instanceLabel(t, { id: event.step ?? '', terminal: event.terminal });
  switch (event.type) {
    case 'profile-created':
      return `${type}: ${visible(event.profile?.name ?? '')}`;
    case 'profile-changed':
      return `${type}: ${changeText(t, event)}`;
    case 'undone':
      return `${type} #${event.target}`;
    case 'expected':
      return `${type} ${visible(event.by ?? '')}  ${label}`;
    case 'check-failed':
      return `${type}  ${label}: ${checkSentence(t, event.reason ?? '', event.evidence ?? {}, event.detail)}`;
    case 'secret-revealed':
      // The key only: a reveal never carries the value.
      return `${type}  ${label}: ${visible(event.key ?? '')}`;
    default:
      return `${type}  ${label}`;
  }
}

/** The history line of an event; secret inputs show only their names. */
export function eventLine(t: Translate, event: StoredEvent, undoneBy: number | undefined, ignored: boolean): string {
  const inputs = Object.entries(event.inputs)
    .map(([k, v]) => `${visible(k)}=${typeof v === 'string' ? visible(v) : t('cli.secret.masked')}`)
    .join(' ');
  const note = event.note ? ` ${t('cli.history.note', { note: event.note })}` : '';
  const tail = (undoneBy !== undefined ? t('cli.history.undoneBy', { id: undoneBy }) : '') + (ignored ? t('cli.history.ignored') : '');
  const recordedOn = event.recordedAt.slice(0, 10);
  const recorded = recordedOn !== event.occurredAt ? t('cli.history.recorded', { date: recordedOn }) : '';
  const by = event.operator ? ` — ${visible(event.operator)}` : '';
  return `#${event.id}  ${visible(event.occurredAt)}  ${eventSummary(t, event)}${inputs ? '  ' + inputs : ''}${note}${tail}${recorded}${by}`;
}

/** Which event undid which: target id → undo event id. */
export function undoneByMap(events: readonly StoredEvent[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const e of events) if (e.type === 'undone' && e.target !== undefined) map.set(e.target, e.id);
  return map;
}
