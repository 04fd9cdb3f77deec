import { commandFor, type Command, type KeyInfo, type Screen } from './keymap.js';
import type { DetailAction } from './view-model.js';
import type { UiPrefs } from './port.js';

/**
 * What the interactive screen shows and where the operator is in it, as one value changed by one pure
 * reducer: which screen, the selected row, the open step, the filter, the scroll, the open form, the
 * message line and the passphrase question. The onboarding itself is not here: it changes only by saving.
 */

/** A form or question over the screen. `init`: the first-run wizard (its save errors stay in it). */
export type Modal = { type: 'done' | 'expect' | 'undo'; key: string } | { type: 'init' };

/** The line above the footer. `text` may have line breaks: a check's sentence, then what to do, each on its own line. */
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

/** Secrets shown on a step's detail until the next key or refresh. Held in memory only, never saved. */
export interface Revealed {
  key: string;
  values: Record<string, string>;
}

/** The screen's whole state (see the top of this file). */
export interface ScreenState {
  screen: Screen;
  /**
   * The dashboard's selected row, by key (a step's, or a done track's `track:…`): a save or a refresh that
   * reorders the rows keeps it. Null: the first row that needs the operator.
   */
  selectedKey: string | null;
  /** The done tracks opened (by their row key); the others are one line each. */
  open: string[];
  /** A reveal asked for with `r`, for the App to carry out (it may ask the passphrase). */
  revealing: string | null;
  /**
   * The step whose check `c` is running, for the App to carry out. Meanwhile the keys that record are
   * ignored; moving around and quitting are not.
   */
  checking: string | null;
  revealed: Revealed | null;
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
  /** What the save under way is doing, when it is more than saving (a check run by the `d` form). */
  busyText: string | null;
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
  /** The dashboard's selectable row keys, top to bottom, with or without the filter, with these done tracks open. */
  order(onlyAction: boolean, open: readonly string[]): readonly string[];
  /** The row the cursor starts on (the first that needs the operator). */
  start(onlyAction: boolean, open: readonly string[]): string | null;
  /** The done track a row belongs to (a track row: itself), or null when it is not in a done track. */
  doneTrack(key: string): string | null;
  /** Whether a step key is in the onboarding. */
  has(key: string): boolean;
  /** How many lines a scrolling screen has (for the detail: of that step). */
  lines(screen: Exclude<Screen, 'dashboard'>, key: string | null): number;
  /** The detail's action for a command on a step: what it does, or why it cannot be done now. */
  action(command: DetailAction['command'], key: string): DetailAction | undefined;
  /** Whether an Enter on this dashboard row opens or folds a track rather than a step's detail. */
  isTrack(key: string): boolean;
  /** Lines of the body (the page of PgUp/PgDn is two fewer). */
  height: number;
}

/** What changes the screen: a key (with the onboarding facts it needs), a save's progress, the passphrase question. */
export type ScreenAction =
  | { type: 'key'; input: string; key: KeyInfo; data: ScreenData }
  | { type: 'close-modal' }
  | { type: 'save-started'; text?: string }
  | { type: 'saved'; text: string }
  | { type: 'save-failed'; text: string }
  | { type: 'passphrase-asked'; isNew: boolean; problem: string | null }
  | { type: 'passphrase-mismatch' }
  | { type: 'passphrase-closed' }
  /** `scroll`: where the detail shows the values (their lines in view, worked out by the App at the terminal's size); absent, unmoved. */
  | { type: 'revealed'; key: string; values: Record<string, string>; text: string; scroll?: number }
  | { type: 'reveal-failed'; text: string }
  /** The check `c` started on `key` ended: its lines, coloured by its outcome. */
  | { type: 'checked'; key: string; outcome: 'passed' | 'failed' | 'cannot-run'; text: string }
  /** The check `c` started could not be run (the passphrase was not given, the document could not be read). */
  | { type: 'check-error'; key: string; text: string }
  /** The document changed on disk (another seikyu wrote) and was read again; `notice` says what it means for an open form. */
  | { type: 'refreshed'; notice: string | null };

/**
 * The state a screen starts in: the dashboard (with the filter, selection and open tracks of the last
 * run), or the wizard when nothing is registered yet.
 */
export function initialScreenState(onboarded: boolean, prefs: UiPrefs | null = null): ScreenState {
  return {
    screen: 'dashboard',
    selectedKey: prefs?.selectedKey ?? null,
    open: prefs ? [...prefs.open] : [],
    revealing: null,
    checking: null,
    revealed: null,
    detailKey: null,
    onlyAction: prefs?.onlyAction ?? false,
    scroll: 0,
    modal: onboarded ? null : { type: 'init' },
    message: null,
    busy: false,
    busyText: null,
    formError: null,
    passphrase: null,
    quitting: false,
  };
}

/** The highlighted dashboard row: the selected one while it is listed, else where the cursor starts. */
export function highlightedKey(state: ScreenState, order: readonly string[], start: string | null = null): string | null {
  if (state.selectedKey !== null && order.includes(state.selectedKey)) return state.selectedKey;
  return start !== null && order.includes(start) ? start : (order[0] ?? null);
}

/** The highlighted row of the dashboard as drawn for this state. */
function highlighted(state: ScreenState, data: Pick<ScreenData, 'order' | 'start'>): string | null {
  return highlightedKey(state, data.order(state.onlyAction, state.open), data.start(state.onlyAction, state.open));
}

/** The step (or track row) the keys act on: the open detail's, else the highlighted row's. */
export function currentKey(state: ScreenState, data: Pick<ScreenData, 'order' | 'start' | 'has'>): string | null {
  if (state.screen === 'detail' && state.detailKey !== null && data.has(state.detailKey)) return state.detailKey;
  return highlighted(state, data);
}

/** What the next run restores: the filter, the selected row, the open tracks. */
export function prefsOf(state: ScreenState): UiPrefs {
  return { onlyAction: state.onlyAction, selectedKey: state.selectedKey, open: state.open };
}

/** The next screen state. Pure: effects (exiting, saving, answering the passphrase) are the App's. */
export function reduceScreen(state: ScreenState, action: ScreenAction): ScreenState {
  switch (action.type) {
    case 'key': {
      // Keys reach the screen only without a form over it; a key of the same read as the one that opened
      // the form is dropped here, as the form was not there to take it.
      if (state.modal !== null) return state;
      // A secret shown stays only until the screen changes: any key hides it, even one that does nothing.
      // A reveal still under way when a key comes is dropped too.
      const hidden = state.revealed || state.revealing ? { ...state, revealed: null, revealing: null, scroll: hiddenScroll(state, action.data) } : state;
      const command = commandFor(state.screen, action.input, action.key);
      // While a check runs nothing else is recorded: its result would be judged on a state that has moved.
      if (command !== null && state.checking !== null && RECORDING.has(command)) return hidden;
      return command ? onCommand({ ...hidden, message: null }, command, action.data) : hidden;
    }
    case 'revealed':
      if (state.revealing !== action.key) return state;
      return { ...state, revealing: null, revealed: { key: action.key, values: action.values }, scroll: action.scroll ?? state.scroll, message: { kind: 'info', text: action.text } };
    case 'reveal-failed':
      return { ...state, revealing: null, message: { kind: 'error', text: action.text } };
    case 'checked':
      if (state.checking !== action.key) return state;
      return { ...state, checking: null, message: { kind: action.outcome === 'passed' ? 'ok' : action.outcome === 'failed' ? 'error' : 'info', text: action.text } };
    case 'check-error':
      if (state.checking !== action.key) return state;
      return { ...state, checking: null, message: { kind: 'error', text: action.text } };
    case 'refreshed':
      // The wizard gives way when another `seikyu init` registered the facility meanwhile.
      return { ...state, revealed: null, ...(state.modal?.type === 'init' ? { modal: null, formError: null } : {}), ...(action.notice !== null ? { message: { kind: 'info' as const, text: action.notice } } : {}) };
    case 'close-modal':
      return { ...state, modal: null, formError: null };
    case 'save-started':
      return { ...state, busy: true, busyText: action.text ?? null, formError: null };
    case 'saved':
      return { ...state, busy: false, busyText: null, modal: null, formError: null, message: { kind: 'ok', text: action.text } };
    case 'save-failed':
      // A form keeps what was typed and shows why; a confirmation closes and says it on the message line.
      if (state.modal !== null && state.modal.type !== 'undo') return { ...state, busy: false, busyText: null, formError: action.text };
      return { ...state, busy: false, busyText: null, modal: null, message: { kind: 'error', text: action.text } };
    case 'passphrase-asked':
      return { ...state, passphrase: { isNew: action.isNew, problem: action.problem, mismatch: false } };
    case 'passphrase-mismatch':
      return state.passphrase ? { ...state, passphrase: { ...state.passphrase, mismatch: true } } : state;
    case 'passphrase-closed':
      return { ...state, passphrase: null };
  }
}

/**
 * The detail's scroll once its secrets are hidden again: the values took more lines than their masks, so a
 * scroll that brought them into view may be past the end of the detail without them. Kept within it, the
 * masked line stays in view where the value was.
 */
function hiddenScroll(state: ScreenState, data: ScreenData): number {
  if (state.screen !== 'detail' || state.revealed === null) return state.scroll;
  return Math.max(0, Math.min(state.scroll, data.lines('detail', currentKey(state, data)) - data.height));
}

/** The commands that record something: not while a check runs. */
const RECORDING: ReadonlySet<Command> = new Set<Command>(['done', 'expect', 'undo', 'check', 'reveal']);

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
      if (state.screen === 'dashboard') return move(state, data, delta);
      const max = Math.max(0, data.lines(state.screen, currentKey(state, data)) - data.height);
      return { ...state, scroll: Math.max(0, Math.min(max, state.scroll + delta)) };
    }
    case 'open': {
      const key = currentKey(state, data);
      if (key === null) return state;
      // Enter on a done track's line opens it, or folds it when open.
      if (data.isTrack(key)) return state.open.includes(key) ? fold(state, key) : unfold(state, key);
      return { ...state, selectedKey: key, detailKey: key, scroll: 0, screen: 'detail' };
    }
    case 'unfold': {
      const key = currentKey(state, data);
      return key !== null && data.isTrack(key) && !state.open.includes(key) ? unfold(state, key) : state;
    }
    case 'fold': {
      const key = currentKey(state, data);
      const track = key === null ? null : data.doneTrack(key);
      return track !== null && state.open.includes(track) ? fold(state, track) : state;
    }
    case 'back':
      return { ...state, scroll: 0, screen: 'dashboard' };
    case 'filter': {
      // The selection stays on its row when the row is still listed; else the cursor starts over.
      const onlyAction = !state.onlyAction;
      return { ...state, onlyAction, selectedKey: data.order(onlyAction, state.open).includes(highlighted(state, data) ?? '') ? highlighted(state, data) : null };
    }
    case 'history':
      // The history opens at its end: the newest records are what was just done.
      return { ...state, scroll: Math.max(0, data.lines('history', null) - data.height), screen: 'history' };
    case 'help':
      return { ...state, scroll: 0, screen: 'help' };
    case 'done':
    case 'expect':
    case 'undo':
    case 'check':
    case 'reveal': {
      const key = currentKey(state, data);
      const action = key === null ? undefined : data.action(command, key);
      if (key === null || !action) return state;
      // A command that cannot run now says why instead of doing nothing.
      if (action.disabled) return { ...state, message: { kind: 'info', text: `${action.label}: ${action.disabled}` } };
      if (command === 'check') return { ...state, checking: key, selectedKey: state.screen === 'dashboard' ? key : state.selectedKey };
      if (command === 'reveal') return { ...state, revealing: key };
      // From the dashboard the form is for the selected row, which stays selected after the save.
      return { ...state, selectedKey: state.screen === 'dashboard' ? key : state.selectedKey, formError: null, modal: { type: command, key } };
    }
  }
}

function fold(state: ScreenState, track: string): ScreenState {
  return { ...state, open: state.open.filter((k) => k !== track), selectedKey: track };
}

function unfold(state: ScreenState, track: string): ScreenState {
  return { ...state, open: [...state.open, track], selectedKey: track };
}

function move(state: ScreenState, data: Pick<ScreenData, 'order' | 'start'>, delta: number): ScreenState {
  const order = data.order(state.onlyAction, state.open);
  if (order.length === 0) return state;
  const at = Math.max(0, order.indexOf(highlighted(state, data)!));
  return { ...state, selectedKey: order[Math.max(0, Math.min(order.length - 1, at + delta))]! };
}
