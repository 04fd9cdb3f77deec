import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, removeTempDirs, requireBuild, type RunOptions } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

/**
 * Time suite: the clock going backwards (SEIKYU_NOW before recorded events), onboardings in 2100, a wait of 400
 * days, a clinic's PC set to another time zone (Los Angeles, UTC−8; Kiritimati, UTC+14). Every view — status,
 * next, show, status --json, the Markdown report — answers (exit 0) in both languages with no negative count of
 * days ("day -23"), no NaN, no "Invalid Date", no "undefined" and no Infinity; the JSON's dates are real dates.
 */

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
afterAll(removeTempDirs);

const VIEWS: string[][] = [['status'], ['next'], ['show', 'master-account'], ['show', 'cert-letter'], ['show', 'ons-approval'], ['status', '--json'], ['next', '--json'], ['export', '--format', 'md'], ['history']];

/** Words a broken date or duration leaves in a text: a negative count of days, NaN, an invalid date. */
const BROKEN = [
  /day -\d/i,
  /-\d+ ?(day|days|日|日目|営業日)/,
  /(^|[^\w-])-\d+ (business )?days?/,
  /第?-\d+日/,
  /NaN/,
  /Invalid Date/i,
  /undefined/,
  /Infinity/,
  /\bnull\b(?!")/,
];

interface StepJson {
  id: string;
  status: string;
  since: string | null;
  expectedBy: string | null;
  deadline: string | null;
}

/** Runs every view; each answers, and none shows a broken date or duration. Returns status --json. */
async function everyViewWorks(cli: Cli, label: string, options: RunOptions = {}): Promise<{ today: string; steps: StepJson[] }> {
  // In this process (spawning 18 views costs seconds); the time zone, when given, is this process's for the while.
  const runs: { args: string[]; lang: string; result: { code: number; stdout: string; stderr: string } }[] = [];
  const tz = process.env.TZ;
  if (options.env?.TZ) process.env.TZ = options.env.TZ;
  try {
    for (const lang of ['ja', 'en']) {
      for (const args of VIEWS) {
        const env = { SEIKYU_HOME: cli.home, SEIKYU_NOW: options.now ?? cli.now, SEIKYU_LANG: lang, SEIKYU_OPERATOR: 'テスト担当' };
        runs.push({ args, lang, result: await runInProcess(args, env) });
      }
    }
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
  let status: { today: string; steps: StepJson[] } | null = null;
  for (const { args, lang, result } of runs) {
    const what = `${label}: seikyu ${args.join(' ')} (${lang})`;
    expect(result.code, `${what}: ${result.stderr}`).toBe(0);
    expect(result.stderr, what).toBe('');
    const text = args.includes('--json') ? result.stdout.replace(/"[^"]*": null/g, '') : result.stdout;
    for (const pattern of BROKEN) expect(text, `${what} shows ${pattern}`).not.toMatch(pattern);
    if (args[0] === 'status' && args[1] === '--json' && lang === 'en') status = JSON.parse(result.stdout) as { today: string; steps: StepJson[] };
  }
  for (const step of status!.steps) {
    for (const date of [step.since, step.expectedBy, step.deadline]) {
      if (date === null) continue;
      expect(date, `${label}: ${step.id}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(date)), `${label}: ${step.id} ${date}`).toBe(false);
    }
  }
  return status!;
}

/** A clinic part way: applications made, the certificate letter and the master account awaited. */
async function clinic(start: string, days: (n: number) => string, env: Record<string, string> = {}): Promise<Cli> {
  const cli = Cli.fresh(start);
  const options = { env };
  await cli.ok(['init', '--name', '時間診療所', '--code', '0110113719', '--area', 'east'], options);
  await cli.ok(['done', 'portal-account', 'email=a@b.jp', '--at', days(0)], options);
  await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579', '--at', days(1)], options);
  await cli.ok(['done', 'oqs-application', '--at', days(2)], options);
  await cli.ok(['done', 'cert-application', '--at', days(2)], options);
  await cli.ok(['done', 'ons-application', '--at', days(3)], options);
  await cli.ok(['done', 'claims-notice', '--at', days(3)], options);
  await cli.ok(['expect', 'master-account', '--by', days(10)], options);
  return cli;
}

/** `date` plus `n` days, as YYYY-MM-DD. */
function plus(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

let y2026: Cli;
beforeAll(async () => {
  requireBuild();
  // Recorded in the week of 2026-11-24 (the clinic's day), the last date given 2026-12-04.
  y2026 = await clinic('2026-11-24', (n) => plus('2026-11-17', n));
});

describe('the clock going backwards', () => {
  it('regression: a wait seen on a day before it began says day 0, not "day -1" (経過-1日)', async () => {
    for (const lang of ['ja', 'en']) {
      const result = await runInProcess(['show', 'ons-approval'], { SEIKYU_HOME: y2026.home, SEIKYU_NOW: '2026-11-19', SEIKYU_LANG: lang });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(lang === 'ja' ? /経過0日/ : /day 0 /);
      expect(result.stdout).not.toMatch(/経過-|day -/);
    }
  });

  it.each(['2026-11-19', '2026-11-01', '2025-01-01', '1000-01-01'])('SEIKYU_NOW %s, before the recorded events: every view answers, no negative days', async (now) => {
    const status = await everyViewWorks(y2026, `now ${now}`, { now });
    expect(status.today).toBe(now);
    // What was done stays done: a clock that went back does not undo the record.
    expect(status.steps.find((s) => s.id === 'oqs-application')?.status).toBe('done');
  });

  it('a record made while the clock is back is judged against that day, and later views still work', async () => {
    const back = y2026.clone();
    const result = await back.run(['done', 'master-account', 'accountId=A1'], { now: '2026-11-18', input: 'password=p\n', env: { SEIKYU_PASSPHRASE: 'time-pass-1' } });
    expect(result.code, result.stderr).not.toBe(1);
    await everyViewWorks(back, 'after a record made with the clock back');
  });
});

describe('dates in 2100', () => {
  it('an onboarding of 2026 seen in 2100: overdue waits and passed deadlines, never a negative count', async () => {
    const status = await everyViewWorks(y2026, 'seen in 2100', { now: '2100-01-01' });
    expect(status.steps.some((s) => s.status === 'overdue')).toBe(true);
  });

  it('an onboarding started in 2100 (a year that is not a leap year) and seen on 2100-02-28 and 2100-03-01', async () => {
    const later = await clinic('2100-02-20', (n) => plus('2100-02-10', n));
    for (const now of ['2100-02-28', '2100-03-01', '2100-12-31']) await everyViewWorks(later, `2100 onboarding on ${now}`, { now });
    // 2100-02-29 does not exist: refused as a date, not read as 1 March.
    expect(await later.refuse(['done', 'reader-order', 'count=1', 'model=x', '--at', '2100-02-29'], 3)).toContain('2100-02-29');
  });
});

describe('a wait of 400 days', () => {
  it('a date expected 400 days on, and a wait 400 days old: counted in days both ways, never negative', async () => {
    const far = y2026.clone();
    await far.ok(['expect', 'ons-approval', '--by', plus('2026-11-24', 400)]);
    await everyViewWorks(far, 'expected in 400 days');
    const status = await everyViewWorks(far, '400 days later', { now: plus('2026-11-20', 400) });
    expect(status.steps.find((s) => s.id === 'cert-letter')?.status).toBe('overdue');
    await everyViewWorks(far, '800 days later', { now: plus('2026-11-20', 800) });
  });
});

describe('a facility PC in another time zone', () => {
  for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
    it(`TZ=${tz}: records and views use the clinic's (Japan's) day; late and early hours give no negative days`, async () => {
      const env = { TZ: tz };
      const cli = await clinic('2026-11-24', (n) => plus('2026-11-17', n), env);
      // Late evening in Los Angeles is already the next day in Japan; early morning in Kiritimati is the day before.
      for (const now of ['2026-11-24T23:30:00-08:00', '2026-11-25T00:30:00+14:00', '2026-11-24T15:00:00Z', '2026-12-31T23:59:59-10:00']) {
        const status = await everyViewWorks(cli, `${tz} at ${now}`, { now, env });
        const japanDay = new Date(new Date(now).getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
        expect(status.today, `${tz} at ${now}`).toBe(japanDay);
      }
      // The program as run, in that time zone: the same day.
      const spawned = JSON.parse((await cli.ok(['status', '--json'], { now: '2026-11-24T23:30:00-08:00', env })).stdout) as { today: string };
      expect(spawned.today).toBe('2026-11-25');
    });
  }
});
