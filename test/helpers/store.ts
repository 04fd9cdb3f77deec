import { expect } from 'vitest';
import { emptyDocument } from '../../src/effects/store-document.js';
import { StoreError, type Store } from '../../src/effects/store.js';
import type { StoredEvent } from '../../src/machine/events.js';

/** A stored event of the store's tests: a `step-done` with the given fields over plain defaults. */
export function storeEvent(id: number, fields: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id,
    type: 'step-done',
    step: 'cert-letter',
    terminal: null,
    inputs: {},
    occurredAt: '2025-06-02',
    recordedAt: '2025-06-02T10:15:00+09:00',
    operator: '事務長',
    ...fields,
  };
}

/** Appends one event with the next id, in this process: what the CLI does for every operator action. */
export function appendEvent(store: Store, fields: Partial<StoredEvent> = {}): Promise<number> {
  return store.update((doc) => {
    const next = doc ?? emptyDocument(new Date('2025-06-01T09:00:00+09:00'), '0.1.0');
    const id = (next.events.at(-1)?.id ?? 0) + 1;
    next.events.push(storeEvent(id, fields));
    return { doc: next, result: id };
  });
}

/** The StoreError a promise rejects with (fails the test when it resolves or rejects otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}
