import { describe, expect, it } from 'vitest';
import { forecastMilestones } from '../../src/machine/forecast.js';
import { makeProfile, Scenario } from '../helpers/scenario.js';

const T = '端末1';

describe('forecastMilestones', () => {
  it('right after init: every wait at the end of its window, every action the day it can be done', () => {
    const s = new Scenario(makeProfile(), '2026-11-10', '2026-11-10');
    const [claims, oqs] = forecastMilestones(s.state(), s.today);
    // claims-notice today (11/10, by the 20th) → the settings letter by 12/15: claims-login that day.
    expect(claims).toEqual({ key: `claims-ready@${T}`, id: 'claims-ready', terminal: T, date: '2026-12-15', done: false, estimate: true });
    // reader-order today → the readers within 60 days (1/9) set the pace of oqs.
    expect(oqs).toMatchObject({ id: 'oqs-ready', terminal: T, date: '2027-01-09', done: false, estimate: true });
  });

  it('takes the date given with expect', () => {
    const s = new Scenario(makeProfile(), '2026-11-10', '2026-11-10');
    s.done('reader-order', null, { inputs: { count: '1', model: 'X' } });
    s.expect('reader-delivery', null, '2026-11-30');
    const oqs = forecastMilestones(s.state(), s.today).find((m) => m.id === 'oqs-ready')!;
    expect(oqs.date! < '2027-01-09').toBe(true);
  });

  it('counts an overdue wait from today, never in the past', () => {
    const s = new Scenario(makeProfile(), '2026-11-10', '2026-11-10');
    s.done('reader-order', null, { inputs: { count: '1', model: 'X' } });
    s.today = '2027-03-01'; // the readers are 52 days late
    const oqs = forecastMilestones(s.state(), s.today).find((m) => m.id === 'oqs-ready')!;
    expect(oqs.date! >= '2027-03-01').toBe(true);
  });

  it('gives the recorded day once a milestone is done', () => {
    const s = new Scenario(makeProfile(), '2026-11-10', '2026-11-10');
    for (;;) {
      const ready = s.views().filter((v) => v.status !== 'done' && v.status !== 'skipped' && v.status !== 'blocked' && !v.step.optional && !v.step.kind.includes('recurring'));
      if (ready.length === 0) break;
      for (const v of ready) s.done(v.id, v.terminal);
    }
    expect(forecastMilestones(s.state(), s.today)).toEqual([
      { key: `claims-ready@${T}`, id: 'claims-ready', terminal: T, date: '2026-11-10', done: true, estimate: false },
      { key: `oqs-ready@${T}`, id: 'oqs-ready', terminal: T, date: '2026-11-10', done: true, estimate: false },
    ]);
  });
});
