import { addDays, dayOfMonthAfter, parts } from './dates.js';
import { instancesOf } from './plan.js';
import { isDone } from './build-machine.js';
import type { Onboarding } from './replay.js';

/**
 * The monthly calendar of online billing (PROCEDURE.md §2 "After onboarding"): claims are sent from the
 * 5th to the 10th of every month, weekends and holidays included, 8:00–21:00 on the 5th–7th and
 * 8:00–24:00 on the 8th–10th; the 確認試験 can be run from the 5th to the end of the month, 8:00–21:00.
 * Pure: `today` and the time of day are passed in, in Japan time.
 */

/** The first and last day of a monthly claim window (inclusive). */
export const CLAIM_WINDOW_FIRST_DAY = 5;
export const CLAIM_WINDOW_LAST_DAY = 10;
/** A `claims-notice` filed by this day of month M allows the window of M+2; filed later, M+3. */
export const CLAIMS_NOTICE_CUTOFF_DAY = 20;

/** A monthly claim window, `YYYY-MM-DD` inclusive. `first`: the facility's first one (claims-ready not yet done). */
export interface ClaimWindow {
  from: string;
  to: string;
  first: boolean;
}

function windowOfMonth(date: string, offset: number): { from: string; to: string } {
  return {
    from: dayOfMonthAfter(date, offset, CLAIM_WINDOW_FIRST_DAY),
    to: dayOfMonthAfter(date, offset, CLAIM_WINDOW_LAST_DAY),
  };
}

/** The window of this month when today is not past it, else next month's. */
export function nextClaimWindow(today: string): { from: string; to: string } {
  return windowOfMonth(today, parts(today).day <= CLAIM_WINDOW_LAST_DAY ? 0 : 1);
}

/** The first window a `claims-notice` filed on `filedOn` allows: by the 20th of M → M+2, after it → M+3. */
export function firstClaimWindow(filedOn: string): { from: string; to: string } {
  return windowOfMonth(filedOn, parts(filedOn).day <= CLAIMS_NOTICE_CUTOFF_DAY ? 2 : 3);
}

/**
 * The claim window to show: null when no terminal has the claims role or `claims-notice` is not done.
 * Before `claims-ready` is done on every claims terminal, the first window the notice's date allows (or,
 * once today is past it, the next one), `first: true`; after, the current or next monthly window.
 */
export function claimWindowOf(onboarding: Onboarding, today: string): ClaimWindow | null {
  const { plan, snapshot } = onboarding;
  const ready = instancesOf(plan, 'claims-ready').filter((i) => i.applies);
  if (ready.length === 0) return null;
  const notice = instancesOf(plan, 'claims-notice')[0];
  const filed = notice ? snapshot.context.records[notice.key] : undefined;
  if (!notice || !filed || !isDone(snapshot, notice.key)) return null;
  const next = nextClaimWindow(today);
  if (ready.every((i) => isDone(snapshot, i.key))) return { ...next, first: false };
  const first = firstClaimWindow(filed.occurredAt);
  return { ...(first.from >= next.from ? first : next), first: true };
}

/** The hours of a claim window day, Japan time: 8:00–21:00 on the 5th–7th, 8:00–24:00 on the 8th–10th. */
export function claimWindowHours(date: string): { opens: string; closes: string } {
  return { opens: '08:00', closes: parts(date).day <= 7 ? '21:00' : '24:00' };
}

/** The 確認試験 (claims-test) can be run from the 5th to the end of the month, 8:00–21:00 Japan time. */
export const CLAIMS_TEST_HOURS = { fromDay: CLAIM_WINDOW_FIRST_DAY, opens: '08:00', closes: '21:00' } as const;

/**
 * Whether the 確認試験 can be run at `date` `time` (Japan time), and if not, when it opens next.
 */
export function claimsTestOpen(date: string, time: string): { open: true } | { open: false; opensAt: { date: string; time: string } } {
  const { day } = parts(date);
  const { fromDay, opens, closes } = CLAIMS_TEST_HOURS;
  if (day >= fromDay && time >= opens && time < closes) return { open: true };
  if (day >= fromDay && time < opens) return { open: false, opensAt: { date, time: opens } };
  // Before the 5th: the 5th of this month; after hours on a day from the 5th: tomorrow, or the 5th of next month.
  if (day < fromDay) return { open: false, opensAt: { date: dayOfMonthAfter(date, 0, fromDay), time: opens } };
  const tomorrow = addDays(date, 1);
  const next = parts(tomorrow).day === 1 ? dayOfMonthAfter(date, 1, fromDay) : tomorrow;
  return { open: false, opensAt: { date: next, time: opens } };
}

