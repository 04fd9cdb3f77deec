import type { StepView } from '../machine/selectors.js';
import type { OnboardingPort, UiState } from './port.js';
import type { ScreenData } from './screen-state.js';
import { checkAction, dashboardRows, detailActions, doneTrackOf, revealAction, rowKey, startKey, type DashboardOptions, type Row } from './view-model.js';
import { detailLines } from './step-detail.js';
import { deskText } from './step-detail-model.js';
import { historyLines } from './history-view.js';
import { helpLines } from './help-view.js';

/** The selectable row keys of dashboard rows (steps and done tracks), top to bottom. */
export function stepKeys(rows: readonly Row[]): string[] {
  return rows.flatMap((r) => {
    const key = rowKey(r);
    return key === null ? [] : [key];
  });
}

/** Whom to call about an overdue wait and whether they are open now, as the line under its row. */
export function deskLine(port: OnboardingPort, state: UiState, view: StepView): ReturnType<DashboardOptions['desk']> {
  const id = view.step.contact;
  const contact = id ? state.onboarding.plan.procedure.contacts[id] : undefined;
  if (!id || !contact) return null;
  const desk = port.desk(id);
  const now = desk ? deskText(port.t, port.today(), desk) : '';
  return {
    text: port.t('ui.row.desk', { name: contact.name[port.lang], phone: contact.phone, now }),
    tone: desk?.state === 'open' ? 'open' : desk?.state === 'closed' ? 'closed' : 'unknown',
  };
}

/** The dashboard's rows for a state of the screen. */
export function rowsFor(port: OnboardingPort, state: UiState, views: readonly StepView[], onlyAction: boolean, open: readonly string[]): Row[] {
  return dashboardRows(port.t, views, { today: port.today(), onlyAction, open, desk: (view) => deskLine(port, state, view) });
}

/**
 * What keys need to know about the onboarding on screen (see `ScreenData`), read from the views at the
 * terminal's size. Lines and actions are worked out only for the key that asks.
 */
export function screenData(port: OnboardingPort, state: UiState, views: readonly StepView[], columns: number, height: number): ScreenData {
  const byKey = new Map(views.map((v) => [v.key, v]));
  return {
    height,
    order: (onlyAction, open) => stepKeys(rowsFor(port, state, views, onlyAction, open)),
    start: (onlyAction, open) => startKey(rowsFor(port, state, views, onlyAction, open)),
    doneTrack: (key) => doneTrackOf(views, key),
    isTrack: (key) => key.startsWith('track:'),
    has: (key) => byKey.has(key),
    lines: (screen, key) => {
      if (screen === 'history') return historyLines(port.t, state).length + 1;
      if (screen === 'help') return helpLines(port.t).length + 1;
      const view = key === null ? undefined : byKey.get(key);
      return view ? detailLines(port, state, view, columns).length : 0;
    },
    action: (command, key) => {
      const view = byKey.get(key);
      if (!view) return undefined;
      // `r` answers on every step, also where the detail does not list it (nothing secret to show).
      if (command === 'reveal') return revealAction(port, state, view);
      // `c` answers on every step too: one without a check says so.
      if (command === 'check') return checkAction(port, view);
      return detailActions(port, state, view).find((a) => a.command === command);
    },
  };
}
