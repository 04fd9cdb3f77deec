import { addDays, toDayNumber } from './dates.js';
import type { HolidayCalendar } from './hours.js';

/**
 * Business days (営業日) in Japan: Monday to Friday, national holidays excepted. Mail is sent on business
 * days (the 簡易書留 with the certificate IDs leaves 2–3 business days after the application), so its
 * expected window is counted in them. Pure: the holiday calendar is injected (src/effects/holidays.ts);
 * a day the calendar does not cover (`null`) counts as a working day, so a window is never stretched by a guess.
 */

/** 0 = Sunday … 6 = Saturday, as `Date#getDay`. 1970-01-01 (day 0) was a Thursday. */
export function weekdayOf(date: string): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

/** Is `date` a business day: not a Saturday, a Sunday or a national holiday? */
export function isBusinessDay(date: string, holidays: HolidayCalendar): boolean {
  const weekday = weekdayOf(date);
  if (weekday === 0 || weekday === 6) return false;
  return holidays(date) !== true;
}

/**
 * The `n`th business day after `date` (`date` itself does not count: the day of the application is day 0).
 * `n` = 0 gives `date` back, whatever day it is.
 */
export function addBusinessDays(date: string, n: number, holidays: HolidayCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count of business days: ${n}`);
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isBusinessDay(day, holidays)) left--;
  }
  return day;
}
