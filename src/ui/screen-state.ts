import { commandFor, type Command, type KeyInfo, type Screen } from './keymap.js';
import type { DetailAction } from './view-model.js';

/**
 * What the interactive screen shows and where the operator is in it, as one value changed by one pure
 * reducer: which screen, the selected row, the open step, the filter, the scroll, the open form, the
 * message line and the passphrase question. The onboarding itself is not here: it changes only by saving.
 */

/** A form or question over the screen. `init`: the first-run wizard (its save errors stay in it). */
export type Modal = { type: 'done' | 'expect' | 'undo'; key: string } | { type: 'init' };

/** The line above the footer. */
export interface Message {
  kind: 'ok' | 'error' | 'info';
  text: string;
}

/** The passphrase being asked (over the form that needs it), and why it is asked again. */
export interface PassphraseQuestion {
  isNew: boolean;
  /** From the program: the last one was wrong… */
  problem: string | null;
  /** The two entries of a new passphrase differed. */
  mismatch: boolean;
}

/** The screen's whole state (see the top of this file). */
export interface ScreenState {
  screen: Screen;
  /** The dashboard's selected step, by key: a save that reorders the rows keeps it. Null: the first row. */
  selectedKey: string | null;
  /** The step whose detail is open, by key. */
  detailKey: string | null;
  /** Only the steps that need action. */
  onlyAction: boolean;
  /** The first line shown of a scrolling screen (detail, history, help). */
  scroll: number;
  modal: Modal | null;
  message: Message | null;
  /** A save is under way: forms show it and take no keys. */
  busy: boolean;
  /** Why the last save from a form failed (the form stays open with what was typed). */
  formError: string | null;
  passphrase: PassphraseQuestion | null;
  /** `q` was pressed: the App exits. */
  quitting: boolean;
}

/**
 * What a key needs to know about the onboarding on the screen. Functions of the onboarding only (never of
 * the screen state), so keys of one read are each reduced on the state the previous one left, without
 * waiting for a render.
 */
export interface ScreenData {
  /** The dashboard's step keys, top to bottom, with or without the filter. */
  order(onlyAction: boolean): readonly string[];
  /** Whether a step key is in the onboarding. */
  has(key: string): boolean;
  /** How many lines a scrolling screen has (for the detail: of that step). */
  lines(screen: Exclude<Screen, 'dashboard'>, key: string | null): number;
  /** The detail's action for a command on a step: what it does, or why it cannot be done now. */
  action(command: DetailAction['command'], key: string): DetailAction | undefined;
  /** Lines of the body (the page of PgUp/PgDn is two fewer). */
  height: number;
}

/** What changes the screen: a key (with the onboarding facts it needs), a save's progress, the passphrase question. */
export type ScreenAction =
  | { type: 'key'; input: string; key: KeyInfo; data: ScreenData }
  | { type: 'close-modal' }
  | { type: 'save-started' }
  | { type: 'saved'; text: string }
  | { type: 'save-failed'; text: string }
  | { type: 'passphrase-asked'; isNew: boolean; problem: string | null }
  | { type: 'passphrase-mismatch' }
  | { type: 'passphrase-closed' };

/** The state a screen starts in: the dashboard, or the wizard when nothing is registered yet. */
export function initialScreenState(onboarded: boolean): ScreenState {
  return {
    screen: 'dashboard',
    selectedKey: null,
    detailKey: null,
    onlyAction: false,
    scroll: 0,
    modal: onboarded ? null : { type: 'init' },
    message: null,
    busy: false,
    formError: null,
    passphrase: null,
    quitting: false,
  };
}

/** The highlighted dashboard step: the selected one while it is listed, else the first. */
export function highlightedKey(state: ScreenState, order: readonly string[]): string | null {
  return state.selectedKey !== null && order.includes(state.selectedKey) ? state.selectedKey : (order[0] ?? null);
}

/** The step the keys act on: the open detail's, else the highlighted row's. */
export function currentKey(state: ScreenState, data: Pick<ScreenData, 'order' | 'has'>): string | null {
  if (state.screen === 'detail' && state.detailKey !== null && data.has(state.detailKey)) return state.detailKey;
  return highlightedKey(state, data.order(state.onlyAction));
}

/** The next screen state. Pure: effects (exiting, saving, answering the passphrase) are the App's. */
export function reduceScreen(state: ScreenState, action: ScreenAction): ScreenState {
  switch (action.type) {
    case 'key': {
      // Keys reach the screen only without a form over it; a key of the same read as the one that opened
      // the form is dropped here, as the form was not there to take it.
      if (state.modal !== null) return state;
      const command = commandFor(state.screen, action.input, action.key);
      return command ? onCommand({ ...state, message: null }, command, action.data) : state;
    }
    case 'close-modal':
      return { ...state, modal: null, formError: null };
    case 'save-started':
      return { ...state, busy: true, formError: null };
    case 'saved':
      return { ...state, busy: false, modal: null, formError: null, message: { kind: 'ok', text: action.text } };
    case 'save-failed':
      // A form keeps what was typed and shows why; a confirmation closes and says it on the message line.
      if (state.modal !== null && state.modal.type !== 'undo') return { ...state, busy: false, formError: action.text };
      return { ...state, busy: false, modal: null, message: { kind: 'error', text: action.text } };
    case 'passphrase-asked':
      return { ...state, passphrase: { isNew: action.isNew, problem: action.problem, mismatch: false } };
    case 'passphrase-mismatch':
      return state.passphrase ? { ...state, passphrase: { ...state.passphrase, mismatch: true } } : state;
    case 'passphrase-closed':
      return { ...state, passphrase: null };
  }
}

function onCommand(state: ScreenState, command: Command, data: ScreenData): ScreenState {
  const page = Math.max(1, data.height - 2);
  switch (command) {
    case 'quit':
      return { ...state, quitting: true };
    case 'up':
    case 'down':
    case 'pageUp':
    case 'pageDown': {
      const delta = command === 'up' ? -1 : command === 'down' ? 1 : command === 'pageUp' ? -page : page;
      if (state.screen === 'dashboard') return move(state, data.order(state.onlyAction), delta);
      const max = Math.max(0, data.lines(state.screen, currentKey(state, data)) - data.height);
      return { ...state, scroll: Math.max(0, Math.min(max, state.scroll + delta)) };
    }
    case 'open': {
      const key = currentKey(state, data);
      return key === null ? state : { ...state, selectedKey: key, detailKey: key, scroll: 0, screen: 'detail' };
    }
    case 'back':
      return { ...state, scroll: 0, screen: 'dashboard' };
    case 'filter':
      return { ...state, onlyAction: !state.onlyAction };
    case 'history':
      // The history opens at its end: the newest records are what was just done.
      return { ...state, scroll: Math.max(0, data.lines('history', null) - data.height), screen: 'history' };
    case 'help':
      return { ...state, scroll: 0, screen: 'help' };
    case 'done':
    case 'expect':
    case 'undo':
    case 'check': {
      const key = currentKey(state, data);
      const action = key === null ? undefined : data.action(command, key);
      if (key === null || !action) return state;
      // A command that cannot run now says why instead of doing nothing.
      if (action.disabled) return { ...state, message: { kind: 'info', text: `${action.label}: ${action.disabled}` } };
      if (command === 'check') return state;
      return { ...state, formError: null, modal: { type: command, key } };
    }
  }
}

function move(state: ScreenState, order: readonly string[], delta: number): ScreenState {
  if (order.length === 0) return state;
  const at = Math.max(0, order.indexOf(highlightedKey(state, order)!));
  return { ...state, selectedKey: order[Math.max(0, Math.min(order.length - 1, at + delta))]! };
}
