import { ExitCode, SeikyuError } from '../machine/errors.js';
import { ProcedureError } from '../machine/procedure.js';
import { pickLang, translator, type MessageKey, type Translate } from '../i18n/index.js';
import { StoreError } from '../effects/store.js';
import { SecretError } from '../effects/secrets.js';
import { PROCEDURE_FILE } from '../effects/procedure-loader.js';
import { systemClock } from '../effects/clock.js';
import { App, type Io } from './app.js';
import { findCommand, parseGlobal } from './args.js';
import { PROGRAM_VERSION } from './version.js';
import { runInit } from './commands/init.js';
import { runNext, runStatus } from './commands/status.js';
import { runDone } from './commands/done.js';
import { runExpect } from './commands/expect.js';
import { runUndo } from './commands/undo.js';
import { runHistory } from './commands/history.js';
import { runProfile } from './commands/profile.js';

const commands: Record<string, { run: (app: App, args: string[]) => Promise<void>; help: MessageKey }> = {
  init: { run: runInit, help: 'help.init' },
  status: { run: runStatus, help: 'help.status' },
  next: { run: runNext, help: 'help.next' },
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
    if (command === null) {
      io.stdout.write(t('help.main') + '\n');
      return ExitCode.ok;
    }
    const entry = commands[command];
    if (!entry) throw new SeikyuError(ExitCode.usage, 'err.usage.unknownCommand', { command });
    if (global.help) {
      io.stdout.write(t(entry.help) + '\n');
      return ExitCode.ok;
    }
    const app = new App(io, lang, systemClock(io.env), {
      ...(global['data-dir'] !== undefined ? { dataDir: global['data-dir'] } : {}),
      ...(global.operator !== undefined ? { operator: global.operator } : {}),
      command: ['seikyu', ...argv.filter((a) => !a.includes('='))].join(' '),
    });
    await entry.run(app, rest);
    return ExitCode.ok;
  } catch (error) {
    const [code, message] = describe(error, t);
    io.stderr.write(`seikyu: ${message}\n`);
    if (io.env.SEIKYU_DEBUG && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
    return code;
  }
}

/** Maps any failure to its exit code and one sentence. */
export function describe(error: unknown, t: Translate): [number, string] {
  if (error instanceof SeikyuError) return [error.exitCode, t(error.key, error.params)];
  if (error instanceof StoreError) {
    const path = error.path;
    switch (error.code) {
      case 'locked': {
        const o = error.owner;
        return [ExitCode.store, t('err.store.locked', { command: o?.command ?? '?', pid: o?.pid ?? '?', user: o?.user ?? '?', host: o?.host ?? '?', since: o?.since ?? '?' })];
      }
      case 'corrupt':
        return error.backupPath
          ? [ExitCode.store, t('err.store.corrupt', { path, detail: error.detail ?? '', backup: error.backupPath })]
          : [ExitCode.store, t('err.store.corruptNoBackup', { path, detail: error.detail ?? '' })];
      case 'too-new':
        return [ExitCode.store, t('err.store.tooNew', { path })];
      default:
        return [ExitCode.store, t('err.store.unreadable', { path, detail: error.detail ?? error.message })];
    }
  }
  if (error instanceof SecretError) {
    const key: MessageKey = error.code === 'wrong-passphrase' ? 'err.secret.wrongPassphrase' : error.code === 'no-passphrase' ? 'err.secret.noPassphrase' : 'err.secret.corrupt';
    return [ExitCode.secret, t(key)];
  }
  if (error instanceof ProcedureError) return [ExitCode.internal, t('err.procedure', { file: PROCEDURE_FILE, detail: error.message })];
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return [ExitCode.internal, t('err.internal', { message })];
}
