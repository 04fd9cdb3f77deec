import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { isJapaneseHoliday } from '../../src/effects/holidays.js';
import { parseProcedure } from '../../src/machine/procedure.js';
import type { Procedure } from '../../src/machine/procedure-schema.js';
import { machineKey, persist, persistIgnored, replay, restore, type Onboarding } from '../../src/machine/replay.js';
import { Explainer } from '../../src/i18n/explain.js';
import { makeProfile, procedure, procedureFile, Scenario } from '../helpers/scenario.js';

/** The snapshot cache is only a cache: restoring from it must show exactly what replaying the log shows. */

const TODAY = '2026-11-24';
const two = makeProfile({ terminals: [{ name: '端末1', roles: ['claims', 'oqs'] }, { name: '端末2', roles: ['claims'] }] });

function views(onboarding: Onboarding) {
  return new Explainer(onboarding.plan, onboarding.snapshot, { today: TODAY, lang: 'ja', t: translator('ja'), holidays: isJapaneseHoliday }).views();
}

const statuses = (onboarding: Onboarding) => Object.fromEntries(views(onboarding).map((v) => [v.key, v.status]));

/** A log with a bit of everything: steps on both terminals, a back-dated one, a failure, an expectation, an undo. */
function busyScenario(): Scenario {
  const s = new Scenario(two, TODAY);
  s.done('portal-account', null, { inputs: { email: 'uketsuke@example.jp' } });
  s.done('line-contract', null, { inputs: { customerId: 'CAF0246813579' } });
  s.done('claims-notice', null, { occurredAt: '2026-11-10' });
  s.done('oqs-application');
  s.done('cert-application', '端末1', { occurredAt: '2026-11-12' });
  s.done('cert-application', '端末2');
  s.done('cert-letter', '端末2', { inputs: { requestId: 'R2', issuedOn: '2026-11-20' } });
  s.failCheck('net-config', '端末1', 'DNS が違います');
  s.expect('master-account', null, '2026-12-01');
  const wrong = s.done('setup-manual');
  s.undo(wrong.id);
  return s;
}

/** What the store would keep: the persisted snapshot through JSON, with its key and last event. */
function cacheOf(procedure: Procedure, s: Scenario) {
  const onboarding = replay(procedure, s.events)!;
  return {
    key: machineKey(procedure, onboarding.profile),
    lastEventId: s.events.at(-1)!.id,
    snapshot: JSON.parse(JSON.stringify(persist(onboarding))) as unknown,
    ignored: persistIgnored(onboarding),
  };
}

function procedureWithVersion(version: number): Procedure {
  const raw = JSON.parse(readFileSync(procedureFile, 'utf8')) as { version: number };
  return parseProcedure({ ...raw, version });
}

describe('restore', () => {
  it('serves a cached snapshot of the same log and shows the same views as replay', () => {
    const s = busyScenario();
    const replayed = replay(procedure, s.events)!;
    const { onboarding, fromCache } = restore(procedure, s.events, cacheOf(procedure, s));
    expect(fromCache).toBe(true);
    expect(views(onboarding!)).toEqual(views(replayed));
    // The log above really reached several statuses, so the comparison means something.
    expect(new Set(Object.values(statuses(replayed)))).toEqual(new Set(['done', 'ready', 'blocked', 'waiting', 'overdue', 'failed', 'skipped']));
  });

  it('does not use a cache made by another procedure version, and still shows the same statuses', () => {
    const s = busyScenario();
    const next = procedureWithVersion(procedure.version + 1);
    const cache = cacheOf(procedure, s);
    expect(machineKey(next, s.state().profile)).not.toBe(cache.key);
    const { onboarding, fromCache } = restore(next, s.events, cache);
    expect(fromCache).toBe(false);
    expect(statuses(onboarding!)).toEqual(statuses(replay(procedure, s.events)!));
  });

  it('does not use a cache that is missing the latest event, and shows that event', () => {
    const s = busyScenario();
    const cache = cacheOf(procedure, s);
    s.done('setup-manual');
    const { onboarding, fromCache } = restore(procedure, s.events, cache);
    expect(fromCache).toBe(false);
    expect(statuses(onboarding!)['setup-manual']).toBe('done');
    expect(statuses(onboarding!)).toEqual(statuses(replay(procedure, s.events)!));
  });

  it('does not use a cache made for another profile', () => {
    const s = busyScenario();
    const cache = cacheOf(procedure, s);
    const event = s.changeProfile(makeProfile(), 'terminal-removed 端末2');
    const { onboarding, fromCache } = restore(procedure, s.events, { ...cache, lastEventId: event.id });
    expect(fromCache).toBe(false);
    expect(Object.keys(statuses(onboarding!)).some((k) => k.endsWith('@端末2'))).toBe(false);
  });

  it('replays when there is no cache, and gives nothing before a profile exists', () => {
    const s = busyScenario();
    expect(restore(procedure, s.events, null).fromCache).toBe(false);
    expect(restore(procedure, [], null)).toEqual({ onboarding: null, fromCache: false });
  });
});

describe('a removed terminal', () => {
  it('takes the events of the removed terminal out of the state, and keeps the facility and other terminal', () => {
    const s = busyScenario();
    s.done('net-config', '端末2');
    expect(s.state().snapshot.context.records['cert-letter@端末2']).toBeDefined();
    s.changeProfile(makeProfile(), 'terminal-removed 端末2');
    const state = s.state();
    expect(Object.keys(state.snapshot.context.records).filter((k) => k.includes('@端末2'))).toEqual([]);
    expect(Object.keys(state.snapshot.value as Record<string, string>).filter((k) => k.includes('@端末2'))).toEqual([]);
    expect(state.ignored.filter((i) => i.event.terminal === '端末2')).toEqual([]);
    expect(state.snapshot.context.records['cert-application@端末1']?.occurredAt).toBe('2026-11-12');
    expect(state.snapshot.context.records['portal-account']?.inputs).toEqual({ email: 'uketsuke@example.jp' });
  });

  it('starts the terminal over when it is added again: its old events stay in the log only', () => {
    const s = busyScenario();
    s.done('net-config', '端末2');
    s.changeProfile(makeProfile(), 'terminal-removed 端末2');
    s.changeProfile(two, 'terminal-added 端末2');
    expect(s.events.filter((e) => e.terminal === '端末2' && e.type === 'step-done')).toHaveLength(3);
    expect(s.view('net-config', '端末2').status).toBe('ready');
    expect(s.view('cert-application', '端末2').status).toBe('ready');
    expect(s.view('cert-letter', '端末2').status).toBe('blocked');
    expect(s.view('cert-application', '端末1').status).toBe('done');
  });
});
