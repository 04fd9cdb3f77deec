import { describe, expect, it } from 'vitest';
import { addBusinessDays, isBusinessDay, weekdayOf } from '../../src/machine/business-days.js';
import { isJapaneseHoliday } from '../../src/effects/holidays.js';
import type { HolidayCalendar } from '../../src/machine/hours.js';

/**
 * Business days for mail: Monday–Friday, Japan's national holidays excepted, the calendar injected. The
 * expectations are counted here with UTC `Date`s, independently of src/machine/dates.ts.
 */

/** The `n`th day after `date` that is neither a weekend nor in `holidays`, counted with `Date`. */
function oracle(date: string, n: number, holidays: ReadonlySet<string>): string {
  const d = new Date(`${date}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holidays.has(day)) left--;
  }
  return d.toISOString().slice(0, 10);
}

const none: HolidayCalendar = () => false;

describe('business days', () => {
  it('knows the weekday of a date as Date#getDay does', () => {
    for (const date of ['1970-01-01', '2026-11-20', '2026-11-23', '2027-01-01', '2000-02-29', '1969-12-31']) {
      expect(weekdayOf(date)).toBe(new Date(`${date}T00:00:00Z`).getUTCDay());
    }
  });

  it('skips Saturdays and Sundays', () => {
    // 2026-11-06 is a Friday: three business days on is the Wednesday after the weekend.
    expect(addBusinessDays('2026-11-06', 3, none)).toBe(oracle('2026-11-06', 3, new Set()));
    expect(addBusinessDays('2026-11-06', 3, none)).toBe('2026-11-11');
    expect(isBusinessDay('2026-11-07', none)).toBe(false);
    expect(isBusinessDay('2026-11-08', none)).toBe(false);
  });

  it('skips a national holiday (勤労感謝の日, Monday 2026-11-23) and the New Year holiday', () => {
    expect(isJapaneseHoliday('2026-11-23')).toBe(true);
    expect(addBusinessDays('2026-11-20', 7, isJapaneseHoliday)).toBe(oracle('2026-11-20', 7, new Set(['2026-11-23'])));
    expect(addBusinessDays('2026-11-20', 7, isJapaneseHoliday)).toBe('2026-12-02');
    expect(addBusinessDays('2026-11-20', 7, none)).toBe('2026-12-01');
    // 2027-01-01 (元日) is a Friday: from New Year's Eve, the third business day is Tuesday the 5th.
    expect(addBusinessDays('2026-12-30', 3, isJapaneseHoliday)).toBe(oracle('2026-12-30', 3, new Set(['2027-01-01'])));
  });

  it('counts a day the calendar does not cover as a working day, never guessing a holiday', () => {
    const uncovered: HolidayCalendar = () => null;
    expect(addBusinessDays('2026-11-20', 7, uncovered)).toBe(addBusinessDays('2026-11-20', 7, none));
    expect(isBusinessDay('2099-01-01', isJapaneseHoliday)).toBe(new Date('2099-01-01T00:00:00Z').getUTCDay() % 6 !== 0);
  });

  it('gives the day itself for zero days, and refuses a negative count', () => {
    expect(addBusinessDays('2026-11-21', 0, none)).toBe('2026-11-21');
    expect(() => addBusinessDays('2026-11-21', -1, none)).toThrow(RangeError);
  });
});
