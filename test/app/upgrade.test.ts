import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';

const fixture = new URL('../fixtures/documents/procedure-v0.json', import.meta.url);

describe('a document written under an older procedure version', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'seikyu-upgrade-'));
    copyFileSync(fixture, path.join(dir, 'seikyu.json'));
    env = { SEIKYU_HOME: dir, SEIKYU_NOW: '2026-11-24' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const statusOf = async () => {
    const result = await runInProcess(['status', '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { steps: { id: string; terminal: string | null; status: string; since: string | null }[] };
    return (id: string, terminal: string | null = null) => json.steps.find((s) => s.id === id && s.terminal === terminal);
  };

  it('loads by replaying its events, not from the stale cached snapshot', async () => {
    const step = await statusOf();
    expect(step('portal-account')).toMatchObject({ status: 'done', since: '2026-10-02' });
    expect(step('oqs-application')).toMatchObject({ status: 'done', since: '2026-10-05' });
    // The cache claimed cert-letter done; the log says it was undone, so it is waiting again (overdue by now).
    expect(step('cert-letter', '端末1')).toMatchObject({ status: 'overdue', since: '2026-10-06' });
  });

  it('keeps an event of a step that no longer exists in the history, marked as not applicable', async () => {
    const result = await runInProcess(['history'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/#4 .*portal-registration.*現在の施設情報では対象外/);
  });

  it('carries on: the next record is appended and the cache is rebuilt for the current version', async () => {
    const result = await runInProcess(['done', 'cert-letter', '--terminal', '端末1', 'requestId=R0002'], { ...env, SEIKYU_PASSPHRASE: 'upgrade-pass' }, 'referenceId=REF0002\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(dir, 'seikyu.json'), 'utf8')) as { events: unknown[]; cache: { procedureVersion: number; lastEventId: number } };
    expect(doc.events).toHaveLength(9);
    expect(doc.cache.procedureVersion).toBeGreaterThanOrEqual(1);
    expect(doc.cache.lastEventId).toBe(9);
    const step = await statusOf();
    expect(step('cert-letter', '端末1')?.status).toBe('done');
  });
});
