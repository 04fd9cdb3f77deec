/**
 * Is a help desk open right now? Pure: the local date, time and weekday and the holiday calendar are
 * passed in (see src/effects/holidays.ts). The semantics of a schedule are documented on `Schedule` in
 * procedure-schema.ts.
 */
import { addDays, parts } from './dates.js';
import type { Contact, HoursRule, Schedule, Weekday } from './procedure-schema.js';

/** A moment in the clinic's local time. `weekday`: 0 = Sunday … 6 = Saturday (as `Date#getDay`). */
export interface Moment {
  date: string;
  /** Minutes since local midnight, 0–1439. */
  minutes: number;
  weekday: number;
}

/** Is `date` (`YYYY-MM-DD`) a national holiday? `null`: the calendar does not cover that date. */
export type HolidayCalendar = (date: string) => boolean | null;

export type DeskStatus =
  | { state: 'open'; closesAt: string }
  /** `opensAt` null: no opening found within `LOOKAHEAD_DAYS`, or the calendar cannot tell before one. */
  | { state: 'closed'; opensAt: { date: string; time: string } | null }
  | { state: 'unknown'; why: 'no-schedule' | 'no-calendar' };

/** How far ahead the next opening is looked for. */
export const LOOKAHEAD_DAYS = 14;

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** `HH:MM` → minutes since midnight (`24:00` → 1440). */
export function clockMinutes(time: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) throw new RangeError(`not a time of day: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Minutes since midnight → `HH:MM` (1440 → `24:00`). */
export function clockTime(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function monthDay(date: string): string {
  return date.slice(5, 10);
}

function inClosedPeriod(schedule: Schedule, date: string): boolean {
  const md = monthDay(date);
  return schedule.closed.some(({ from, to }) => (from <= to ? from <= md && md <= to : md >= from || md <= to));
}

/** The rules that decide `date` (step 2 or 3 of the precedence), before holidays are considered. */
function decidingRules(schedule: Schedule, date: string, weekday: number): HoursRule[] {
  const { day } = parts(date);
  const byDay = schedule.rules.filter((r) => r.daysOfMonth?.includes(day));
  if (byDay.length > 0) return byDay;
  const name = WEEKDAYS[weekday];
  return schedule.rules.filter((r) => name !== undefined && r.weekdays?.includes(name));
}

type Interval = [open: number, close: number];

/** The open intervals of one day, merged and sorted; null when they depend on a holiday the calendar does not cover. */
function openIntervals(schedule: Schedule, date: string, weekday: number, isHoliday: HolidayCalendar): Interval[] | null {
  if (inClosedPeriod(schedule, date)) return [];
  let rules = decidingRules(schedule, date, weekday);
  if (rules.some((r) => !r.onHolidays)) {
    const holiday = isHoliday(date);
    if (holiday === null) return null;
    if (holiday) rules = rules.filter((r) => r.onHolidays);
  }
  const intervals = rules
    .map((r): Interval => [clockMinutes(r.open), clockMinutes(r.close)])
    .sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const [open, close] of intervals) {
    const last = merged[merged.length - 1];
    if (last && open <= last[1]) last[1] = Math.max(last[1], close);
    else merged.push([open, close]);
  }
  return merged;
}

/**
 * Whether `contact` answers at `at`. Open: until when today. Closed: the next opening within
 * `LOOKAHEAD_DAYS`, scanning day by day. Unknown: the desk has no schedule, or today depends on a holiday
 * the calendar does not cover. A day ending at `24:00` is reported as closing at `24:00` even when the
 * next day opens at `00:00`.
 */
export function deskStatus(contact: Contact, at: Moment, isHoliday: HolidayCalendar): DeskStatus {
  const schedule = contact.schedule;
  if (!schedule) return { state: 'unknown', why: 'no-schedule' };
  if (!Number.isInteger(at.minutes) || at.minutes < 0 || at.minutes >= 1440) {
    throw new RangeError(`minutes since midnight out of range: ${at.minutes}`);
  }
  if (!Number.isInteger(at.weekday) || at.weekday < 0 || at.weekday > 6) {
    throw new RangeError(`weekday out of range: ${at.weekday}`);
  }

  const today = openIntervals(schedule, at.date, at.weekday, isHoliday);
  if (today === null) return { state: 'unknown', why: 'no-calendar' };
  const current = today.find(([open, close]) => open <= at.minutes && at.minutes < close);
  if (current) return { state: 'open', closesAt: clockTime(current[1]) };

  const later = today.find(([open]) => open > at.minutes);
  if (later) return { state: 'closed', opensAt: { date: at.date, time: clockTime(later[0]) } };
  for (let k = 1; k <= LOOKAHEAD_DAYS; k++) {
    const date = addDays(at.date, k);
    const intervals = openIntervals(schedule, date, (at.weekday + k) % 7, isHoliday);
    if (intervals === null) return { state: 'closed', opensAt: null };
    const first = intervals[0];
    if (first) return { state: 'closed', opensAt: { date, time: clockTime(first[0]) } };
  }
  return { state: 'closed', opensAt: null };
}
