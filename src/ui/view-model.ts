import { Selector, type StepView } from '../machine/selectors.js';
import type { Track } from '../machine/procedure-schema.js';
import type { Translate, MessageKey } from '../i18n/index.js';
import type { OnboardingPort, UiState } from './port.js';

/**
 * Pure helpers that shape the selectors' views for the screens. Kept out of components so they can be
 * tested alone.
 */

export function selectorFor(port: OnboardingPort, state: UiState): Selector {
  return new Selector(state.onboarding.plan, state.onboarding.snapshot, { today: port.today(), lang: port.lang, t: port.t });
}

export type Row = { kind: 'heading'; text: string } | { kind: 'step'; view: StepView };

/** Statuses that need the operator now: something to do, or someone to call. */
export function needsAction(view: StepView): boolean {
  return view.status === 'ready' || view.status === 'overdue' || view.status === 'failed';
}

/** The dashboard's rows: a heading per track (per terminal for per-terminal tracks), then its steps. */
export function dashboardRows(t: Translate, views: readonly StepView[], onlyAction: boolean): Row[] {
  // Per-terminal steps come step by step, terminal by terminal: gather each track's steps per terminal so
  // every heading appears once, in the order first met.
  const groups = new Map<string, StepView[]>();
  for (const view of views) {
    if (onlyAction && !needsAction(view)) continue;
    const terminal = view.step.scope === 'facility' ? null : view.terminal;
    const heading = trackHeading(t, view.step.track, terminal);
    if (!groups.has(heading)) groups.set(heading, []);
    groups.get(heading)!.push(view);
  }
  const rows: Row[] = [];
  for (const [heading, members] of groups) {
    rows.push({ kind: 'heading', text: heading });
    for (const view of members) rows.push({ kind: 'step', view });
  }
  return rows;
}

export function trackHeading(t: Translate, track: Track, terminal: string | null): string {
  const title = t(`track.${track}` as MessageKey);
  return terminal === null ? title : t('step.onTerminal', { title, terminal });
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

/** An action of the detail screen: what it does, or why it cannot be done now. */
export interface DetailAction {
  command: 'done' | 'expect' | 'undo' | 'check';
  label: string;
  disabled: string | null;
}

/** The actions of a step's detail, each enabled or with the reason it is not. "Why is this disabled" as data. */
export function detailActions(port: OnboardingPort, state: UiState, view: StepView): DetailAction[] {
  const t = port.t;
  const step = view.step;
  const records = step.kind.includes('wait') && step.inputs.length > 0;
  let doneDisabled: string | null = null;
  if (step.id === 'facility-profile') doneDisabled = t('ui.disabled.profileStep');
  else if (step.kind.includes('milestone')) doneDisabled = t('ui.disabled.milestone');
  else if (view.status === 'done') doneDisabled = t('ui.disabled.done', { id: view.record?.eventId ?? '' });
  else if (view.status === 'skipped') doneDisabled = t('ui.disabled.skipped', { reason: view.reason });
  else if (view.status === 'blocked') doneDisabled = t('ui.disabled.blocked', { reason: view.reason });

  let expectDisabled: string | null = null;
  if (!step.wait) expectDisabled = t('ui.disabled.notWait');
  else if (view.status === 'done') expectDisabled = t('ui.disabled.expectDone');
  else if (view.status === 'skipped') expectDisabled = t('ui.disabled.skipped', { reason: view.reason });

  const undoDisabled = port.undoBlocked(state, view.key);
  const checkDisabled = t('ui.disabled.noCheck');
  return [
    { command: 'done', label: t(records ? 'ui.action.record' : 'ui.action.done'), disabled: doneDisabled },
    { command: 'expect', label: t('ui.action.expect'), disabled: expectDisabled },
    { command: 'undo', label: t('ui.action.undo'), disabled: undoDisabled },
    ...(step.kind.includes('check') ? [{ command: 'check' as const, label: t('ui.action.check'), disabled: checkDisabled }] : []),
  ];
}

/** One line of the "why is it blocked" tree: depth, and the step or an either-or group. */
export interface TreeLine {
  depth: number;
  text: string;
  status: StepView['status'] | null;
}

/** The chain from a blocked step down to its root causes, as indented lines. */
export function blockedTree(selector: Selector, key: string, t: Translate): TreeLine[] {
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
