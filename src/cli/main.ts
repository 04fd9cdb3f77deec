import { ExitCode, SeikyuError } from '../i18n/errors.js';
import { excerpt } from '../i18n/visible.js';
import { pickLang, translator, type MessageKey, type Translate } from '../i18n/index.js';
import type { App, Io } from './app.js';
import { wrapHelp } from '../ui/text.js';
import { findCommand, parse, parseGlobal } from './args.js';
import type { PassphraseHolder } from './tui.js';
import { PROGRAM_BUILD, PROGRAM_VERSION } from './version.js';

type Run = (app: App, args: string[]) => Promise<void>;

/**
 * The commands, each loaded when it runs: `--version` and `--help` then need none of the store, the
 * statechart or the schemas (zod alone takes ~90 ms to import).
 */
const commands: Record<string, { load: () => Promise<Run>; help: MessageKey }> = {
  init: { load: async () => (await import('./commands/init.js')).runInit, help: 'help.init' },
  status: { load: async () => (await import('./commands/status.js')).runStatus, help: 'help.status' },
  next: { load: async () => (await import('./commands/status.js')).runNext, help: 'help.next' },
  show: { load: async () => (await import('./commands/show.js')).runShow, help: 'help.show' },
  done: { load: async () => (await import('./commands/done.js')).runDone, help: 'help.done' },
  check: { load: async () => (await import('./commands/check.js')).runCheck, help: 'help.check' },
  expect: { load: async () => (await import('./commands/expect.js')).runExpect, help: 'help.expect' },
  undo: { load: async () => (await import('./commands/undo.js')).runUndo, help: 'help.undo' },
  history: { load: async () => (await import('./commands/history.js')).runHistory, help: 'help.history' },
  reveal: { load: async () => (await import('./commands/reveal.js')).runReveal, help: 'help.reveal' },
  profile: { load: async () => (await import('./commands/profile.js')).runProfile, help: 'help.profile' },
  export: { load: async () => (await import('./commands/export.js')).runExport, help: 'help.export' },
  import: { load: async () => (await import('./commands/import.js')).runImport, help: 'help.import' },
};

/** Runs one command line and returns its exit code. Never throws: every failure becomes one sentence. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let t: Translate = translator('ja');
  try {
    const { command, rest } = findCommand(argv);
    const global = parseGlobal(rest);
    const lang = pickLang(global.lang, io.env.SEIKYU_LANG);
    if (lang === null) throw new SeikyuError(ExitCode.usage, 'err.usage.lang', { value: excerpt(global.lang ?? io.env.SEIKYU_LANG ?? '') });
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
      const { App } = await import('./app.js');
      const { systemClock } = await import('../effects/clock.js');
      const app = new App(io, lang, systemClock(io.env), {
        ...options,
        askPassphrase: (isNew, problem) => (holder.ask ? holder.ask(isNew, problem) : Promise.reject(new SeikyuError(ExitCode.secret, 'err.secret.noPassphrase'))),
      });
      // Ink colours through chalk, which reads FORCE_COLOR (not NO_COLOR) when it is first imported.
      if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
      const { runTui } = await withoutFetch(() => import('./run-tui.js'));
      await runTui(app, holder);
      return ExitCode.ok;
    }
    // Own names only: `seikyu toString` is no command (it found Object.prototype's and crashed, exit 1).
    const entry = Object.hasOwn(commands, command) ? commands[command] : undefined;
    if (!entry) throw new SeikyuError(ExitCode.usage, 'err.usage.unknownCommand', { command: excerpt(command) });
    if (global.help) {
      io.stdout.write(wrapHelp(t(entry.help), helpWidth(io)) + '\n');
      return ExitCode.ok;
    }
    const [run, { App }, { systemClock }] = await Promise.all([entry.load(), import('./app.js'), import('../effects/clock.js')]);
    // `status` and `next` keep what they print as the answer to the same question about the same document today.
    const recording = command === 'status' || command === 'next' ? record(io) : null;
    const app = new App(recording?.io ?? io, lang, systemClock(io.env), options);
    const today = app.today;
    await run(app, rest);
    const bytes = app.store.lastReadBytes;
    // Only a clean answer (nothing on stderr) about a document that was read, still on the day it was made for.
    if (recording && !recording.wroteErrors() && bytes && app.today === today) {
      const { questionKey, saveAnswer } = await import('../effects/answers.js');
      saveAnswer(app.dataDir, questionKey({ argv, env: io.env, stdout: io.stdout, today, build: PROGRAM_BUILD }), bytes, recording.out());
    }
    return ExitCode.ok;
  } catch (error) {
    const { describe } = await import('./errors.js');
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

/**
 * The same streams, with what goes to standard output kept and what goes to standard error noticed: the text
 * of a saved answer is exactly the bytes the command wrote.
 */
function record(io: Io): { io: Io; out: () => string; wroteErrors: () => boolean } {
  const chunks: string[] = [];
  let errors = false;
  const tap = <S extends NodeJS.WriteStream>(stream: S, onWrite: (chunk: unknown) => void): S =>
    new Proxy(stream, {
      get(target, property) {
        if (property === 'write') {
          return (chunk: unknown, ...rest: unknown[]) => {
            onWrite(chunk);
            return (target.write as (...args: unknown[]) => boolean)(chunk, ...rest);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  const stdout = tap(io.stdout, (chunk) => chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')));
  const stderr = tap(io.stderr, () => {
    errors = true;
  });
  return { io: { ...io, stdout, stderr }, out: () => chunks.join(''), wroteErrors: () => errors };
}

/**
 * Runs `load` with `fetch` hidden. Ink's layout engine (yoga, WebAssembly carried as base64) fetches its own
 * `data:` URL when `fetch` exists: on Node that first loads the whole of undici, then decodes through it — the
 * slowest part of opening the screen. Without `fetch` it decodes the base64 directly. Node defines `fetch` as a
 * lazy getter: the descriptor is put back untouched, so nothing is loaded until someone really uses it.
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!descriptor?.configurable) return load();
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true, enumerable: descriptor.enumerable ?? false });
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', descriptor);
  }
}
