import { describe, expect, it } from 'vitest';
import { procedure } from '../helpers/scenario.js';
import { deskStatus, type HolidayCalendar, type Moment } from '../../src/machine/hours.js';
import { Contact } from '../../src/machine/procedure-schema.js';

/**
 * "Is the help desk open now?" against the shipped contact schedules, an injected moment and a small
 * fixed holiday calendar that covers 2026–2050 only (the real one is exercised in test/effects/holidays).
 * Weekdays in the expectations are computed with UTC `Date`s, independently of src/machine/dates.ts.
 */

const HOLIDAYS = new Set(['2026-05-05', '2026-11-03', '2026-11-23', '2027-01-01', '2027-01-11']);
const calendar: HolidayCalendar = (date) => {
  const year = Number(date.slice(0, 4));
  return year < 2026 || year > 2050 ? null : HOLIDAYS.has(date);
};

/** `2026-11-17 10:00` → the moment, with its weekday. */
function at(dateTime: string): Moment {
  const [date, time] = dateTime.split(' ') as [string, string];
  const [h, m] = time.split(':').map(Number) as [number, number];
  return { date, minutes: h * 60 + m, weekday: new Date(`${date}T00:00:00Z`).getUTCDay() };
}

const network = procedure.contacts['network-desk']!;
const callCenter = procedure.contacts['portal-callcenter']!;
const claims = procedure.contacts['claims-helpdesk']!;

describe('network support desk (weekdays 9–17; 5th–7th 8–21 and 8th–10th 8–24 every day; closed 12/29–1/3)', () => {
  it('is open at 10:00 on a normal Tuesday, until 17:00', () => {
    expect(at('2026-11-17 10:00').weekday).toBe(2);
    expect(deskStatus(network, at('2026-11-17 10:00'), calendar)).toEqual({ state: 'open', closesAt: '17:00' });
  });

  it('is closed at 17:00 sharp, and opens again the next morning at 9:00', () => {
    expect(deskStatus(network, at('2026-11-17 17:00'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-11-18', time: '09:00' },
    });
  });

  it('is closed before 9:00 on a weekday and opens at 9:00 the same day', () => {
    expect(deskStatus(network, at('2026-11-17 08:30'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-11-17', time: '09:00' },
    });
  });

  it('is closed on a Saturday outside the 5th–10th, and opens on Monday at 9:00', () => {
    expect(at('2026-11-14 11:00').weekday).toBe(6);
    expect(deskStatus(network, at('2026-11-14 11:00'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-11-16', time: '09:00' },
    });
  });

  it('opens on the 5th at 8:00 when that comes before Monday (Saturday the 4th → Sunday the 5th)', () => {
    expect(at('2026-07-04 11:00').weekday).toBe(6);
    expect(deskStatus(network, at('2026-07-04 11:00'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-07-05', time: '08:00' },
    });
  });

  it('is open at 22:00 on the 9th even on a Sunday, until midnight', () => {
    expect(at('2026-08-09 22:00').weekday).toBe(0);
    expect(deskStatus(network, at('2026-08-09 22:00'), calendar)).toEqual({ state: 'open', closesAt: '24:00' });
  });

  it('keeps the 5th–7th hours on a national holiday (こどもの日 2026-05-05), but closes at 21:00', () => {
    expect(deskStatus(network, at('2026-05-05 20:59'), calendar)).toEqual({ state: 'open', closesAt: '21:00' });
    expect(deskStatus(network, at('2026-05-05 21:00'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-05-06', time: '08:00' },
    });
  });

  it('opens at 8:00, not 9:00, on a weekday 5th–10th', () => {
    expect(deskStatus(network, at('2026-11-10 08:00'), calendar)).toEqual({ state: 'open', closesAt: '24:00' });
    expect(deskStatus(network, at('2026-11-11 08:30'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-11-11', time: '09:00' },
    });
  });

  it('is closed over the new year (12/30 and 2027-01-01) and opens on 2027-01-04 at 9:00', () => {
    for (const moment of ['2026-12-30 10:00', '2027-01-01 10:00', '2027-01-03 23:00']) {
      expect(deskStatus(network, at(moment), calendar), moment).toEqual({
        state: 'closed',
        opensAt: { date: '2027-01-04', time: '09:00' },
      });
    }
  });

  it('is closed on a national holiday weekday (勤労感謝の日 2026-11-23) and opens the next day at 9:00', () => {
    expect(at('2026-11-23 10:00').weekday).toBe(1);
    expect(deskStatus(network, at('2026-11-23 10:00'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-11-24', time: '09:00' },
    });
  });

  it('skips a holiday when looking for the next opening (Saturday 2026-11-21 → Tuesday 11-24)', () => {
    expect(deskStatus(network, at('2026-11-21 12:00'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-11-24', time: '09:00' },
    });
  });
});

describe('portal call center (Mon–Fri 8–18, Sat 8–16, closed on Sundays and holidays)', () => {
  it('is open on Saturday at 15:00, until 16:00', () => {
    expect(deskStatus(callCenter, at('2026-11-14 15:00'), calendar)).toEqual({ state: 'open', closesAt: '16:00' });
  });

  it('is closed on Saturday at 16:00 and on Sunday, and opens on Monday at 8:00', () => {
    for (const moment of ['2026-11-14 16:00', '2026-11-15 12:00']) {
      expect(deskStatus(callCenter, at(moment), calendar), moment).toEqual({
        state: 'closed',
        opensAt: { date: '2026-11-16', time: '08:00' },
      });
    }
  });

  it('is open on a weekday until 18:00', () => {
    expect(deskStatus(callCenter, at('2026-11-17 17:59'), calendar)).toEqual({ state: 'open', closesAt: '18:00' });
  });

  it('is closed on a national holiday and opens the next weekday at 8:00', () => {
    expect(deskStatus(callCenter, at('2026-11-23 10:00'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-11-24', time: '08:00' },
    });
  });

  it('keeps its weekday hours over the new year except on holidays (the source names no new-year closure)', () => {
    expect(deskStatus(callCenter, at('2026-12-30 10:00'), calendar)).toEqual({ state: 'open', closesAt: '18:00' });
    expect(deskStatus(callCenter, at('2027-01-01 10:00'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2027-01-02', time: '08:00' },
    });
  });
});

describe('a desk without a schedule', () => {
  it('is neither open nor closed: the claims help desk hours are unknown', () => {
    expect(claims.schedule).toBeUndefined();
    expect(deskStatus(claims, at('2026-11-17 10:00'), calendar)).toEqual({ state: 'unknown', why: 'no-schedule' });
  });
});

describe('dates the holiday calendar does not cover', () => {
  it('gives unknown (no-calendar) when a holiday would decide, e.g. a weekday in 2051', () => {
    expect(deskStatus(network, at('2051-01-16 10:00'), calendar)).toEqual({ state: 'unknown', why: 'no-calendar' });
    expect(deskStatus(callCenter, at('2051-01-16 10:00'), calendar)).toEqual({ state: 'unknown', why: 'no-calendar' });
  });

  it('still answers where holidays do not matter: the 5th–10th, Sundays, the new-year closure', () => {
    expect(deskStatus(network, at('2051-01-06 10:00'), calendar)).toEqual({ state: 'open', closesAt: '21:00' });
    // 2051-01-02 is in the new-year closure; the next day that could open, Wednesday 01-04, depends on the calendar.
    expect(deskStatus(network, at('2051-01-02 10:00'), calendar)).toEqual({ state: 'closed', opensAt: null });
    expect(deskStatus(callCenter, at('2051-01-15 10:00'), calendar).state).toBe('closed');
  });

  it('does not guess the next opening past the calendar: closed, opening unknown', () => {
    // Sunday 2051-01-15: closed whatever the calendar says; Monday 01-16 depends on it.
    expect(deskStatus(callCenter, at('2051-01-15 10:00'), calendar)).toEqual({ state: 'closed', opensAt: null });
    // Friday 2050-12-30 after 18:00: the 31st is a Saturday (covered), then 2051 begins.
    expect(deskStatus(callCenter, at('2050-12-30 19:00'), calendar)).toEqual({
      state: 'closed',
      opensAt: { date: '2050-12-31', time: '08:00' },
    });
  });
});

describe('the schedule format', () => {
  const base = { name: { ja: '窓口', en: 'Desk' }, phone: '0120-000-000', hours: { ja: '未定', en: 'TBD' } };
  const rule = { weekdays: ['mon'], open: '09:00', close: '17:00', onHolidays: false };
  const parse = (schedule: unknown) => Contact.safeParse({ ...base, schedule }).success;

  it('accepts 24:00 as a closing time and a closed period spanning the new year', () => {
    expect(parse({ rules: [{ ...rule, close: '24:00' }], closed: [{ from: '12-29', to: '01-03' }] })).toBe(true);
  });

  it('refuses a rule with both or neither weekdays and daysOfMonth', () => {
    expect(parse({ rules: [{ ...rule, daysOfMonth: [5] }] })).toBe(false);
    expect(parse({ rules: [{ open: '09:00', close: '17:00', onHolidays: false }] })).toBe(false);
  });

  it('refuses a closing time not after the opening, times past 24:00, and bad days', () => {
    expect(parse({ rules: [{ ...rule, close: '09:00' }] })).toBe(false);
    expect(parse({ rules: [{ ...rule, close: '24:30' }] })).toBe(false);
    expect(parse({ rules: [{ ...rule, open: '9:00' }] })).toBe(false);
    expect(parse({ rules: [{ ...rule, weekdays: ['monday'] }] })).toBe(false);
    expect(parse({ rules: [rule], closed: [{ from: '02-30', to: '03-01' }] })).toBe(false);
    expect(parse({ rules: [{ ...rule, unknownField: 1 }] })).toBe(false);
  });

  it('accepts a contact without a schedule', () => {
    expect(Contact.safeParse(base).success).toBe(true);
  });
});
