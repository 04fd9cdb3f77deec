import { excerpt } from '../i18n/visible.js';

/**
 * The one place the program reads the clock. `SEIKYU_NOW` (an ISO date or date-time) pins it, so a wait
 * can be tried days ahead without waiting; the machine itself only ever receives `today`.
 */
export interface Clock {
  now(): Date;
}

/**
 * The days a pinned clock may show, in the local calendar. The machine writes dates as `YYYY-MM-DD` and counts
 * up to about half a year past today (a certificate's 180-day deadline, a wait's window, a help desk's next
 * opening): four-digit years from 1000 to 9998 keep every such date four digits long.
 */
export const PINNED_YEARS = { first: 1000, last: 9998 } as const;

export function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.SEIKYU_NOW;
  if (pinned) {
    const date = parsePinned(pinned);
    // A mistyped pin must not silently fall back to the real date (nor record events on it).
    if (!date) throw new InvalidClockError(pinned);
    return { now: () => date };
  }
  return { now: () => new Date() };
}

/** SEIKYU_NOW is not a date the program can use; `value` is shortened for the message. */
export class InvalidClockError extends Error {
  readonly value: string;
  constructor(value: string) {
    super(`SEIKYU_NOW is not a date: ${excerpt(value)}`);
    this.name = 'InvalidClockError';
    this.value = excerpt(value);
  }
}

/**
 * `YYYY-MM-DD` (noon that day in Japan) or an ISO 8601 date-time in extended form: `YYYY-MM-DDTHH:MM`,
 * optional seconds and milliseconds, optional `Z` or `±HH:MM` (without it, Japan time, whatever the
 * computer's time zone). Everything else
 * (`2026`, `1`, `Tue, 01 Apr 2026`, `+010000-01-01`) is refused, though `Date` would read some of it.
 */
const PINNED = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-](\d{2}):(\d{2}))?)?$/;

/** The pinned moment, or null when `value` is not one the program accepts. */
export function parsePinned(value: string): Date | null {
  const m = PINNED.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // `Date` rolls 2026-02-30 over to March 2: check the calendar first.
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(2000, month, 0)).getUTCDate()) return null;
  if (month === 2 && day === 29 && !isLeapYear(year)) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return null;
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return null;
  const date = new Date(m[4] === undefined ? `${value}T12:00:00${JAPAN_OFFSET}` : m[7] === undefined ? `${value}${JAPAN_OFFSET}` : value);
  if (Number.isNaN(date.getTime())) return null;
  // The day it is in Japan, which an offset may move across a year boundary (1000-01-01T00:00+14:00).
  const localYear = japanParts(date).year;
  return localYear >= PINNED_YEARS.first && localYear <= PINNED_YEARS.last ? date : null;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The clinic's time zone: dates, hours and help desks are Japan time whatever the computer's zone is. */
export const JAPAN_TIME_ZONE = 'Asia/Tokyo';
/** Japan's offset (no daylight saving since 1951), for a pinned date-time given without one. */
const JAPAN_OFFSET = '+09:00';

/**
 * Japan has kept UTC+9 without daylight saving since 1952: from then on the wall clock is arithmetic. Before it
 * (summer time 1948–1951, the local mean time of the 1880s) the time zone data decides, through Intl — whose
 * formatter costs more to build than the rest of a `seikyu status` start-up (≈ 10–20 ms), so it is built only
 * for such a date.
 */
const FIXED_OFFSET_FROM = Date.UTC(1951, 11, 31, 15); // 1952-01-01T00:00+09:00
const JAPAN_OFFSET_MS = 9 * 3_600_000;
let japanFormat: Intl.DateTimeFormat | null = null;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall clock in Japan at `date`. `weekday`: 0 = Sunday … 6 = Saturday. */
export function japanParts(date: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const time = date.getTime();
  if (time >= FIXED_OFFSET_FROM) {
    const wall = new Date(time + JAPAN_OFFSET_MS);
    return {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      weekday: wall.getUTCDay(),
    };
  }
  return japanPartsFromZoneData(date);
}

/** The same, read from the time zone data (Intl): for dates before 1952. Exported for the test that compares the two. */
export function japanPartsFromZoneData(date: Date): ReturnType<typeof japanParts> {
  japanFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: JAPAN_TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(japanFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** The calendar day of `date` in Japan (the clinic's), as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const p = japanParts(date);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** ISO 8601 in Japan time with its offset: `2026-11-24T09:15:00+09:00`. */
export function localTimestamp(date: Date): string {
  const p = japanParts(date);
  // The offset as the calendar has it (+09:00 today; the data knows the older local mean time).
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${localDay(date)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
}

/** The date and time of day in Japan (`HH:MM`), as the authority judges hours. */
export function localClock(date: Date): { date: string; time: string } {
  const p = japanParts(date);
  return { date: localDay(date), time: `${pad(p.hour)}:${pad(p.minute)}` };
}
