import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEncrypted } from '../../src/machine/events.js';
import { createSecrets, decryptSecret, encryptSecret, SecretError, SecretsHeader, unlockSecrets } from '../../src/effects/secrets.js';
import { emptyDocument } from '../../src/effects/store-document.js';
import { Store } from '../../src/effects/store.js';

const passphrase = 'correct horse バッテリー staple';
const plaintext = 'PIN-4821-受付PC-電子証明書';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'seikyu-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function secretError(promise: Promise<unknown> | (() => unknown)): Promise<SecretError> {
  const error = await (typeof promise === 'function' ? Promise.resolve().then(promise) : promise).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretError);
  return error as SecretError;
}

describe('secrets', () => {
  it('writes neither the passphrase nor the plaintext into the document or its backup', async () => {
    const { header, key } = await createSecrets(passphrase);
    const store = new Store({ dir });
    for (let round = 0; round < 2; round++) {
      await store.update((doc) => {
        const next = doc ?? emptyDocument(new Date(), '0.1.0');
        next.secrets = header;
        next.events.push({
          id: next.events.length + 1,
          type: 'step-done',
          step: 'client-cert',
          terminal: '受付PC',
          inputs: { certificatePassword: encryptSecret(key, plaintext), fileName: 'client.p12' },
          occurredAt: '2025-06-20',
          recordedAt: '2025-06-20T14:00:00+09:00',
          operator: '事務長',
        });
        return { doc: next, result: null };
      });
    }

    for (const file of [store.file, store.backupFile]) {
      const raw = await readFile(file);
      expect(raw.includes(Buffer.from(plaintext, 'utf8'))).toBe(false);
      expect(raw.includes(Buffer.from(passphrase, 'utf8'))).toBe(false);
      expect(raw.includes(Buffer.from('PIN-4821'))).toBe(false);
    }

    const doc = await store.read();
    const stored = doc!.events[1]!.inputs.certificatePassword!;
    expect(isEncrypted(stored)).toBe(true);
    const unlocked = await unlockSecrets(doc!.secrets!, passphrase);
    expect(decryptSecret(unlocked, stored as Exclude<typeof stored, string>)).toBe(plaintext);
  });

  it('makes a header with scrypt N=2**15 r=8 p=1 and a 16-byte salt that the schema accepts', async () => {
    const { header } = await createSecrets(passphrase);

    expect(SecretsHeader.parse(header)).toEqual(header);
    expect(header).toMatchObject({ kdf: 'scrypt', N: 2 ** 15, r: 8, p: 1 });
    expect(Buffer.from(header.salt, 'base64')).toHaveLength(16);
  });

  it('opens the secrets again with the same passphrase', async () => {
    const { header, key } = await createSecrets(passphrase);
    const sealed = encryptSecret(key, plaintext);

    expect(decryptSecret(await unlockSecrets(header, passphrase), sealed)).toBe(plaintext);
  });

  it('refuses a wrong passphrase as wrong-passphrase', async () => {
    const { header } = await createSecrets(passphrase);

    expect((await secretError(unlockSecrets(header, 'correct horse battery staple'))).code).toBe('wrong-passphrase');
  });

  it('refuses an empty passphrase as no-passphrase when creating and when unlocking', async () => {
    const { header } = await createSecrets(passphrase);

    expect((await secretError(createSecrets(''))).code).toBe('no-passphrase');
    expect((await secretError(unlockSecrets(header, ''))).code).toBe('no-passphrase');
  });

  it('refuses a tampered ciphertext, tag or IV as corrupt', async () => {
    const { key } = await createSecrets(passphrase);
    const sealed = encryptSecret(key, plaintext);
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = bytes[0]! ^ 0x01;
      return bytes.toString('base64');
    };

    for (const tampered of [
      { ...sealed, data: flip(sealed.data) },
      { ...sealed, tag: flip(sealed.tag) },
      { ...sealed, iv: flip(sealed.iv) },
      { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 8).toString('base64') },
    ]) {
      expect((await secretError(() => decryptSecret(key, tampered))).code).toBe('corrupt');
    }
  });

  it('refuses a value sealed with another key as corrupt', async () => {
    const first = await createSecrets(passphrase);
    const second = await createSecrets(passphrase);

    expect((await secretError(() => decryptSecret(second.key, encryptSecret(first.key, plaintext)))).code).toBe('corrupt');
  });

  it('gives two different ciphertexts for the same plaintext', async () => {
    const { key } = await createSecrets(passphrase);
    const a = encryptSecret(key, plaintext);
    const b = encryptSecret(key, plaintext);

    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect(decryptSecret(key, a)).toBe(decryptSecret(key, b));
  });

  it('keeps the key bytes out of JSON and inspection', async () => {
    const { key } = await createSecrets(passphrase);

    expect(JSON.stringify(key)).toBe('{}');
    expect(Object.keys(key)).toEqual([]);
  });
});
