import { describe, expect, it } from 'vitest';
import holidayJp from '@holiday-jp/holiday_jp';
import {
  holidayCalendarRange,
  isJapaneseHoliday,
  japaneseHolidayName,
  localMoment,
} from '../../src/effects/holidays.js';
import { deskStatus } from '../../src/machine/hours.js';
import { procedure } from '../helpers/scenario.js';

/** The national holiday calendar from @holiday-jp/holiday_jp, and the local moment fed to deskStatus. */

describe('Japanese national holidays', () => {
  it('the library lists 2026-11-23 (勤労感謝の日) and 2027-01-11 (成人の日) among 2026–2027 holidays', () => {
    const dates = Object.keys(holidayJp.holidays).filter((d) => d >= '2026-01-01' && d <= '2027-12-31');
    expect(dates).toContain('2026-11-23');
    expect(dates).toContain('2027-01-11');
    expect(japaneseHolidayName('2026-11-23')).toEqual({ ja: '勤労感謝の日', en: 'Labor Thanksgiving Day' });
    expect(japaneseHolidayName('2027-01-11')?.ja).toBe('成人の日');
  });

  it('says whether a covered date is a holiday, substitute holidays included', () => {
    expect(isJapaneseHoliday('2026-11-23')).toBe(true);
    expect(isJapaneseHoliday('2027-01-11')).toBe(true);
    expect(isJapaneseHoliday('2026-05-06')).toBe(true); // 振替休日
    expect(isJapaneseHoliday('2026-11-24')).toBe(false);
    expect(japaneseHolidayName('2026-11-24')).toBeNull();
  });

  it('covers whole years up to its last one, and answers null (not false) beyond it', () => {
    const { firstYear, lastYear } = holidayCalendarRange;
    expect(firstYear).toBeLessThanOrEqual(2026);
    expect(lastYear).toBeGreaterThanOrEqual(2027);
    expect(isJapaneseHoliday(`${lastYear}-01-01`)).toBe(true);
    expect(isJapaneseHoliday(`${lastYear + 1}-01-01`)).toBeNull();
    expect(isJapaneseHoliday(`${lastYear + 1}-06-15`)).toBeNull();
    expect(isJapaneseHoliday(`${firstYear - 1}-01-01`)).toBeNull();
  });

  it('refuses a string that is not a date', () => {
    expect(() => isJapaneseHoliday('2026/11/23')).toThrow(RangeError);
  });
});

describe('local moment', () => {
  it('gives the date, minutes since midnight and weekday (0 = Sunday) in Japan, whatever the zone of the computer', () => {
    const now = new Date('2026-11-23T10:30:00+09:00'); // Monday 2026-11-23 10:30 in Japan
    expect(localMoment(now)).toEqual({ date: '2026-11-23', minutes: 630, weekday: 1 });
    expect(localMoment(new Date('2026-08-09T23:59:00+09:00'))).toEqual({ date: '2026-08-09', minutes: 1439, weekday: 0 });
  });
});

describe('desk status with the real calendar', () => {
  const network = procedure.contacts['network-desk']!;

  it('knows the network desk is closed on 勤労感謝の日 2026 and open the day after', () => {
    const holiday = localMoment(new Date('2026-11-23T10:00:00+09:00'));
    expect(deskStatus(network, holiday, isJapaneseHoliday)).toEqual({
      state: 'closed',
      opensAt: { date: '2026-11-24', time: '09:00' },
    });
    expect(deskStatus(network, localMoment(new Date('2026-11-24T10:00:00+09:00')), isJapaneseHoliday)).toEqual({
      state: 'open',
      closesAt: '17:00',
    });
  });

  it('says the calendar does not cover a weekday past its last year', () => {
    const year = holidayCalendarRange.lastYear + 1;
    // The 16th to the 22nd of January holds every weekday once: take its Wednesday (no day-of-month rule).
    const wednesday = [16, 17, 18, 19, 20, 21, 22].map((d) => new Date(year, 0, d, 10, 0)).find((d) => d.getDay() === 3)!;
    expect(deskStatus(network, localMoment(wednesday), isJapaneseHoliday)).toEqual({ state: 'unknown', why: 'no-calendar' });
  });
});
