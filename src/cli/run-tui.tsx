import { render } from 'ink';
import { App as Screen } from '../ui/app.js';
import type { App } from './app.js';
import { createPort, type PassphraseHolder } from './tui.js';

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
    const instance = render(<Screen port={port} initial={initial} prefs={prefs} />, { stdout, stdin, exitOnCtrlC: false, patchConsole: false });
    await instance.waitUntilExit();
  } finally {
    stdout.write('\u001b[?1049l');
  }
}
