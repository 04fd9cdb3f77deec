import type { MessageKey } from '../i18n/index.js';

/**
 * Every key of the interface, as data: the help screen lists them from here, and a command that cannot
 * run now says why instead of doing nothing.
 */
export type Command =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'open'
  | 'back'
  | 'filter'
  | 'history'
  | 'help'
  | 'quit'
  | 'done'
  | 'expect'
  | 'undo'
  | 'check'
  | 'reveal'
  | 'fold'
  | 'unfold';

export type Screen = 'dashboard' | 'detail' | 'history' | 'help';

export interface Binding {
  /** The keys as shown in the help. */
  keys: string;
  /** Matches an input from Ink's useInput. */
  match: (input: string, key: KeyInfo) => boolean;
  description: MessageKey;
  screens: readonly Screen[];
}

export interface KeyInfo {
  upArrow: boolean;
  downArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
}

/** `Record` makes every command carry a description. */
export const keymap: Record<Command, Binding> = {
  up: { keys: '↑ k', match: (i, k) => k.upArrow || i === 'k', description: 'key.up', screens: ['dashboard', 'detail', 'history', 'help'] },
  down: { keys: '↓ j', match: (i, k) => k.downArrow || i === 'j', description: 'key.down', screens: ['dashboard', 'detail', 'history', 'help'] },
  pageUp: { keys: 'PgUp', match: (_, k) => k.pageUp, description: 'key.pageUp', screens: ['dashboard', 'detail', 'history', 'help'] },
  pageDown: { keys: 'PgDn', match: (_, k) => k.pageDown, description: 'key.pageDown', screens: ['dashboard', 'detail', 'history', 'help'] },
  open: { keys: 'Enter', match: (_, k) => k.return, description: 'key.open', screens: ['dashboard'] },
  // A done track is one line until opened: → (or Enter on it) opens it, ← (or Enter on its line) folds it.
  unfold: { keys: '→', match: (_, k) => k.rightArrow, description: 'key.unfold', screens: ['dashboard'] },
  fold: { keys: '←', match: (_, k) => k.leftArrow, description: 'key.fold', screens: ['dashboard'] },
  back: { keys: 'Esc', match: (_, k) => k.escape, description: 'key.back', screens: ['detail', 'history', 'help'] },
  filter: { keys: 'f', match: (i) => i === 'f', description: 'key.filter', screens: ['dashboard'] },
  history: { keys: 'h', match: (i) => i === 'h', description: 'key.history', screens: ['dashboard', 'detail'] },
  help: { keys: '?', match: (i) => i === '?', description: 'key.help', screens: ['dashboard', 'detail', 'history'] },
  quit: { keys: 'q', match: (i, k) => i === 'q' || (k.ctrl && i === 'c'), description: 'key.quit', screens: ['dashboard', 'detail', 'history', 'help'] },
  // On the dashboard they act on the selected row: recording what arrived takes one key, not a detour.
  done: { keys: 'd', match: (i) => i === 'd', description: 'key.done', screens: ['dashboard', 'detail'] },
  expect: { keys: 'e', match: (i) => i === 'e', description: 'key.expect', screens: ['dashboard', 'detail'] },
  undo: { keys: 'u', match: (i) => i === 'u', description: 'key.undo', screens: ['dashboard', 'detail'] },
  check: { keys: 'c', match: (i) => i === 'c', description: 'key.check', screens: ['dashboard', 'detail'] },
  reveal: { keys: 'r', match: (i) => i === 'r', description: 'key.reveal', screens: ['detail'] },
};

/**
 * Keys that act on the whole onboarding rather than on the screen's state: the App carries them out itself
 * (they write files, not records), so the screen's reducer never sees them. Each says why it is disabled when it is.
 */
export type Action = 'export';

export interface ActionBinding extends Binding {
  /** Why the key does nothing now (a catalog key), or null when it can run. */
  disabled: (context: { exporting: boolean }) => MessageKey | null;
}

export const actionKeys: Record<Action, ActionBinding> = {
  // `x`: free on every screen, and the first letter of "export" that `e` (expect) did not take.
  export: {
    keys: 'x',
    match: (i) => i === 'x',
    description: 'handoff.key.export',
    screens: ['dashboard'],
    disabled: ({ exporting }) => (exporting ? 'handoff.ui.busy' : null),
  },
};

/** The action an input means on a screen, if any. */
export function actionFor(screen: Screen, input: string, key: KeyInfo): Action | null {
  for (const [action, binding] of Object.entries(actionKeys) as [Action, ActionBinding][]) {
    if (binding.screens.includes(screen) && binding.match(input, key)) return action;
  }
  return null;
}

const NO_KEY: KeyInfo = { upArrow: false, downArrow: false, pageUp: false, pageDown: false, leftArrow: false, rightArrow: false, return: false, escape: false, ctrl: false };

/**
 * A chunk of several plain keys ("jjj", "j\r") as single keys, in order. Escape sequences and single keys
 * are left to Ink's own parsing.
 */
export function splitChunk(input: string, key: KeyInfo): { input: string; key: KeyInfo }[] {
  if ([...input].length <= 1 || input.includes('\u001b') || key.ctrl) return [{ input, key }];
  return [...input].map((ch) => ({ input: ch === '\r' || ch === '\n' ? '' : ch, key: { ...NO_KEY, return: ch === '\r' || ch === '\n' } }));
}

/** The command an input means on a screen, if any. */
export function commandFor(screen: Screen, input: string, key: KeyInfo): Command | null {
  for (const [command, binding] of Object.entries(keymap) as [Command, Binding][]) {
    if (binding.screens.includes(screen) && binding.match(input, key)) return command;
  }
  return null;
}
