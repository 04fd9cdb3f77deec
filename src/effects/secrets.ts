import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';
// A namespace import lets the bundler keep only what is used (the `z` object carries every locale: 450 KB against 85 KB).
import * as z from 'zod';
import { EncryptedValue } from '../machine/events.js';

/**
 * Encryption at rest of secret inputs (PINs, passwords of certificate files…).
 * The key is derived from the operator's passphrase with scrypt; the passphrase itself is never stored.
 * A verifier (a known marker encrypted with the key) lets a wrong passphrase be told apart from a damaged file.
 */

/** How the key is derived, stored in the document next to the events. */
export const SecretsHeader = z.strictObject({
  kdf: z.literal('scrypt'),
  salt: z.base64().min(1),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  /** The fixed marker encrypted with the derived key: decrypting it proves the passphrase. */
  verifier: EncryptedValue,
});
export type SecretsHeader = z.infer<typeof SecretsHeader>;

/** Why a secret could not be opened or sealed. The CLI maps the code to a message. */
export class SecretError extends Error {
  override readonly name = 'SecretError';
  constructor(
    readonly code: 'wrong-passphrase' | 'no-passphrase' | 'corrupt',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

declare const secretKeyBrand: unique symbol;
/**
 * An unlocked key. Opaque on purpose: the bytes live in a module-private WeakMap, so the key never shows up in
 * `JSON.stringify`, `console.log` or a crash dump of the object.
 */
export interface SecretKey {
  readonly [secretKeyBrand]: true;
}

const keyBytes = new WeakMap<SecretKey, Buffer>();

function wrapKey(bytes: Buffer): SecretKey {
  const key = Object.freeze({}) as SecretKey;
  keyBytes.set(key, bytes);
  return key;
}

function unwrapKey(key: SecretKey): Buffer {
  const bytes = keyBytes.get(key);
  if (!bytes) throw new TypeError('not a key made by createSecrets/unlockSecrets');
  return bytes;
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: ScryptOptions) => Promise<Buffer>;

/** 2**15 × 8 × 128 bytes = 32 MiB of memory: slow enough for guessing, fast enough for a clinic PC. */
const SCRYPT_N = 2 ** 15;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
/** Node's default maxmem (32 MiB) is just below what N=2**15, r=8 needs; it also caps a hostile header. */
const SCRYPT_MAXMEM = 64 * 1024 * 1024;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const IV_LENGTH = 12;
/** Node accepts shorter GCM tags unless told otherwise; a truncated tag would weaken authentication. */
const TAG_LENGTH = 16;
const VERIFIER_MARKER = 'seikyu-secrets-v1';

function requirePassphrase(passphrase: string): string {
  if (passphrase.length === 0) throw new SecretError('no-passphrase', 'a passphrase is required');
  // The same Japanese passphrase may arrive composed or decomposed (macOS input methods): derive from one form.
  return passphrase.normalize('NFC');
}

async function deriveKey(passphrase: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  try {
    return await scryptAsync(passphrase, salt, KEY_LENGTH, { N, r, p, maxmem: SCRYPT_MAXMEM });
  } catch (error) {
    // Only header values can make scrypt refuse (N not a power of two, too much memory).
    throw new SecretError('corrupt', 'the secrets header has unusable key-derivation parameters', { cause: error });
  }
}

/** Makes a new key from a passphrase, with the header to store so it can be derived again. */
export async function createSecrets(passphrase: string): Promise<{ header: SecretsHeader; key: SecretKey }> {
  const normalized = requirePassphrase(passphrase);
  const salt = randomBytes(SALT_LENGTH);
  const key = wrapKey(await deriveKey(normalized, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P));
  const header: SecretsHeader = {
    kdf: 'scrypt',
    salt: salt.toString('base64'),
    N: SCRYPT_N,
    r: SCRYPT_R,
    p: SCRYPT_P,
    verifier: encryptSecret(key, VERIFIER_MARKER),
  };
  return { header, key };
}

/** Derives the key of a stored header. A passphrase that does not open the verifier is 'wrong-passphrase'. */
export async function unlockSecrets(header: SecretsHeader, passphrase: string): Promise<SecretKey> {
  const normalized = requirePassphrase(passphrase);
  const parsed = SecretsHeader.safeParse(header);
  if (!parsed.success) throw new SecretError('corrupt', 'the secrets header is not valid');
  const { salt, N, r, p, verifier } = parsed.data;
  const key = wrapKey(await deriveKey(normalized, Buffer.from(salt, 'base64'), N, r, p));
  let marker: string;
  try {
    marker = decryptSecret(key, verifier);
  } catch (error) {
    // GCM authentication of the verifier fails for any other key: that is how a wrong passphrase shows.
    throw new SecretError('wrong-passphrase', 'the passphrase does not open these secrets', { cause: error });
  }
  if (marker !== VERIFIER_MARKER) throw new SecretError('corrupt', 'the secrets verifier holds an unexpected value');
  return key;
}

/**
 * What the document keeps for a secret that a handoff bundle left out ("recorded, not exported"): the input was
 * recorded, its value never came here. It has the shape of a ciphertext, so everything that reads the log sees a
 * secret input (shown as ＊＊＊, never a plain value); it opens under no key.
 */
export const NOT_EXPORTED: EncryptedValue = Object.freeze({ iv: 'not-exported', tag: 'not-exported', data: '' });

/** Is this stored secret one a handoff left out (no value to open)? */
export function isNotExported(value: EncryptedValue): boolean {
  return value.iv === NOT_EXPORTED.iv && value.tag === NOT_EXPORTED.tag && value.data === NOT_EXPORTED.data;
}

/** Seals one secret with AES-256-GCM and a fresh random IV, so equal secrets give different ciphertexts. */
export function encryptSecret(key: SecretKey, plaintext: string): EncryptedValue {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', unwrapKey(key), iv, { authTagLength: TAG_LENGTH });
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Opens one secret. Any change to the IV, tag or data (or another key) is 'corrupt'. */
export function decryptSecret(key: SecretKey, value: EncryptedValue): string {
  const bytes = unwrapKey(key);
  if (isNotExported(value)) throw new SecretError('corrupt', 'the value was left out of the handoff bundle it came from');
  const iv = Buffer.from(value.iv, 'base64');
  const tag = Buffer.from(value.tag, 'base64');
  if (iv.length !== IV_LENGTH || tag.length !== TAG_LENGTH) {
    throw new SecretError('corrupt', 'the encrypted value has a malformed IV or tag');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', bytes, iv, { authTagLength: TAG_LENGTH });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(value.data, 'base64')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new SecretError('corrupt', 'the encrypted value does not authenticate', { cause: error });
  }
}
