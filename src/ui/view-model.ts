import type { StepView } from '../machine/selectors.js';
import { Explainer } from '../i18n/explain.js';
import type { Track } from '../machine/procedure-schema.js';
import type { Translate, MessageKey } from '../i18n/index.js';
import type { OnboardingPort, UiState } from './port.js';
import { decide, type Ground } from '../machine/authority.js';
import type { NewEvent } from '../machine/events.js';
import { disabledText, type RefusalWords } from '../i18n/refusal.js';

/**
 * Pure helpers that shape the selectors' views for the screens. Kept out of components so they can be
 * tested alone.
 */

export function selectorFor(port: OnboardingPort, state: UiState): Explainer {
  return new Explainer(state.onboarding.plan, state.onboarding.snapshot, { today: port.today(), lang: port.lang, t: port.t });
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
