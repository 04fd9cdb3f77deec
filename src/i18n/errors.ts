import type { MessageKey, Params } from './index.js';

/** Exit codes of the command line (documented in `seikyu --help` and the README). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  refused: 4,
  state: 5,
  store: 6,
  secret: 7,
  /** Ctrl-C at a question: the shell's convention for SIGINT. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can cause or fix: one sentence from the catalog and an exit code. Nothing is saved
 * when one is thrown.
 */
export class SeikyuError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly key: MessageKey,
    readonly params: Params = {},
  ) {
    super(key);
    this.name = 'SeikyuError';
  }
}
