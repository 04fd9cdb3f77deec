import { describe, expect, it } from 'vitest';
import { claimsTestOpen, claimWindowHours, claimWindowOf, firstClaimWindow, nextClaimWindow } from '../../src/machine/calendar.js';
import { makeProfile, Scenario } from '../helpers/scenario.js';

/** A clinic whose claims-notice was filed on `filedOn`, judged on `today`. */
function filed(filedOn: string, today: string): Scenario {
  const s = new Scenario(makeProfile(), filedOn, '2026-01-01');
  s.done('portal-account', null, { inputs: { email: 'a@example.jp' } });
  s.done('line-contract', null, { inputs: { customerId: 'CAF0000000001' } });
  s.done('claims-notice');
  s.today = today;
  return s;
}

/** Records every step that can be done (not optional ones, not renewals) until nothing is left. */
function finish(s: Scenario): Scenario {
  for (;;) {
    const ready = s.views().filter((v) => v.status !== 'done' && v.status !== 'skipped' && v.status !== 'blocked' && !v.step.optional && !v.step.kind.includes('recurring'));
    if (ready.length === 0) return s;
    for (const v of ready) s.done(v.id, v.terminal);
  }
}

describe('the first claim window a claims-notice allows', () => {
  it('filed by the 20th of month M: the 5th–10th of M+2', () => {
    expect(firstClaimWindow('2026-11-20')).toEqual({ from: '2027-01-05', to: '2027-01-10' });
    expect(firstClaimWindow('2026-10-01')).toEqual({ from: '2026-12-05', to: '2026-12-10' });
  });

  it('filed after the 20th: a month later', () => {
    expect(firstClaimWindow('2026-11-21')).toEqual({ from: '2027-02-05', to: '2027-02-10' });
    expect(firstClaimWindow('2026-10-21')).toEqual({ from: '2027-01-05', to: '2027-01-10' });
  });

  it('across a year end, from December', () => {
    expect(firstClaimWindow('2026-12-20')).toEqual({ from: '2027-02-05', to: '2027-02-10' });
    expect(firstClaimWindow('2026-12-31')).toEqual({ from: '2027-03-05', to: '2027-03-10' });
  });
});

describe('the monthly window after onboarding', () => {
  it('is this month’s until its last day, then next month’s (across a year end)', () => {
    expect(nextClaimWindow('2026-12-01')).toEqual({ from: '2026-12-05', to: '2026-12-10' });
    expect(nextClaimWindow('2026-12-10')).toEqual({ from: '2026-12-05', to: '2026-12-10' });
    expect(nextClaimWindow('2026-12-11')).toEqual({ from: '2027-01-05', to: '2027-01-10' });
  });

  it('has its hours: 8:00–21:00 on the 5th–7th, 8:00–24:00 on the 8th–10th', () => {
    expect(claimWindowHours('2027-01-05')).toEqual({ opens: '08:00', closes: '21:00' });
    expect(claimWindowHours('2027-01-07')).toEqual({ opens: '08:00', closes: '21:00' });
    expect(claimWindowHours('2027-01-08')).toEqual({ opens: '08:00', closes: '24:00' });
    expect(claimWindowHours('2027-01-10')).toEqual({ opens: '08:00', closes: '24:00' });
  });
});

describe('claimWindowOf an onboarding', () => {
  it('is null before claims-notice is done, and without a claims terminal', () => {
    expect(claimWindowOf(new Scenario(makeProfile()).state(), '2026-11-24')).toBeNull();
    const oqsOnly = new Scenario(makeProfile({ terminals: [{ name: '受付', roles: ['oqs'] }] }));
    expect(claimWindowOf(oqsOnly.state(), '2026-11-24')).toBeNull();
  });

  it('before claims-ready: the first window the notice allows, filed on or after the 20th', () => {
    expect(claimWindowOf(filed('2026-11-20', '2026-11-24').state(), '2026-11-24')).toEqual({ from: '2027-01-05', to: '2027-01-10', first: true });
    expect(claimWindowOf(filed('2026-11-21', '2026-11-24').state(), '2026-11-24')).toEqual({ from: '2027-02-05', to: '2027-02-10', first: true });
  });

  it('before claims-ready, once today is past that window: the next one, still the first', () => {
    expect(claimWindowOf(filed('2026-11-02', '2027-01-12').state(), '2027-01-12')).toEqual({ from: '2027-02-05', to: '2027-02-10', first: true });
  });

  it('after claims-ready on every claims terminal: the current or next monthly window', () => {
    const done = finish(filed('2026-11-02', '2026-12-06')).state();
    expect(claimWindowOf(done, '2026-12-06')).toEqual({ from: '2026-12-05', to: '2026-12-10', first: false });
    expect(claimWindowOf(done, '2026-12-28')).toEqual({ from: '2027-01-05', to: '2027-01-10', first: false });
  });
});

describe('the 確認試験 window (5th to the end of the month, 8:00–21:00)', () => {
  it('is open inside it', () => {
    expect(claimsTestOpen('2026-12-05', '08:00')).toEqual({ open: true });
    expect(claimsTestOpen('2026-12-31', '20:59')).toEqual({ open: true });
  });

  it('before the 5th opens on the 5th; before 8:00 the same day; after 21:00 the next day, or the 5th of next month', () => {
    expect(claimsTestOpen('2026-12-04', '12:00')).toEqual({ open: false, opensAt: { date: '2026-12-05', time: '08:00' } });
    expect(claimsTestOpen('2026-12-06', '07:59')).toEqual({ open: false, opensAt: { date: '2026-12-06', time: '08:00' } });
    expect(claimsTestOpen('2026-12-06', '21:00')).toEqual({ open: false, opensAt: { date: '2026-12-07', time: '08:00' } });
    expect(claimsTestOpen('2026-12-31', '21:30')).toEqual({ open: false, opensAt: { date: '2027-01-05', time: '08:00' } });
  });
});
