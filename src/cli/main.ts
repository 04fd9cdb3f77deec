import { ExitCode, SeikyuError } from '../machine/errors.js';
import { pickLang, translator, type MessageKey, type Translate } from '../i18n/index.js';
import { systemClock } from '../effects/clock.js';
import { App, type Io } from './app.js';
import { describe } from './errors.js';
import { wrapHelp } from '../ui/text.js';
import { findCommand, parse, parseGlobal } from './args.js';
import type { PassphraseHolder } from './tui.js';
import { PROGRAM_VERSION } from './version.js';
import { runInit } from './commands/init.js';
import { runNext, runStatus } from './commands/status.js';
import { runDone } from './commands/done.js';
import { runShow } from './commands/show.js';
import { runExpect } from './commands/expect.js';
import { runUndo } from './commands/undo.js';
import { runHistory } from './commands/history.js';
import { runProfile } from './commands/profile.js';

const commands: Record<string, { run: (app: App, args: string[]) => Promise<void>; help: MessageKey }> = {
  init: { run: runInit, help: 'help.init' },
  status: { run: runStatus, help: 'help.status' },
  next: { run: runNext, help: 'help.next' },
  show: { run: runShow, help: 'help.show' },
  done: { run: runDone, help: 'help.done' },
  expect: { run: runExpect, help: 'help.expect' },
  undo: { run: runUndo, help: 'help.undo' },
  history: { run: runHistory, help: 'help.history' },
  profile: { run: runProfile, help: 'help.profile' },
};

/** Runs one command line and returns its exit code. Never throws: every failure becomes one sentence. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let t: Translate = translator('ja');
  try {
    const { command, rest } = findCommand(argv);
    const global = parseGlobal(rest);
    const lang = pickLang(global.lang, io.env.SEIKYU_LANG);
    if (lang === null) throw new SeikyuError(ExitCode.usage, 'err.usage.lang', { value: global.lang ?? io.env.SEIKYU_LANG ?? '' });
    t = translator(lang);
    if (global.version) {
      io.stdout.write(`${PROGRAM_VERSION}\n`);
      return ExitCode.ok;
    }
    if (command === null && global.help) {
      io.stdout.write(wrapHelp(t('help.main'), helpWidth(io)) + '\n');
      return ExitCode.ok;
    }
    const options = {
      ...(global['data-dir'] !== undefined ? { dataDir: global['data-dir'] } : {}),
      ...(global.operator !== undefined ? { operator: global.operator } : {}),
      command: ['seikyu', ...argv.filter((a) => !a.includes('='))].join(' '),
    };
    if (command === null) {
      // Anything left besides global options is a mistake, not a request for the screen.
      parse('seikyu', rest, {}, false);
      if (!io.stdin.isTTY || !io.stdout.isTTY) throw new SeikyuError(ExitCode.usage, 'err.notTerminal');
      const holder: PassphraseHolder = { ask: null };
      const app = new App(io, lang, systemClock(io.env), {
        ...options,
        askPassphrase: (isNew, problem) => (holder.ask ? holder.ask(isNew, problem) : Promise.reject(new SeikyuError(ExitCode.secret, 'err.secret.noPassphrase'))),
      });
      // Ink colours through chalk, which reads FORCE_COLOR (not NO_COLOR) when it is first imported.
      if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
      const { runTui } = await import('./run-tui.js');
      await runTui(app, holder);
      return ExitCode.ok;
    }
    const entry = commands[command];
    if (!entry) throw new SeikyuError(ExitCode.usage, 'err.usage.unknownCommand', { command });
    if (global.help) {
      io.stdout.write(wrapHelp(t(entry.help), helpWidth(io)) + '\n');
      return ExitCode.ok;
    }
    const app = new App(io, lang, systemClock(io.env), options);
    await entry.run(app, rest);
    return ExitCode.ok;
  } catch (error) {
    const [code, message] = describe(error, t);
    io.stderr.write(`seikyu: ${message}\n`);
    if (io.env.SEIKYU_DEBUG && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
    return code;
  }
}


/** Help fits the terminal (80 columns when it is not one, so piped help reads the same everywhere). */
function helpWidth(io: Io): number {
  return Math.max(40, Math.min(100, io.stdout.isTTY ? io.stdout.columns || 80 : 80));
}
