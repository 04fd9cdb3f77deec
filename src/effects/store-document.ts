import { createHash } from 'node:crypto';
// A namespace import lets the bundler keep only what is used (the `z` object carries every locale: 450 KB against 85 KB).
import * as z from 'zod';
import { StoredEvent } from '../machine/events.js';
import { Profile } from '../machine/profile.js';
import { SecretsHeader } from './secrets.js';

/**
 * The document format this program writes. A file with a higher number was written by a newer program and is
 * refused; format 1 (before the cache carried its ignored events and digest) is read and written back as 2.
 */
export const DOCUMENT_FORMAT = 2;

/** The cached statechart snapshot: used only while the machine and procedure versions still match. */
export const SnapshotCache = z.strictObject({
  machineVersion: z.number().int(),
  procedureVersion: z.number().int(),
  /** Identifies what the snapshot was built from (e.g. the profile and procedure), so a stale cache is not reused. */
  key: z.string(),
  /** The last event folded into the snapshot: later events are replayed on top. */
  lastEventId: z.number().int().min(0),
  snapshot: z.unknown(),
  /** The events replay did not take (the profile changed under them), so the cache answers as replay does. */
  ignored: z.array(z.strictObject({ id: z.number().int().min(1), why: z.enum(['no-such-step', 'refused']) })).optional(),
  /** SHA-256 of the fields above: a cache that was changed or damaged is rebuilt from the events, never trusted. */
  digest: z.string().optional(),
});
export type SnapshotCache = z.infer<typeof SnapshotCache>;

/**
 * The saved onboarding: one JSON file. The events are the record; `profile` and `cache` are derived from them
 * and kept only for readability, export and a fast start.
 */
export const SeikyuDocument = z.strictObject({
  /** Document format; a higher number than DOCUMENT_FORMAT is refused as 'too-new'. */
  format: z.union([z.literal(1), z.literal(DOCUMENT_FORMAT)]),
  /** When the onboarding was started, ISO 8601. */
  createdAt: z.string().min(1),
  /** The program that last wrote the file. */
  program: z.strictObject({ version: z.string().min(1) }),
  /** The profile derived from the events. */
  profile: Profile.nullable(),
  events: z.array(StoredEvent),
  /** Null until the first secret is recorded. */
  secrets: SecretsHeader.nullable(),
  cache: SnapshotCache.nullable(),
});
export type SeikyuDocument = z.infer<typeof SeikyuDocument>;

/** A document with no events yet, as written by the first `update` of a new data directory. */
export function emptyDocument(now: Date, programVersion: string): SeikyuDocument {
  return {
    format: DOCUMENT_FORMAT,
    createdAt: now.toISOString(),
    program: { version: programVersion },
    profile: null,
    events: [],
    secrets: null,
    cache: null,
  };
}

/** SHA-256 over the cache's content (everything but the digest itself). */
export function cacheDigest(cache: Omit<SnapshotCache, 'digest'>): string {
  const { digest: _digest, ...content } = cache as SnapshotCache;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Does the cache still hold what was written? A cache changed or damaged on disk is rebuilt, never trusted. */
export function isCacheIntact(cache: SnapshotCache): boolean {
  return cache.digest !== undefined && cache.digest === cacheDigest(cache);
}
