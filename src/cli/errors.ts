import { ExitCode, SeikyuError } from '../i18n/errors.js';
import { ProcedureError } from '../machine/procedure.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { StoreError } from '../effects/store.js';
import { SecretError } from '../effects/secrets.js';
import { PROCEDURE_FILE } from '../effects/procedure-loader.js';
import { InvalidClockError } from '../effects/clock.js';

/** Maps any failure to its exit code and one sentence. */
export function describe(error: unknown, t: Translate): [number, string] {
  if (error instanceof SeikyuError) return [error.exitCode, t(error.key, error.params)];
  // The TUI's port words its failures already (checked by name: importing it here would be circular).
  if (error instanceof Error && error.name === 'PortError' && 'exitCode' in error) return [Number(error.exitCode), error.message];
  if (error instanceof StoreError) {
    const path = error.path;
    switch (error.code) {
      case 'locked': {
        const o = error.owner;
        if (!o) return [ExitCode.store, t('err.store.lockedUnknown', { path })];
        return [ExitCode.store, t('err.store.locked', { command: o?.command ?? '?', pid: o?.pid ?? '?', user: o?.user ?? '?', host: o?.host ?? '?', since: o?.since ?? '?' })];
      }
      case 'corrupt':
        return error.backupPath
          ? [ExitCode.store, t('err.store.corrupt', { path, detail: error.detail ?? '', backup: error.backupPath })]
          : [ExitCode.store, t('err.store.corruptNoBackup', { path, detail: error.detail ?? '' })];
      case 'too-new':
        return [ExitCode.store, t('err.store.tooNew', { path })];
      case 'conflict':
        return [ExitCode.store, t('err.store.conflict', { path })];
      case 'not-a-file': {
        const key: MessageKey = error.fileType === 'symlink' ? 'err.store.symlink' : error.fileType === 'directory' ? 'err.store.directory' : 'err.store.special';
        return [ExitCode.store, t(key, { path })];
      }
      default:
        return [ExitCode.store, t('err.store.unreadable', { path, detail: error.detail ?? error.message })];
    }
  }
  if (error instanceof SecretError) {
    const key: MessageKey = error.code === 'wrong-passphrase' ? 'err.secret.wrongPassphrase' : error.code === 'no-passphrase' ? 'err.secret.noPassphrase' : 'err.secret.corrupt';
    return [ExitCode.secret, t(key)];
  }
  if (error instanceof InvalidClockError) return [ExitCode.usage, t('err.usage.badNow', { value: error.value })];
  if (error instanceof ProcedureError) return [ExitCode.internal, t('err.procedure', { file: PROCEDURE_FILE, detail: error.message })];
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return [ExitCode.internal, t('err.internal', { message })];
}
