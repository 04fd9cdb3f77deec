import { createSecrets, SecretError, unlockSecrets, type SecretKey, type SecretsHeader } from '../effects/secrets.js';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import type { Translate } from '../i18n/index.js';

/**
 * The key of the secrets, unlocked (or created, the first time) from the passphrase: from
 * SEIKYU_PASSPHRASE, the screen's own question, or hidden input on the terminal — asked once per run, and
 * asked again a few times when mistyped where a person is typing it.
 */
export interface Keyring {
  /** The key for the document's header (null: no secret yet, so a new key and header are made). */
  key(header: SecretsHeader | null): Promise<{ header: SecretsHeader; key: SecretKey }>;
}

/** What the keyring needs from the world. */
export interface KeyringDeps {
  t: Translate;
  /** SEIKYU_PASSPHRASE, when set and not empty. */
  fromEnv: string | undefined;
  /** The interactive screen asks on its own screen (with the problem of the previous attempt). */
  askOnScreen?: ((isNew: boolean, problem: string | null) => Promise<string>) | undefined;
  /** Hidden input on the terminal, when standard input is one. */
  askOnTerminal?: ((question: string) => Promise<string>) | undefined;
  /** Where a terminal user reads why the passphrase is asked again. */
  warn: (line: string) => void;
}

const MIN_PASSPHRASE = 8;

export function createKeyring(deps: KeyringDeps): Keyring {
  const { t } = deps;
  let unlocked: { header: SecretsHeader; key: SecretKey } | null = null;
  let given: string | null = null;
  const asksAPerson = deps.fromEnv === undefined && (deps.askOnScreen !== undefined || deps.askOnTerminal !== undefined);

  const passphrase = async (isNew: boolean, problem: string | null): Promise<string> => {
    if (given !== null) return given;
    let value: string;
    if (deps.fromEnv !== undefined) {
      value = deps.fromEnv;
    } else if (deps.askOnScreen) {
      value = await deps.askOnScreen(isNew, problem);
    } else if (deps.askOnTerminal) {
      value = await deps.askOnTerminal(t(isNew ? 'prompt.newPassphrase' : 'prompt.passphrase'));
      if (isNew) {
        if ([...value].length < MIN_PASSPHRASE) throw new SeikyuError(ExitCode.secret, 'err.secret.tooShort');
        const again = await deps.askOnTerminal(t('prompt.repeatPassphrase'));
        if (again !== value) throw new SeikyuError(ExitCode.secret, 'err.secret.mismatch');
      }
    } else {
      throw new SeikyuError(ExitCode.secret, 'err.secret.noPassphrase');
    }
    if (isNew && [...value].length < MIN_PASSPHRASE) throw new SeikyuError(ExitCode.secret, 'err.secret.tooShort');
    given = value;
    return value;
  };

  return {
    async key(header) {
      // A header written by another process since the passphrase was checked is unlocked with the same one.
      if (unlocked && (header === null || header.salt === unlocked.header.salt)) return unlocked;
      const attempts = asksAPerson ? 3 : 1;
      let problem: string | null = null;
      for (let attempt = 1; ; attempt++) {
        try {
          const value = await passphrase(header === null, problem);
          unlocked = header ? { header, key: await unlock(header, value) } : await createSecrets(value);
          return unlocked;
        } catch (error) {
          // A wrong passphrase is not remembered for the rest of the run.
          given = null;
          const retry = error instanceof SeikyuError && error.exitCode === ExitCode.secret && error.key !== 'err.secret.noPassphrase';
          if (!retry || attempt >= attempts) throw error;
          problem = t(error.key, error.params);
          // The screen shows the problem on its passphrase form; the terminal gets it on stderr.
          if (!deps.askOnScreen) deps.warn(problem);
        }
      }
    },
  };
}

async function unlock(header: SecretsHeader, passphrase: string): Promise<SecretKey> {
  try {
    return await unlockSecrets(header, passphrase);
  } catch (error) {
    if (error instanceof SecretError && error.code === 'wrong-passphrase') throw new SeikyuError(ExitCode.secret, 'err.secret.wrongPassphrase');
    if (error instanceof SecretError && error.code === 'no-passphrase') throw new SeikyuError(ExitCode.secret, 'err.secret.noPassphrase');
    throw error;
  }
}
