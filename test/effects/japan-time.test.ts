import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cli, removeTempDirs, requireBuild } from '../helpers/cli.js';
import { japanParts, japanPartsFromZoneData, localClock, localDay, localTimestamp, parsePinned } from '../../src/effects/clock.js';
import { localMoment } from '../../src/effects/holidays.js';

/**
 * Hours and dates are Japan time whatever the computer's time zone: the program is run as a child process
 * under TZ=UTC and TZ=America/Los_Angeles with a pinned clock.
 */

// Thursday 2026-11-05 08:30 in Japan: the network desk opens at 8:00 on the 5th–7th (until 21:00). In UTC
// it is still the 4th (23:30), in Los Angeles the 4th at 15:30 (a weekday open until 17:00).
const MOMENT = '2026-11-05T08:30:00+09:00';

beforeAll(requireBuild);
afterAll(removeTempDirs);

describe.concurrent.each(['UTC', 'America/Los_Angeles'])('under TZ=%s', (tz) => {
  const env = { TZ: tz, SEIKYU_PASSPHRASE: 'japan-time-2026' };

  it('shows the help desk open at 08:30 JST on the 5th (until 21:00)', async () => {
    const cli = Cli.fresh(MOMENT);
    await cli.ok(['init', '--name', '時刻医院', '--code', '0110113719', '--area', 'east'], { env });
    const { stdout } = await cli.ok(['show', 'line-registration'], { env });
    expect(stdout).toContain('受付中（21:00まで）');
  });

  it('records the day in Japan and recordedAt with +09:00', async () => {
    const cli = Cli.fresh(MOMENT);
    await cli.ok(['init', '--name', '時刻医院', '--code', '0110113719', '--area', 'east'], { env });
    await cli.ok(['done', 'portal-account', 'email=a@example.jp'], { env });
    const history = JSON.parse((await cli.ok(['history', '--json'], { env })).stdout) as { events?: unknown[] } | unknown[];
    const events = (Array.isArray(history) ? history : (history.events ?? [])) as { step: string | null; occurredAt: string; recordedAt: string }[];
    const portal = events.find((e) => e.step === 'portal-account')!;
    expect(portal.occurredAt).toBe('2026-11-05');
    expect(portal.recordedAt).toBe('2026-11-05T08:30:00+09:00');
  });

  it('reads a date-only SEIKYU_NOW as that day in Japan, and one without an offset as Japan time', async () => {
    const cli = Cli.fresh('2026-11-05');
    await cli.ok(['init', '--name', '時刻医院', '--code', '0110113719', '--area', 'east'], { env });
    const today = (now: string) => cli.ok(['status', '--json'], { env, now }).then((r) => (JSON.parse(r.stdout) as { today: string }).today);
    expect(await today('2026-11-05')).toBe('2026-11-05');
    expect(await today('2026-11-05T00:30')).toBe('2026-11-05');
    expect(await today('2026-11-05T23:30')).toBe('2026-11-05');
  });
});

describe('the clock functions', () => {
  it('compute the Japan wall clock from an instant', () => {
    const instant = new Date('2026-12-31T15:30:00Z'); // 2027-01-01 00:30 in Japan
    expect(localDay(instant)).toBe('2027-01-01');
    expect(localTimestamp(instant)).toBe('2027-01-01T00:30:00+09:00');
    expect(localClock(instant)).toEqual({ date: '2027-01-01', time: '00:30' });
    expect(localMoment(instant)).toEqual({ date: '2027-01-01', minutes: 30, weekday: 5 });
  });

  it('pin a date-only value to noon in Japan', () => {
    expect(parsePinned('2026-11-05')!.toISOString()).toBe('2026-11-05T03:00:00.000Z');
    expect(parsePinned('2026-11-05T08:30')!.toISOString()).toBe('2026-11-04T23:30:00.000Z');
  });
});

describe('the wall clock in Japan by arithmetic (from 1952) agrees with the time zone data', () => {
  it('on 5,000 random moments from 1952 to 9998, and around the boundary', () => {
    const from = Date.UTC(1951, 11, 31, 15);
    const to = Date.UTC(9998, 11, 31, 14, 59, 59);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        const date = new Date(ms);
        expect(japanParts(date)).toEqual(japanPartsFromZoneData(date));
      }),
      { numRuns: 5_000 },
    );
    for (const ms of [from - 1, from, from + 1, Date.UTC(2026, 11, 31, 14, 59, 59, 999), Date.UTC(2026, 11, 31, 15)]) {
      expect(japanParts(new Date(ms)), new Date(ms).toISOString()).toEqual(japanPartsFromZoneData(new Date(ms)));
    }
  });

  it('keeps the time zone data for the summer time of 1948–1951 (UTC+10 then)', () => {
    // 1949-07-01 12:00 UTC was 22:00 in Japan under summer time, not 21:00.
    expect(japanParts(new Date(Date.UTC(1949, 6, 1, 12))).hour).toBe(22);
  });
});
