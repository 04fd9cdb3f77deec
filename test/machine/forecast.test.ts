import { describe, expect, it } from 'vitest';
import { forecast, forecastMilestones, type Forecast } from '../../src/machine/forecast.js';
import { effectiveNeeds, instanceKey, type Plan } from '../../src/machine/plan.js';
import { isJapaneseHoliday } from '../../src/effects/holidays.js';
import type { HolidayCalendar } from '../../src/machine/hours.js';
import type { Onboarding } from '../../src/machine/replay.js';
import { makeProfile, procedure, Scenario } from '../helpers/scenario.js';
import { closureOf, isMilestone, keysOf, requiresAny, topoOrder } from './support.js';

/**
 * The forecast against an injected `today` and holiday calendar: nothing here reads the clock. Expected dates
 * are counted in the tests with UTC `Date`s, independently of src/machine/dates.ts.
 */

const T = '端末1';
const LETTER = instanceKey('cert-letter', T);
const noHolidays: HolidayCalendar = () => false;

function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The `n`th weekday after `date` that is not in `holidays`. */
function plusBusinessDays(date: string, n: number, holidays: ReadonlySet<string>): string {
  let day = date;
  for (let left = n; left > 0; ) {
    day = plusDays(day, 1);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(day)) left--;
  }
  return day;
}

/** The 5th and the 10th of the month `offset` months after the month of `date`. */
function windowOfMonth(date: string, offset: number): { from: string; to: string } {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + offset);
  const month = d.toISOString().slice(0, 7);
  return { from: `${month}-05`, to: `${month}-10` };
}

const letterWindow = procedure.steps.find((s) => s.id === 'cert-letter')!.wait!.window as { min: number; max: number; business?: boolean };

/**
 * Everything oqs-ready needs done on `on`, except the certificate letter and what follows it: the letter
 * (applied for on `on`) is the one thing the eligibility checks still wait for.
 */
function waitingOnlyForTheLetter(on: string): Scenario {
  const s = new Scenario(makeProfile(), on, on);
  const plan = s.state().plan;
  const blocked = new Set([LETTER]);
  const keys = [...closureOf(plan, instanceKey('oqs-ready', T))].filter((k) => !requiresAny(plan, k, blocked) && !isMilestone(plan, k));
  for (const key of topoOrder(plan, keys)) {
    if (key === 'facility-profile') continue;
    const instance = plan.byKey.get(key)!;
    s.done(instance.step.id, instance.terminal);
  }
  return s;
}

const oqsOf = (f: Forecast) => f.milestones.find((m) => m.id === 'oqs-ready')!;

describe('forecast: mail counted in business days', () => {
  it('counts the certificate letter in business days, as PROCEDURE.md says (3–7, mailed on business days)', () => {
    expect(letterWindow).toMatchObject({ min: 3, max: 7, business: true });
  });

  it('moves a letter expected in 3–7 business days by a national holiday in its window (勤労感謝の日, 2026-11-23)', () => {
    // Applied for on Friday 2026-11-20; Monday the 23rd is a national holiday.
    const s = waitingOnlyForTheLetter('2026-11-20');
    const withHoliday = oqsOf(forecast(s.state(), s.today, isJapaneseHoliday));
    const without = oqsOf(forecast(s.state(), s.today, noHolidays));
    const holidays = new Set(['2026-11-23']);
    expect(withHoliday).toMatchObject({
      done: false,
      earliest: plusBusinessDays('2026-11-20', letterWindow.min, holidays),
      latest: plusBusinessDays('2026-11-20', letterWindow.max, holidays),
    });
    expect(without).toMatchObject({
      earliest: plusBusinessDays('2026-11-20', letterWindow.min, new Set()),
      latest: plusBusinessDays('2026-11-20', letterWindow.max, new Set()),
    });
    // The holiday moves both ends by one day: Thursday 11/26 – Wednesday 12/2 instead of 11/25 – 12/1.
    expect([withHoliday.earliest, withHoliday.latest]).toEqual(['2026-11-26', '2026-12-02']);
    expect([plusDays(without.earliest!, 1), plusDays(without.latest!, 1)]).toEqual([withHoliday.earliest, withHoliday.latest]);
  });

  it('agrees with the step view: the letter is expected by the forecast end of its window', () => {
    const s = waitingOnlyForTheLetter('2026-11-20');
    const view = s.view('cert-letter', T);
    expect(view.status).toBe('waiting');
    expect(view.expectedBy).toBe(oqsOf(forecast(s.state(), s.today, isJapaneseHoliday)).latest);
    expect(view.reason).toContain('3〜7営業日');
    expect(s.view('cert-letter', T, 'en').reason).toContain('3–7 business days');
  });

  it('turns the letter overdue only after the last business day of its window', () => {
    const s = waitingOnlyForTheLetter('2026-11-20');
    s.today = '2026-12-02';
    expect(s.view('cert-letter', T).status).toBe('waiting');
    s.today = '2026-12-03';
    expect(s.view('cert-letter', T).status).toBe('overdue');
  });
});

describe('forecast: what moves it', () => {
  it('pulls oqs-ready earlier when the letter is recorded early', () => {
    const s = waitingOnlyForTheLetter('2026-11-20');
    s.today = '2026-11-24';
    const before = oqsOf(forecast(s.state(), s.today, isJapaneseHoliday));
    s.done('cert-letter', T, { inputs: { requestId: 'R0123456' } });
    const after = oqsOf(forecast(s.state(), s.today, isJapaneseHoliday));
    // Everything after the letter can be done the day it came.
    expect(after).toMatchObject({ done: false, earliest: '2026-11-24', latest: '2026-11-24' });
    expect(after.latest! < before.latest!).toBe(true);
    expect(after.earliest! <= before.earliest!).toBe(true);
  });

  it('counts from a back-dated record, but does nothing still open before today', () => {
    const s = waitingOnlyForTheLetter('2026-11-20');
    s.today = '2026-11-30';
    // The letter came on the 25th and is recorded on the 30th: what follows it can be done today at the earliest.
    s.done('cert-letter', T, { occurredAt: '2026-11-25', inputs: { requestId: 'R0123456' } });
    expect(oqsOf(forecast(s.state(), s.today, isJapaneseHoliday))).toMatchObject({ earliest: '2026-11-30', latest: '2026-11-30' });
  });

  it('takes the date given with expect for both ends of a wait', () => {
    const s = new Scenario(makeProfile(), '2026-11-10', '2026-11-10');
    s.done('reader-order', null, { inputs: { count: '1', model: 'X' } });
    const before = oqsOf(forecast(s.state(), s.today, isJapaneseHoliday));
    s.expect('reader-delivery', null, '2026-11-30');
    const f = forecast(s.state(), s.today, isJapaneseHoliday);
    expect(oqsOf(f).latest! < before.latest!).toBe(true);
    expect(oqsOf(f).earliest! >= '2026-11-30').toBe(true);
  });

  it('moves both ends of an overdue wait to today, and on with each day it stays late', () => {
    const s = new Scenario(makeProfile(), '2026-11-10', '2026-11-10');
    s.done('reader-order', null, { inputs: { count: '1', model: 'X' } });
    // The readers were due within 60 days (2027-01-09).
    s.today = '2027-03-01';
    const late = oqsOf(forecast(s.state(), s.today, isJapaneseHoliday));
    s.today = '2027-03-02';
    const later = oqsOf(forecast(s.state(), s.today, isJapaneseHoliday));
    expect(late.earliest! >= '2027-03-01' && late.latest! >= '2027-03-01').toBe(true);
    expect(later.earliest).toBe(plusDays(late.earliest!, 1));
    expect(later.latest).toBe(plusDays(late.latest!, 1));
  });
});

describe('forecast: milestones', () => {
  it('right after init: every wait from the start to the end of its window, every action the day it can be done', () => {
    const s = new Scenario(makeProfile(), '2026-11-10', '2026-11-10');
    const [claims, oqs] = forecast(s.state(), s.today, isJapaneseHoliday).milestones;
    // claims-notice today (11/10, by the 20th) → the settings letter between the 21st and 12/15.
    expect(claims).toMatchObject({ key: `claims-ready@${T}`, id: 'claims-ready', terminal: T, done: false, estimate: true, latest: '2026-12-15', date: '2026-12-15' });
    // reader-order today → the readers within 7–60 days set the pace of oqs at the latest.
    expect(oqs).toMatchObject({ id: 'oqs-ready', terminal: T, done: false, latest: plusDays('2026-11-10', 60) });
    for (const m of [claims!, oqs!]) expect(m.earliest! <= m.latest!).toBe(true);
  });

  it('gives the recorded day for both ends once a milestone is done', () => {
    const s = new Scenario(makeProfile(), '2026-11-10', '2026-11-10');
    for (;;) {
      const ready = s.views().filter((v) => v.status !== 'done' && v.status !== 'skipped' && v.status !== 'blocked' && !v.step.optional && !v.step.kind.includes('recurring'));
      if (ready.length === 0) break;
      for (const v of ready) s.done(v.id, v.terminal);
    }
    expect(forecastMilestones(s.state(), s.today, isJapaneseHoliday)).toEqual([
      { key: `claims-ready@${T}`, id: 'claims-ready', terminal: T, date: '2026-11-10', done: true, estimate: false, earliest: '2026-11-10', latest: '2026-11-10' },
      { key: `oqs-ready@${T}`, id: 'oqs-ready', terminal: T, date: '2026-11-10', done: true, estimate: false, earliest: '2026-11-10', latest: '2026-11-10' },
    ]);
  });

  it('forecasts each PC apart and leaves out a milestone that does not apply', () => {
    const s = new Scenario(makeProfile({ terminals: [{ name: 'A', roles: ['claims'] }, { name: 'B', roles: ['oqs'] }] }), '2026-11-10', '2026-11-10');
    const f = forecast(s.state(), s.today, isJapaneseHoliday);
    expect(f.milestones.map((m) => m.key)).toEqual(['claims-ready@A', 'oqs-ready@B']);
  });
});

describe('forecast: the first claim window', () => {
  /** Everything claims-ready needs done on 2026-11-10 but the settings letter, expected on `by`. */
  function settingsExpected(by: string): Scenario {
    const s = new Scenario(makeProfile(), '2026-11-10', '2026-11-10');
    const plan = s.state().plan;
    const settings = instanceKey('claims-settings', null);
    const keys = [...closureOf(plan, instanceKey('claims-ready', T))].filter((k) => !requiresAny(plan, k, new Set([settings])) && !isMilestone(plan, k));
    for (const key of topoOrder(plan, keys)) {
      if (key === 'facility-profile') continue;
      const instance = plan.byKey.get(key)!;
      s.done(instance.step.id, instance.terminal, instance.step.id === 'cert-letter' ? { inputs: { requestId: 'R1' } } : {});
    }
    s.expect('claims-settings', null, by);
    return s;
  }

  it('names next month’s window for a claims-ready forecast on the 11th', () => {
    const s = settingsExpected('2027-01-11');
    const f = forecast(s.state(), s.today, isJapaneseHoliday);
    expect(f.milestones[0]).toMatchObject({ id: 'claims-ready', latest: '2027-01-11' });
    expect(f.firstClaimWindow).toEqual(windowOfMonth('2027-01-11', 1));
    expect(f.firstClaimWindow).toEqual({ from: '2027-02-05', to: '2027-02-10' });
  });

  it('names that month’s window for a claims-ready forecast on the 10th (claims can still be sent that day)', () => {
    const s = settingsExpected('2027-01-10');
    expect(forecast(s.state(), s.today, isJapaneseHoliday).firstClaimWindow).toEqual(windowOfMonth('2027-01-10', 0));
  });

  it('never names a window before the one the notice’s date allows (filed after the 20th: a month later)', () => {
    const s = new Scenario(makeProfile(), '2026-11-25', '2026-11-25');
    s.done('portal-account');
    s.done('line-contract');
    s.done('claims-notice');
    const f = forecast(s.state(), s.today, isJapaneseHoliday);
    // Filed on 11/25 (after the 20th): not before the window of M+3.
    expect(f.firstClaimWindow!.from >= windowOfMonth('2026-11-25', 3).from).toBe(true);
  });
});

/** States along a whole onboarding, some with waits overdue: for the properties that must always hold. */
function statesAlong(): { state: Onboarding; today: string }[] {
  const out: { state: Onboarding; today: string }[] = [];
  const s = new Scenario(makeProfile({ terminals: [{ name: T, roles: ['claims', 'oqs'] }, { name: '端末2', roles: ['oqs'] }] }), '2026-11-20', '2026-11-20');
  const plan: Plan = s.state().plan;
  const order = topoOrder(plan, plan.instances.filter((i) => i.applies && !i.step.optional && !i.step.kind.includes('recurring') && !isMilestone(plan, i.key)).map((i) => i.key));
  let day = '2026-11-20';
  for (const key of order) {
    // Each state on the day of its last record, and 40 days later (some waits overdue by then).
    for (const today of [day, plusDays(day, 40)]) out.push({ state: s.state(), today });
    if (key === 'facility-profile') continue;
    const instance = plan.byKey.get(key)!;
    s.today = day;
    s.done(instance.step.id, instance.terminal);
    day = plusDays(day, 3);
  }
  out.push({ state: s.state(), today: day });
  return out;
}

describe('forecast: what always holds', () => {
  const states = statesAlong();

  it('has earliest ≤ latest for every milestone and every step of the critical path, never before today while open', () => {
    for (const { state, today } of states) {
      const f = forecast(state, today, isJapaneseHoliday);
      expect(f.milestones.length).toBe(3);
      for (const m of [...f.milestones, ...f.criticalPath]) {
        expect(m.earliest, `${m.key} on ${today}`).not.toBeNull();
        expect(m.earliest! <= m.latest!, `${m.key} on ${today}: ${m.earliest}–${m.latest}`).toBe(true);
        if (!m.done) expect(m.earliest! >= today, `${m.key} on ${today}`).toBe(true);
      }
    }
  });

  it('ends the critical path at the milestone reached last, each link a need of the next, from a step without needs', () => {
    for (const { state, today } of states) {
      const f = forecast(state, today, isJapaneseHoliday);
      const path = f.criticalPath;
      const last = path[path.length - 1]!;
      expect(isMilestone(state.plan, last.key)).toBe(true);
      const latest = f.milestones.map((m) => m.latest!).sort().at(-1);
      expect(last.latest).toBe(latest);
      expect(effectiveNeeds(state.plan, state.plan.byKey.get(path[0]!.key)!)).toEqual([]);
      for (let i = 1; i < path.length; i++) {
        const needs = effectiveNeeds(state.plan, state.plan.byKey.get(path[i]!.key)!).flatMap(keysOf);
        expect(needs, `${path[i - 1]!.key} → ${path[i]!.key}`).toContain(path[i - 1]!.key);
        // Each step is met no later than the one it leads to, and a done step never follows an open one.
        expect(path[i - 1]!.latest! <= path[i]!.latest!).toBe(true);
        if (path[i]!.done) expect(path[i - 1]!.done).toBe(true);
      }
    }
  });

  it('follows, of an either-or need, the alternative done first', () => {
    // Everything oqs-ready needs but the certificate application, each on the day its last need was done,
    // oqs-application (11/05) before claims-notice (11/10): either one lets the certificate be applied for.
    const s = new Scenario(makeProfile(), '2026-11-20', '2026-11-01');
    const plan = s.state().plan;
    const application = instanceKey('cert-application', T);
    const named: Record<string, string> = { 'portal-account': '2026-11-01', 'line-contract': '2026-11-01', 'oqs-application': '2026-11-05', 'claims-notice': '2026-11-10' };
    const dayOf = new Map<string, string>([['facility-profile', '2026-11-01']]);
    const keys = [...closureOf(plan, instanceKey('oqs-ready', T))].filter((k) => !requiresAny(plan, k, new Set([application])) && !isMilestone(plan, k));
    for (const key of topoOrder(plan, keys)) {
      if (key === 'facility-profile') continue;
      const instance = plan.byKey.get(key)!;
      const needs = effectiveNeeds(plan, instance).flatMap(keysOf).map((k) => dayOf.get(k) ?? '2026-11-01');
      const day = named[instance.step.id] ?? needs.sort().at(-1) ?? '2026-11-01';
      dayOf.set(key, day);
      s.done(instance.step.id, instance.terminal, { occurredAt: day });
    }
    // The settings letter is said to come tomorrow: the certificate (applied for today, its letter due 12/1) sets the pace.
    s.expect('claims-settings', null, '2026-11-21');
    expect(s.state().ignored).toEqual([]);
    const path = forecast(s.state(), s.today, isJapaneseHoliday).criticalPath.map((c) => c.key);
    const i = path.indexOf(application);
    expect(path.slice(i - 1, i + 2)).toEqual(['oqs-application', application, LETTER]);
    expect(path).not.toContain('claims-notice');
  });
});
