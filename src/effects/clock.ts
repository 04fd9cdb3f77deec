/**
 * The one place the program reads the clock. `SEIKYU_NOW` (an ISO date or date-time) pins it, so a wait
 * can be tried days ahead without waiting; the machine itself only ever receives `today`.
 */
export interface Clock {
  now(): Date;
}

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

export class InvalidClockError extends Error {
  constructor(readonly value: string) {
    super(`SEIKYU_NOW is not a date: ${value}`);
    this.name = 'InvalidClockError';
  }
}

function parsePinned(value: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = new Date(day ? `${value}T12:00:00` : value);
  if (Number.isNaN(date.getTime())) return null;
  // `new Date('2026-02-30T12:00')` rolls over to March: refuse instead.
  if (day && localDay(date) !== value) return null;
  return date;
}

/** The calendar day of `date` in the local time zone (the clinic's), as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** ISO 8601 with the local offset: `2026-11-24T09:15:00+09:00`. */
export function localTimestamp(date: Date): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${localDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}
