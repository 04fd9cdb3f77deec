import { render } from 'ink';
import { App as Screen } from '../ui/app.js';
import type { App } from './app.js';
import { createPort, type PassphraseHolder } from './tui.js';

/**
 * Ink draws at most this many frames a second (30 by default): a held arrow key then moves the selection at
 * the terminal's key repeat rate, one frame per 16 ms at most. A single key is drawn at once either way.
 */
const MAX_FPS = 60;

/**
 * Opens the interactive screen on the saved onboarding. Loaded only for `seikyu` without a command, so
 * the other commands do not pay for importing Ink and React.
 */
export async function runTui(app: App, holder: PassphraseHolder): Promise<void> {
  const port = createPort(app.service, app.clock, holder, app.checks);
  const initial = await port.load();
  // The filter, the selection and the open tracks of the last run (null when none or unreadable).
  const prefs = await port.loadPrefs();
  const { stdout, stdin } = app.io;
  // The alternate screen gives the terminal back as it was on quitting.
  stdout.write('\u001b[?1049h');
  try {
    const instance = render(<Screen port={port} initial={initial} prefs={prefs} />, { stdout, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: MAX_FPS });
    await instance.waitUntilExit();
  } finally {
    stdout.write('\u001b[?1049l');
  }
}
