import { describe, expect, it } from 'vitest';
import type { KeyInfo } from '../../src/ui/keymap.js';
import { currentKey, highlightedKey, initialScreenState, reduceScreen, type ScreenAction, type ScreenData, type ScreenState } from '../../src/ui/screen-state.js';
import type { DetailAction } from '../../src/ui/view-model.js';

/**
 * The screen's state without React: keys in, state out. The onboarding is a stand-in: five steps, two of
 * which need action, a detail of 40 lines, a history of 30.
 */

const NO_KEY: KeyInfo = { upArrow: false, downArrow: false, pageUp: false, pageDown: false, leftArrow: false, rightArrow: false, return: false, escape: false, ctrl: false };
const KEYS = {
  up: { ...NO_KEY, upArrow: true },
  down: { ...NO_KEY, downArrow: true },
  pageDown: { ...NO_KEY, pageDown: true },
  enter: { ...NO_KEY, return: true },
  esc: { ...NO_KEY, escape: true },
};

const ALL = ['a', 'b', 'c', 'd', 'e'];
const NEEDS_ACTION = ['b', 'd'];

function data(overrides: Partial<ScreenData> = {}): ScreenData {
  const actions: Record<string, DetailAction[]> = {
    a: [
      { command: 'done', label: 'Done', disabled: 'already done' },
      { command: 'expect', label: 'Expect', disabled: null },
      { command: 'undo', label: 'Undo', disabled: null },
    ],
    b: [
      { command: 'done', label: 'Done', disabled: null },
      { command: 'check', label: 'Check', disabled: 'not yet' },
    ],
  };
  return {
    height: 10,
    order: (onlyAction) => (onlyAction ? NEEDS_ACTION : ALL),
    start: (onlyAction) => (onlyAction ? NEEDS_ACTION : ALL)[0]!,
    doneTrack: () => null,
    isTrack: () => false,
    has: (key) => ALL.includes(key),
    lines: (screen) => (screen === 'history' ? 30 : screen === 'help' ? 12 : 40),
    action: (command, key) => actions[key]?.find((a) => a.command === command),
    ...overrides,
  };
}

/** Presses keys (plain characters, or the names of `KEYS`) one after another. */
function press(state: ScreenState, ...keys: (string | keyof typeof KEYS)[]): ScreenState {
  const d = data();
  return keys.reduce((s, k) => {
    const action: ScreenAction = k in KEYS ? { type: 'key', input: '', key: KEYS[k as keyof typeof KEYS], data: d } : { type: 'key', input: k, key: NO_KEY, data: d };
    return reduceScreen(s, action);
  }, state);
}

/** Presses keys with other onboarding facts. */
function pressWith(d: ScreenData, state: ScreenState, ...keys: (string | keyof typeof KEYS)[]): ScreenState {
  return keys.reduce((s, k) => reduceScreen(s, k in KEYS ? { type: 'key', input: '', key: KEYS[k as keyof typeof KEYS], data: d } : { type: 'key', input: k, key: NO_KEY, data: d }), state);
}

const start = () => initialScreenState(true);

describe('the dashboard selection', () => {
  it('starts on the first step, and moves down and up one step at a time', () => {
    expect(highlightedKey(start(), ALL)).toBe('a');
    expect(press(start(), 'down', 'down').selectedKey).toBe('c');
    expect(press(start(), 'down', 'down', 'up').selectedKey).toBe('b');
    expect(press(start(), 'j', 'j', 'k', 'j').selectedKey).toBe('c');
  });

  it('stops at the first and the last step', () => {
    expect(press(start(), 'up').selectedKey).toBe('a');
    expect(press(start(), 'down', 'down', 'down', 'down', 'down', 'down').selectedKey).toBe('e');
    expect(press(start(), 'pageDown').selectedKey).toBe('e');
  });

  it('f keeps the steps that need action; a selection the filter hides falls back to the first shown', () => {
    const filtered = press(start(), 'down', 'down', 'f');
    expect(filtered.onlyAction).toBe(true);
    expect(highlightedKey(filtered, NEEDS_ACTION)).toBe('b');
    expect(press(filtered, 'f').onlyAction).toBe(false);
  });
});

describe('the detail', () => {
  it('Enter opens the highlighted step and keeps it selected; Esc goes back to it', () => {
    const open = press(start(), 'down', 'enter');
    expect(open).toMatchObject({ screen: 'detail', detailKey: 'b', selectedKey: 'b', scroll: 0 });
    expect(currentKey(open, data())).toBe('b');
    const back = press(open, 'esc');
    expect(back.screen).toBe('dashboard');
    expect(highlightedKey(back, ALL)).toBe('b');
  });

  it('scrolls down to the last page and no further, and back to the top', () => {
    const open = press(start(), 'enter');
    expect(press(open, 'down', 'down').scroll).toBe(2);
    // 40 lines in a body of 10: the last page starts at line 30.
    expect(press(open, 'pageDown', 'pageDown', 'pageDown', 'pageDown', 'pageDown').scroll).toBe(30);
    expect(press(open, 'down', 'up', 'up').scroll).toBe(0);
  });

  it('h opens the history at its end, ? the help at its top', () => {
    expect(press(start(), 'h')).toMatchObject({ screen: 'history', scroll: 20 });
    expect(press(start(), '?')).toMatchObject({ screen: 'help', scroll: 0 });
  });

  it('Esc on the dashboard does nothing, nor do keys of other screens', () => {
    const s = start();
    expect(press(s, 'esc')).toBe(s);
    expect(press(s, 'r')).toBe(s);
  });
});

describe('c: a step’s check', () => {
  it('on the dashboard, starts the check of the selected row, or says why it cannot', () => {
    // Row b's check cannot run (the stand-in says why); row d's can.
    const b = press(start(), 'down', 'c');
    expect(b.checking).toBeNull();
    expect(b.message).toEqual({ kind: 'info', text: 'Check: not yet' });
    const d = pressWith(data({ action: (command) => (command === 'check' ? { command, label: 'Check', disabled: null } : undefined) }), start(), 'down', 'down', 'down', 'c');
    expect(d).toMatchObject({ checking: 'd', selectedKey: 'd', screen: 'dashboard' });
  });

  it('while it runs, ignores the keys that record, lets the operator move and quit, and shows the result once it ends', () => {
    const withCheck = data({ action: (command) => ({ command, label: command, disabled: null }) });
    const running = pressWith(withCheck, start(), 'c');
    expect(running.checking).toBe('a');
    for (const key of ['d', 'e', 'u', 'c']) expect(pressWith(withCheck, running, key)).toBe(running);
    expect(pressWith(withCheck, running, 'enter', 'r')).toMatchObject({ screen: 'detail', revealing: null, checking: 'a' });
    expect(pressWith(withCheck, running, 'down')).toMatchObject({ selectedKey: 'b', checking: 'a' });
    expect(pressWith(withCheck, running, 'q').quitting).toBe(true);

    // A result for another step (a run the screen no longer waits for) changes nothing.
    expect(reduceScreen(running, { type: 'checked', key: 'b', outcome: 'passed', text: '✓ fine' })).toBe(running);
    const failed = reduceScreen(running, { type: 'checked', key: 'a', outcome: 'failed', text: '✗ broken\nFix: mend it' });
    expect(failed).toMatchObject({ checking: null, message: { kind: 'error', text: '✗ broken\nFix: mend it' } });
    expect(reduceScreen(running, { type: 'checked', key: 'a', outcome: 'passed', text: '✓' }).message?.kind).toBe('ok');
    expect(reduceScreen(running, { type: 'checked', key: 'a', outcome: 'cannot-run', text: '!' }).message?.kind).toBe('info');
    expect(reduceScreen(running, { type: 'check-error', key: 'a', text: 'interrupted' })).toMatchObject({ checking: null, message: { kind: 'error', text: 'interrupted' } });
    // Afterwards the keys record again.
    expect(pressWith(withCheck, failed, 'e').modal).toEqual({ type: 'expect', key: 'a' });
  });
});

describe('a command on the open step', () => {
  it('opens its form when it can run now', () => {
    const s = press(start(), 'enter', 'e');
    expect(s.modal).toEqual({ type: 'expect', key: 'a' });
    expect(press(start(), 'enter', 'u').modal).toEqual({ type: 'undo', key: 'a' });
  });

  it('says why when it cannot, and opens nothing', () => {
    const s = press(start(), 'enter', 'd');
    expect(s.modal).toBeNull();
    expect(s.message).toEqual({ kind: 'info', text: 'Done: already done' });
    expect(press(start(), 'down', 'enter', 'c').message).toEqual({ kind: 'info', text: 'Check: not yet' });
  });

  it('does nothing for a command the step does not have', () => {
    const s = press(start(), 'down', 'enter', 'e');
    expect(s.modal).toBeNull();
    expect(s.message).toBeNull();
  });

  it('clears the last message on the next key', () => {
    const said = press(start(), 'enter', 'd');
    expect(press(said, 'down').message).toBeNull();
  });

  it('takes no keys while a form is open: the rest of a read that opened it is dropped', () => {
    const form = press(start(), 'enter', 'e');
    expect(press(form, 'j', 'esc', 'q')).toBe(form);
  });
});

describe('saving', () => {
  const withForm = () => press(start(), 'enter', 'e');

  it('closes the form and says it is saved', () => {
    const busy = reduceScreen(withForm(), { type: 'save-started' });
    expect(busy.busy).toBe(true);
    const saved = reduceScreen(busy, { type: 'saved', text: 'Saved' });
    expect(saved).toMatchObject({ busy: false, modal: null, formError: null, message: { kind: 'ok', text: 'Saved' } });
  });

  it('keeps a form open with the error, so nothing typed is lost', () => {
    const failed = reduceScreen(reduceScreen(withForm(), { type: 'save-started' }), { type: 'save-failed', text: 'Wrong date' });
    expect(failed).toMatchObject({ busy: false, modal: { type: 'expect', key: 'a' }, formError: 'Wrong date', message: null });
    // The next try starts without the old error.
    expect(reduceScreen(failed, { type: 'save-started' }).formError).toBeNull();
  });

  it('closes the undo question and puts a failure on the message line', () => {
    const undo = press(start(), 'enter', 'u');
    const failed = reduceScreen(undo, { type: 'save-failed', text: 'A later step needs it' });
    expect(failed).toMatchObject({ modal: null, message: { kind: 'error', text: 'A later step needs it' } });
  });

  it('keeps the wizard open with the error when the first profile cannot be saved, and closes it once saved', () => {
    const wizard = initialScreenState(false);
    expect(wizard.modal).toEqual({ type: 'init' });
    expect(reduceScreen(wizard, { type: 'save-failed', text: 'Locked' })).toMatchObject({ modal: { type: 'init' }, formError: 'Locked' });
    expect(reduceScreen(wizard, { type: 'saved', text: 'Saved' }).modal).toBeNull();
  });
});

describe('the passphrase question', () => {
  it('is asked over the form, again with why, and says when the two entries differ', () => {
    const form = press(start(), 'enter', 'e');
    const asked = reduceScreen(form, { type: 'passphrase-asked', isNew: true, problem: null });
    expect(asked.passphrase).toEqual({ isNew: true, problem: null, mismatch: false });
    expect(asked.modal).toEqual(form.modal);
    expect(reduceScreen(asked, { type: 'passphrase-mismatch' }).passphrase?.mismatch).toBe(true);
    const again = reduceScreen(reduceScreen(asked, { type: 'passphrase-closed' }), { type: 'passphrase-asked', isNew: false, problem: 'Wrong passphrase' });
    expect(again.passphrase).toEqual({ isNew: false, problem: 'Wrong passphrase', mismatch: false });
  });
});

describe('q', () => {
  it('asks the App to exit, from any screen', () => {
    expect(press(start(), 'q').quitting).toBe(true);
    expect(press(start(), 'enter', 'h', 'q').quitting).toBe(true);
  });
});

describe('the dashboard’s own keys (d/e/u on the selected row, done tracks)', () => {
  it('d, e and u act on the highlighted row without opening the detail, or say why not', () => {
    expect(press(start(), 'e')).toMatchObject({ screen: 'dashboard', modal: { type: 'expect', key: 'a' }, selectedKey: 'a' });
    expect(press(start(), 'd')).toMatchObject({ modal: null, message: { kind: 'info', text: 'Done: already done' } });
    expect(press(start(), 'down', 'd').modal).toEqual({ type: 'done', key: 'b' });
  });

  it('the cursor starts where the data says (the first row that needs the operator), not on the first row', () => {
    const d = data({ start: () => 'c' });
    expect(currentKey(start(), d)).toBe('c');
    const moved = reduceScreen(start(), { type: 'key', input: 'j', key: NO_KEY, data: d });
    expect(moved.selectedKey).toBe('d');
  });

  it('Enter or → opens a done track, ← on one of its rows or Enter on its line folds it, the cursor on its line', () => {
    const TRACKS = ['a', 'track:common', 'b'];
    const OPEN = ['a', 'track:common', 'x', 'y', 'b'];
    const d = data({
      order: (_, open) => (open.includes('track:common') ? OPEN : TRACKS),
      start: () => 'a',
      isTrack: (key) => key.startsWith('track:'),
      doneTrack: (key) => (key === 'x' || key === 'y' || key === 'track:common' ? 'track:common' : null),
    });
    const at = (s: ScreenState, ...inputs: [string, KeyInfo][]) => inputs.reduce((acc, [input, key]) => reduceScreen(acc, { type: 'key', input, key, data: d }), s);
    const onTrack = at(start(), ['j', NO_KEY]);
    const opened = at(onTrack, ['', KEYS.enter]);
    expect(opened).toMatchObject({ screen: 'dashboard', open: ['track:common'], selectedKey: 'track:common' });
    const onStep = at(opened, ['j', NO_KEY], ['j', NO_KEY]);
    expect(onStep.selectedKey).toBe('y');
    expect(at(onStep, ['', { ...NO_KEY, leftArrow: true }])).toMatchObject({ open: [], selectedKey: 'track:common' });
    expect(at(onTrack, ['', { ...NO_KEY, rightArrow: true }]).open).toEqual(['track:common']);
    expect(at(opened, ['', KEYS.enter]).open).toEqual([]);
    // ← elsewhere does nothing.
    expect(at(start(), ['', { ...NO_KEY, leftArrow: true }]).open).toEqual([]);
  });

  it('starts with the filter, the selection and the open tracks of the last run', () => {
    const s = initialScreenState(true, { onlyAction: true, selectedKey: 'd', open: ['track:common'] });
    expect(s).toMatchObject({ onlyAction: true, selectedKey: 'd', open: ['track:common'], screen: 'dashboard', modal: null });
  });
});

describe('a secret read back', () => {
  const shown = () => {
    const asked = press(start(), 'enter', 'r');
    return reduceScreen({ ...asked, revealing: 'a' }, { type: 'revealed', key: 'a', values: { ref: 'SECRET' }, text: 'shown' });
  };

  it('is shown until the next key, whatever the key, and until a refresh', () => {
    expect(shown().revealed).toEqual({ key: 'a', values: { ref: 'SECRET' } });
    expect(press(shown(), 'x').revealed).toBeNull();
    expect(press(shown(), 'esc').revealed).toBeNull();
    expect(reduceScreen(shown(), { type: 'refreshed', notice: null }).revealed).toBeNull();
  });

  it('never goes to the message line, and a reveal nobody waits for any more is dropped', () => {
    expect(JSON.stringify(shown().message)).not.toContain('SECRET');
    const s = press(start(), 'enter');
    expect(reduceScreen(s, { type: 'revealed', key: 'a', values: { ref: 'SECRET' }, text: 'shown' }).revealed).toBeNull();
  });
});

describe('a refresh from disk', () => {
  it('keeps the selection and an open form, and says what the notice says', () => {
    const form = press(start(), 'down', 'd');
    const after = reduceScreen(form, { type: 'refreshed', notice: 'recorded elsewhere' });
    expect(after).toMatchObject({ selectedKey: 'b', modal: { type: 'done', key: 'b' }, message: { kind: 'info', text: 'recorded elsewhere' } });
  });

  it('gives way to the dashboard when another seikyu registered the facility under the wizard', () => {
    expect(reduceScreen(initialScreenState(false), { type: 'refreshed', notice: null }).modal).toBeNull();
  });
});
