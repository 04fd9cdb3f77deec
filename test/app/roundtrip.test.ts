import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/effects/store.js';
import { emptyDocument } from '../../src/effects/store-document.js';
import { MACHINE_VERSION } from '../../src/machine/build-machine.js';
import { machineKey, persist, persistIgnored, replay, restore } from '../../src/machine/replay.js';
import { STATUSES } from '../../src/machine/selectors.js';
import { selectSteps } from '../../src/i18n/explain.js';
import { translator } from '../../src/i18n/index.js';
import { isJapaneseHoliday } from '../../src/effects/holidays.js';
import { Scenario, makeProfile, procedure } from '../helpers/scenario.js';

/** An onboarding with a step in each of the seven statuses. */
function everyStatus(): Scenario {
  const s = new Scenario(makeProfile(), '2026-11-24', '2026-10-01');
  s.done('portal-account', null, { occurredAt: '2026-10-02', inputs: { email: 'a@b.jp' } }); // done
  s.done('line-contract', null, { occurredAt: '2026-10-02' });
  s.done('oqs-application', null, { occurredAt: '2026-10-05' }); // master-account: overdue by 11/24
  s.done('cert-application', '端末1', { occurredAt: '2026-11-22' }); // cert-letter: waiting
  s.failCheck('net-config', '端末1', 'DNS は 8.8.8.8（東日本の IPv6 DNS ではありません）'); // failed
  // ons-apps: blocked; pppoe: skipped (ipv6); reader-order: ready
  return s;
}

describe('the store round trip', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'seikyu-roundtrip-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back every status, from the cached snapshot and by replay alike', async () => {
    const s = everyStatus();
    const state = replay(procedure, s.events)!;
    const options = { today: s.today, lang: 'ja' as const, t: translator('ja'), holidays: isJapaneseHoliday };
    const before = selectSteps(state.plan, state.snapshot, options);
    expect(new Set(before.map((v) => v.status))).toEqual(new Set(STATUSES));

    const store = new Store({ dir });
    await store.update(() => {
      const doc = emptyDocument(new Date('2026-11-24T00:00:00Z'), 'test');
      doc.events = s.events;
      doc.profile = state.profile;
      doc.cache = {
        machineVersion: MACHINE_VERSION,
        procedureVersion: procedure.version,
        key: machineKey(procedure, state.profile),
        lastEventId: s.events.at(-1)!.id,
        snapshot: persist(state),
        ignored: persistIgnored(state),
      };
      return { doc, result: undefined };
    });

    const doc = (await store.read())!;
    const cached = restore(procedure, doc.events, doc.cache);
    expect(cached.fromCache).toBe(true);
    const replayed = restore(procedure, doc.events, null);
    expect(replayed.fromCache).toBe(false);
    for (const { onboarding } of [cached, replayed]) {
      const after = selectSteps(onboarding!.plan, onboarding!.snapshot, options);
      expect(after.map((v) => [v.key, v.status, v.reason, v.since, v.expectedBy, v.deadline])).toEqual(
        before.map((v) => [v.key, v.status, v.reason, v.since, v.expectedBy, v.deadline]),
      );
    }
  });
});
