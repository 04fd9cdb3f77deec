import { useInput } from 'ink';
import { splitChunk, type KeyInfo } from './keymap.js';

/**
 * Hands every key to `onKey` one at a time, in the order typed. Keys that arrive together in one read (a
 * held arrow key, fast typing over a remote session: "jjj", "j\r") are split first.
 *
 * The queue is React's own: `onKey` dispatches to the screen's reducer, and React reduces queued actions
 * one after another, each on the state the previous one left — so no key waits for a render, and none is
 * handled on a stale state.
 */
export function useKeyQueue(onKey: (input: string, key: KeyInfo) => void, options: { isActive: boolean }): void {
  useInput(
    (input, key) => {
      for (const one of splitChunk(input, key)) onKey(one.input, one.key);
    },
    { isActive: options.isActive },
  );
}
