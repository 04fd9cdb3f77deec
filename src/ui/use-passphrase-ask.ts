import { useEffect, useRef, type Dispatch } from 'react';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import type { OnboardingPort } from './port.js';
import type { ScreenAction } from './screen-state.js';

/** The operator's answer to the passphrase question. */
export interface PassphraseAnswer {
  /** Gives the typed passphrase to the save that asked for it. */
  answer(passphrase: string): void;
  /** Esc: the save that asked for it fails as interrupted, and nothing is saved. */
  cancel(): void;
}

/**
 * Installs the screen that asks for the passphrase: a save that meets the first secret asks through the
 * port, and waits on a promise this hook settles when the operator answers. The question itself (new or
 * not, why again) goes to the screen's state; the promise's settlers stay here, out of the rendered state.
 */
export function usePassphraseAsk(port: OnboardingPort, dispatch: Dispatch<ScreenAction>): PassphraseAnswer {
  const pending = useRef<{ resolve: (value: string) => void; reject: (error: Error) => void } | null>(null);
  useEffect(() => {
    port.onPassphrase(
      (isNew, problem) =>
        new Promise<string>((resolve, reject) => {
          pending.current = { resolve, reject };
          dispatch({ type: 'passphrase-asked', isNew, problem });
        }),
    );
  }, [port, dispatch]);
  return {
    answer: (passphrase) => {
      dispatch({ type: 'passphrase-closed' });
      pending.current?.resolve(passphrase);
      pending.current = null;
    },
    cancel: () => {
      dispatch({ type: 'passphrase-closed' });
      pending.current?.reject(new SeikyuError(ExitCode.interrupted, 'err.interrupted'));
      pending.current = null;
    },
  };
}
