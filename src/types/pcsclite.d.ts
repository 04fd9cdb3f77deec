/**
 * The parts of pcsclite 1.0.1 the PC/SC port uses (read from node_modules/pcsclite/lib/pcsclite.js and src/*.cpp).
 * pcsclite is an optional native dependency: it is absent where build tools were missing, so the type checker
 * must not depend on its own `index.d.ts` being installed. The port still checks the loaded value at run time.
 */
declare module 'pcsclite' {
  import type { EventEmitter } from 'node:events';

  namespace pcsclite {
    interface ReaderStatus {
      /** SCARD_STATE_* flags; the upper 16 bits carry pcscd's event counter. */
      state: number;
      /** The card's ATR; an empty buffer when no card answered. */
      atr?: Buffer;
    }

    interface CardReader extends EventEmitter {
      readonly name: string;
      readonly SCARD_STATE_PRESENT: number;
      readonly SCARD_STATE_MUTE: number;
      /** Stops the reader's status thread (joins it: synchronous). */
      close(): void;
      on(event: 'status', listener: (status: ReaderStatus) => void): this;
      on(event: 'error', listener: (error: Error) => void): this;
      on(event: 'end', listener: () => void): this;
    }

    interface PCSCLite extends EventEmitter {
      /** The readers by name, as of the last list. */
      readonly readers: Record<string, CardReader>;
      /**
       * Starts the reader-list thread; called by the factory on the next tick, with a callback that turns each
       * list into `reader` events (or an `error`). Internal, but the only way to learn that a list (even an
       * empty one) has arrived.
       */
      start(callback: (error: Error | undefined, names: Buffer) => void): void;
      close(): void;
      on(event: 'reader', listener: (reader: CardReader) => void): this;
      on(event: 'error', listener: (error: Error) => void): this;
    }
  }

  /** Establishes a PC/SC context; throws at once when the service is not running (SCARD_E_NO_SERVICE). */
  function pcsclite(): pcsclite.PCSCLite;
  export = pcsclite;
}
