/**
 * Japanese national holidays from @holiday-jp/holiday_jp (a data file the maintainers regenerate yearly),
 * and the clinic's local moment for src/machine/hours.ts. Beyond the years the data covers the answer is
 * `null` ("the calendar does not cover that year"), never a guess.
 */
import type { Moment } from '../machine/hours.js';
import { japanParts, localDay } from './clock.js';

const DATE = /^(\d{4})-\d{2}-\d{2}$/;

/**
 * The bundler (scripts/build.mjs) writes the holidays in as compact JSON (`{"YYYY-MM-DD": [ja, en]}`):
 * the package's own module builds an object of five fields per holiday at load, which cost a start-up more
 * than the statechart library. From the sources (tests), the package is read as it is.
 */
declare const __SEIKYU_HOLIDAYS__: string | undefined;

type Names = readonly [ja: string, en: string];

const holidayNames: ReadonlyMap<string, Names> =
  typeof __SEIKYU_HOLIDAYS__ === 'string'
    ? new Map(Object.entries(JSON.parse(__SEIKYU_HOLIDAYS__) as Record<string, Names>))
    : new Map(
        Object.entries((await import('@holiday-jp/holiday_jp')).default.holidays as Readonly<Record<string, { name: string; name_en: string }>>).map(
          ([date, h]) => [date, [h.name, h.name_en] as const],
        ),
      );

const holidayDates: ReadonlySet<string> = new Set(holidayNames.keys());

function yearRange(dates: Iterable<string>): { firstYear: number; lastYear: number } {
  let firstYear = Infinity;
  let lastYear = -Infinity;
  for (const date of dates) {
    const year = Number(date.slice(0, 4));
    firstYear = Math.min(firstYear, year);
    lastYear = Math.max(lastYear, year);
  }
  return { firstYear, lastYear };
}

/** The whole years the installed holiday data covers (1970–2050 in holiday_jp 2.5.1). */
export const holidayCalendarRange: { readonly firstYear: number; readonly lastYear: number } = Object.freeze(
  yearRange(holidayDates),
);

/** Is `date` (`YYYY-MM-DD`, local) a national holiday (振替休日 and 国民の休日 included)? `null` outside the covered years. */
export function isJapaneseHoliday(date: string): boolean | null {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const year = Number(m[1]);
  if (year < holidayCalendarRange.firstYear || year > holidayCalendarRange.lastYear) return null;
  return holidayDates.has(date);
}

/** The name of the holiday on `date` (ja and en), or null when it is not one (or not covered). */
export function japaneseHolidayName(date: string): { ja: string; en: string } | null {
  const names = holidayNames.get(date);
  return names ? { ja: names[0], en: names[1] } : null;
}

/** `now` in Japan time (the clinic's, whatever the computer's zone), as the machine's `Moment`. */
export function localMoment(now: Date): Moment {
  const p = japanParts(now);
  return { date: localDay(now), minutes: p.hour * 60 + p.minute, weekday: p.weekday };
}
