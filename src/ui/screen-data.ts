import type { StepView } from '../machine/selectors.js';
import type { OnboardingPort, UiState } from './port.js';
import type { ScreenData } from './screen-state.js';
import { dashboardRows, detailActions, type Row } from './view-model.js';
import { detailLines } from './step-detail.js';
import { historyLines } from './history-view.js';
import { helpLines } from './help-view.js';

/** The step keys of dashboard rows, top to bottom. */
export function stepKeys(rows: readonly Row[]): string[] {
  return rows.flatMap((r) => (r.kind === 'step' ? [r.view.key] : []));
}

/**
 * What keys need to know about the onboarding on screen (see `ScreenData`), read from the views at the
 * terminal's size. Lines and actions are worked out only for the key that asks.
 */
export function screenData(port: OnboardingPort, state: UiState, views: readonly StepView[], columns: number, height: number): ScreenData {
  const byKey = new Map(views.map((v) => [v.key, v]));
  return {
    height,
    order: (onlyAction) => stepKeys(dashboardRows(port.t, views, onlyAction)),
    has: (key) => byKey.has(key),
    lines: (screen, key) => {
      if (screen === 'history') return historyLines(port.t, state).length + 1;
      if (screen === 'help') return helpLines(port.t).length + 1;
      const view = key === null ? undefined : byKey.get(key);
      return view ? detailLines(port, state, view, columns).length : 0;
    },
    action: (command, key) => {
      const view = byKey.get(key);
      return view ? detailActions(port, state, view).find((a) => a.command === command) : undefined;
    },
  };
}
