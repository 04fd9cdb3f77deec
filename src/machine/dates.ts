/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. The machine reads no clock and uses no `Date`:
 * waits and deadlines count whole days in the facility's local calendar, and "today" is injected.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Is this a real calendar date in `YYYY-MM-DD` form (not 2026-02-30)? */
export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/**
 * A date the program works with: a real date in the years 1000–9998. Later dates are computed from it (a
 * deadline 180 days on, a window a month on), and they must stay four-digit years, as the clock's range is.
 */
export function isUsableDate(value: string): boolean {
  if (!isValidDate(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= 1000 && year <= 9998;
}

export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

export function toDayNumber(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function fromDayNumber(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** b − a in days. */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function parts(date: string): { year: number; month: number; day: number } {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** The `day` of the month `offset` months after the month of `date`. */
export function dayOfMonthAfter(date: string, offset: number, day: number): string {
  const { year, month } = parts(date);
  const index = year * 12 + (month - 1) + offset;
  const y = Math.floor(index / 12);
  const mo = (index % 12) + 1;
  return `${pad(y, 4)}-${pad(mo)}-${pad(Math.min(day, daysInMonth(y, mo)))}`;
}

export function maxDate(dates: readonly string[]): string | null {
  let best: string | null = null;
  for (const d of dates) if (best === null || d > best) best = d;
  return best;
}

/** `11/27` within the year of `today`, `2027/5/19` otherwise: short, and read the same in ja and en. */
export function shortDate(date: string, today: string): string {
  const d = parts(date);
  return d.year === parts(today).year ? `${d.month}/${d.day}` : `${d.year}/${d.month}/${d.day}`;
}
