import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventType, type StoredEvent } from '../../src/machine/events.js';
import type { Profile } from '../../src/machine/profile.js';
import { createSecrets, encryptSecret } from '../../src/effects/secrets.js';
import { emptyDocument, type SeikyuDocument } from '../../src/effects/store-document.js';
import { defaultDataDir, Store, type LockReport } from '../../src/effects/store.js';
import { appendEvent, rejection, storeEvent } from '../helpers/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'test/fixtures/append-events.mjs');
const onWindows = process.platform === 'win32';

let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'seikyu-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
  await rm(dir, { recursive: true, force: true });
});

const profile: Profile = {
  name: '山田内科クリニック',
  code: '1312345678',
  carrier: 'ntt',
  area: 'east',
  connection: 'ipv6-ipvpn',
  terminals: [
    { name: '受付PC', roles: ['claims', 'oqs'] },
    { name: '診察室1', roles: ['oqs'] },
  ],
};

const event = storeEvent;
const append = appendEvent;

function startFixture(args: string[]) {
  const child = spawn(process.execPath, [fixture, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text)) resolve();
      };
      child.stdout.on('data', check);
      check();
      void exited.then(({ code }) => reject(new Error(`fixture exited (${code}) before printing ${text}: ${stderr}`)));
    });
  return { child, exited, printed };
}

describe('Store', () => {
  it('returns null from read when the data directory holds no document yet', async () => {
    expect(await new Store({ dir: path.join(dir, 'missing') }).read()).toBeNull();
  });

  it('round-trips a document holding every event type and a secrets header', async () => {
    const { header, key } = await createSecrets('受付の合言葉 2025');
    const events: StoredEvent[] = [
      event(1, { type: 'profile-created', step: 'facility-profile', recordedAt: '2025-06-01T09:00:00+09:00', occurredAt: '2025-06-01', profile }),
      event(2, {
        type: 'profile-changed',
        step: 'facility-profile',
        profile: { ...profile, terminals: [...profile.terminals, { name: '診察室2', roles: ['oqs'] }] },
        change: 'terminal-added 診察室2',
      }),
      event(3, { type: 'expected', step: 'cert-letter', by: '2025-06-20', note: '支払基金から電話あり' }),
      event(4, { type: 'step-done', step: 'cert-letter', inputs: { trackingNumber: '1234-5678-9012', pin: encryptSecret(key, '4821') }, occurredAt: '2025-06-18' }),
      event(5, { type: 'check-failed', step: 'dns-ipv6', terminal: '受付PC', detail: 'AAAA lookup timed out after 5 s' }),
      event(6, { type: 'undone', step: null, target: 5, note: '誤記録' }),
      event(7, { type: 'secret-revealed', step: 'cert-letter', key: 'pin' }),
      event(8, {
        type: 'check-passed',
        step: 'client-cert',
        terminal: '受付PC',
        inputs: { file: 'C:\\Cert\\client.p12', password: encryptSecret(key, '1234'), notAfter: '2029-03-31' },
        reason: 'check.client-cert.passed',
        evidence: { file: 'C:\\Cert\\client.p12', subject: 'CN=受付PC' },
        facts: { notAfter: '2029-03-31', fingerprint: 'AB:CD' },
      }),
    ];
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EventType.options));
    const doc: SeikyuDocument = {
      ...emptyDocument(new Date('2025-06-01T00:00:00Z'), '0.1.0'),
      profile,
      events,
      secrets: header,
      cache: { machineVersion: 3, procedureVersion: 7, key: 'abc123', lastEventId: 7, snapshot: { value: { 'cert-letter': 'done' }, context: { n: 1 } } },
    };
    const store = new Store({ dir });
    const seen: Array<SeikyuDocument | null> = [];
    const result = await store.update((current) => {
      seen.push(current);
      return { doc, result: 'saved' };
    });

    expect(result).toBe('saved');
    expect(seen).toEqual([null]);
    expect(await store.read()).toEqual(doc);
    expect(await new Store({ dir }).read()).toEqual(doc);
  });

  it.skipIf(onWindows)('keeps the document and its backup at mode 0600 and the directory at 0700', async () => {
    const nested = path.join(dir, 'data', 'seikyu');
    const store = new Store({ dir: nested });
    await append(store);
    await append(store);

    expect((await stat(nested)).mode & 0o777).toBe(0o700);
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect((await stat(store.backupFile)).mode & 0o777).toBe(0o600);
  });

  it.skipIf(onWindows)('makes an existing data directory with a looser mode private', async () => {
    const loose = path.join(dir, 'loose');
    await mkdir(loose);
    await chmod(loose, 0o755);
    await append(new Store({ dir: loose }));

    expect((await stat(loose)).mode & 0o777).toBe(0o700);
  });

  it('keeps the previous version in the backup after a second update', async () => {
    const store = new Store({ dir });
    await append(store, { note: 'first' });
    const first = await readFile(store.file, 'utf8');
    expect(existsSync(store.backupFile)).toBe(false);

    await append(store, { note: 'second' });

    expect(await readFile(store.backupFile, 'utf8')).toBe(first);
    expect((await store.read())?.events.map((e) => e.note)).toEqual(['first', 'second']);
  });

  it('releases the lock after every update, so the next one starts at once', async () => {
    const store = new Store({ dir, lockWaitMs: 0 });
    await append(store);
    expect(existsSync(`${store.file}.lock`)).toBe(false);
    await append(store);
    expect((await store.read())?.events).toHaveLength(2);
  });

  it('keeps the document unchanged when fn throws, and rethrows that very error', async () => {
    const store = new Store({ dir, lockWaitMs: 0 });
    await append(store);
    const before = await readFile(store.file);
    const boom = new Error('the operator cancelled');

    await expect(
      store.update(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);

    expect(await readFile(store.file)).toEqual(before);
    expect(existsSync(store.backupFile)).toBe(false);
    // The lock was released: lockWaitMs 0 would fail otherwise.
    await append(store);
  });

  it('keeps the document unchanged when fn returns a document that fails the schema', async () => {
    const store = new Store({ dir });
    await append(store);
    const before = await readFile(store.file);

    await expect(
      store.update((doc) => ({ doc: { ...doc!, events: [event(0)] }, result: null })),
    ).rejects.toThrow(/invalid document/);

    expect(await readFile(store.file)).toEqual(before);
  });

  it('refuses a truncated document in read and update and keeps its bytes unchanged', async () => {
    const store = new Store({ dir });
    await append(store);
    const whole = await readFile(store.file);
    const half = whole.subarray(0, Math.floor(whole.length / 2));
    await writeFile(store.file, half);
    let called = false;

    const fromRead = await rejection(store.read());
    const fromUpdate = await rejection(
      store.update((doc) => {
        called = true;
        return { doc: doc!, result: null };
      }),
    );

    for (const error of [fromRead, fromUpdate]) {
      expect(error.code).toBe('corrupt');
      expect(error.path).toBe(store.file);
      expect(error.detail).toBeTruthy();
      expect(error.backupPath).toBeUndefined();
    }
    expect(called).toBe(false);
    expect(await readFile(store.file)).toEqual(half);
    expect(existsSync(store.backupFile)).toBe(false);
  });

  it('reports the backup path when a truncated document has a backup', async () => {
    const store = new Store({ dir });
    await append(store);
    await append(store);
    const backup = await readFile(store.backupFile);
    const whole = await readFile(store.file);
    const half = whole.subarray(0, Math.floor(whole.length / 2));
    await writeFile(store.file, half);

    expect((await rejection(store.read())).backupPath).toBe(store.backupFile);
    expect((await rejection(append(store))).backupPath).toBe(store.backupFile);
    expect(await readFile(store.file)).toEqual(half);
    expect(await readFile(store.backupFile)).toEqual(backup);
  });

  it('refuses a document that fails the schema, naming the first issue', async () => {
    const store = new Store({ dir });
    const doc = { ...emptyDocument(new Date(), '0.1.0'), events: [{ ...event(1), id: 0 }] };
    const bytes = JSON.stringify(doc);
    await writeFile(store.file, bytes);

    const error = await rejection(store.read());
    expect(error.code).toBe('corrupt');
    expect(error.detail).toMatch(/^events\.0\.id: /);
    expect((await rejection(append(store))).code).toBe('corrupt');
    expect(await readFile(store.file, 'utf8')).toBe(bytes);
  });

  it('refuses a document of format 3 (newer than this program) as too-new and keeps it unchanged', async () => {
    const store = new Store({ dir });
    // A newer program may have changed any other field too.
    const bytes = JSON.stringify({ format: 3, log: [] });
    await writeFile(store.file, bytes);

    expect((await rejection(store.read())).code).toBe('too-new');
    expect((await rejection(append(store))).code).toBe('too-new');
    expect(await readFile(store.file, 'utf8')).toBe(bytes);
  });

  it('refuses a folder at the document path as not a file', async () => {
    const store = new Store({ dir });
    await mkdir(store.file);

    expect((await rejection(store.read())).code).toBe('not-a-file');
    expect((await rejection(append(store))).code).toBe('not-a-file');
  });

  it('takes over a lock left by a crashed process once it is stale', async () => {
    const store = new Store({ dir, lockWaitMs: 300 });
    const lockDir = `${store.file}.lock`;
    await mkdir(lockDir);
    await writeFile(path.join(lockDir, 'owner.json'), JSON.stringify({ pid: 999999, host: 'gone', user: 'x', command: 'seikyu init', since: '2025-01-01T00:00:00Z' }));
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lockDir, longAgo, longAgo);

    await append(store);

    expect((await store.read())?.events).toHaveLength(1);
    expect(existsSync(lockDir)).toBe(false);
  });

  it('reports how long taking the lock took and why each lock left behind was taken over', async () => {
    const reports: LockReport[] = [];
    const store = new Store({ dir, lockWaitMs: 3000, onLock: (r) => reports.push(r) });
    const lockDir = `${store.file}.lock`;
    const ownerOf = (pid: number, host = os.hostname()) =>
      JSON.stringify({ pid, host, user: 'x', command: 'seikyu done', since: '2026-11-25T00:00:00Z', token: 'ab' });

    await append(store);
    // A holder of this host whose process has ended: taken over at once.
    const ended = spawnSync(process.execPath, ['-e', '0']).pid!;
    await mkdir(lockDir);
    await writeFile(path.join(lockDir, 'owner.json'), ownerOf(ended));
    await append(store);
    // A holder on another host, not refreshed for longer than the stale time.
    await mkdir(lockDir);
    await writeFile(path.join(lockDir, 'owner.json'), ownerOf(4242, 'other-host'));
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lockDir, longAgo, longAgo);
    await append(store);
    // A lock folder whose owner cannot be read (damaged, or an older version's holder mid-way): after the grace time.
    await mkdir(lockDir);
    await writeFile(path.join(lockDir, 'owner.json'), '{"pid":');
    await append(store);

    expect(reports.map((r) => r.takenOver)).toEqual([[], [{ reason: 'ended', pid: ended }], [{ reason: 'stale', pid: 4242 }], [{ reason: 'no-owner' }]]);
    expect(reports[1]!.waitedMs).toBeLessThan(1000);
    expect(reports[3]!.waitedMs).toBeGreaterThanOrEqual(1400);
    expect((await store.read())?.events).toHaveLength(4);
  });
});

describe('Store across processes (compiled dist/)', () => {
  beforeAll(() => {
    if (!existsSync(path.join(root, 'dist/effects/store.js'))) {
      throw new Error('dist/effects/store.js is missing: run `npm run build` first');
    }
  });

  it('ends with exactly 400 events numbered 1..400 when two processes each append 200', async () => {
    const a = startFixture(['append', dir, '200', 'a']);
    const b = startFixture(['append', dir, '200', 'b']);
    const [ra, rb] = await Promise.all([a.exited, b.exited]);

    expect(ra).toMatchObject({ code: 0, stderr: '' });
    expect(rb).toMatchObject({ code: 0, stderr: '' });
    const doc = await new Store({ dir }).read();
    expect(doc?.events.map((e) => e.id)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(doc?.events.filter((e) => e.operator === 'a')).toHaveLength(200);
    expect(doc?.events.filter((e) => e.operator === 'b')).toHaveLength(200);
  }, 120_000);

  it('throws locked with the holder’s pid and command while another process holds the lock, and proceeds once it lets go', async () => {
    const store = new Store({ dir, lockWaitMs: 300 });
    await append(store);
    const before = await readFile(store.file);
    const holder = startFixture(['hold', dir, 'seikyu done cert-letter']);
    await holder.printed('holding');

    const error = await rejection(append(store));

    expect(error.code).toBe('locked');
    expect(error.owner).toMatchObject({ pid: holder.child.pid, command: 'seikyu done cert-letter', host: os.hostname() });
    expect(await readFile(store.file)).toEqual(before);

    holder.child.stdin.end();
    expect((await holder.exited).code).toBe(0);
    await append(new Store({ dir, lockWaitMs: 5000 }));
    expect((await store.read())?.events).toHaveLength(2);
  }, 30_000);
});

describe('defaultDataDir', () => {
  it('uses %APPDATA% on Windows', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\clinic\\AppData\\Roaming' }, 'win32', 'C:\\Users\\clinic')).toBe(
      'C:\\Users\\clinic\\AppData\\Roaming\\medical-seikyu',
    );
  });

  it('falls back to AppData\\Roaming under the home folder on Windows when APPDATA is unset', () => {
    expect(defaultDataDir({}, 'win32', 'C:\\Users\\clinic')).toBe('C:\\Users\\clinic\\AppData\\Roaming\\medical-seikyu');
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDataDir({}, 'darwin', '/Users/clinic')).toBe('/Users/clinic/Library/Application Support/medical-seikyu');
  });

  it('uses $XDG_DATA_HOME on Linux when it is set', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/srv/data' }, 'linux', '/home/clinic')).toBe('/srv/data/medical-seikyu');
  });

  it('uses ~/.local/share on Linux when XDG_DATA_HOME is unset', () => {
    expect(defaultDataDir({}, 'linux', '/home/clinic')).toBe('/home/clinic/.local/share/medical-seikyu');
  });

  it('prefers SEIKYU_HOME over every platform default', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(defaultDataDir({ SEIKYU_HOME: '/opt/seikyu', APPDATA: 'C:\\x', XDG_DATA_HOME: '/x' }, platform, '/home/clinic')).toBe('/opt/seikyu');
    }
  });
});
