import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cli, removeTempDirs, requireBuild } from '../helpers/cli.js';

/**
 * The forecast as the compiled program gives it: `status --json`'s `forecast` field, `next`'s lines, and the
 * same window for the letter in `status` and `show`. The clock is pinned with SEIKYU_NOW (Japan's day).
 */

const T = '端末1';

interface ForecastJson {
  milestones: { id: string; terminal: string | null; earliest: string | null; latest: string | null }[];
  criticalPath: { id: string; terminal: string | null; earliest: string | null; latest: string | null; done: boolean }[];
  firstClaimWindow: { from: string; to: string } | null;
}
interface StatusWithForecast {
  steps: { id: string; terminal: string | null; expectedBy: string | null }[];
  milestones: { id: string; terminal: string | null; date: string | null; done: boolean }[];
  forecast: ForecastJson;
}

/** `11/26` in the year of `reference`, `2027/1/17` otherwise: as the program's short dates. */
function short(date: string, reference: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return y === Number(reference.slice(0, 4)) ? `${m}/${d}` : `${y}/${m}/${d}`;
}

afterAll(removeTempDirs);
beforeAll(() => requireBuild());

describe('the forecast in status and next', () => {
  let cli: Cli;
  beforeAll(async () => {
    cli = Cli.fresh('2026-11-24');
    await cli.ok(['init', '--name', 'さくら内科クリニック', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn']);
    await cli.ok(['done', 'portal-account', 'email=info@sakura.example.jp', '--at', '2026-11-01'], { now: '2026-11-01' });
    await cli.ok(['done', 'line-contract', 'customerId=CAF1234567890', '--at', '2026-11-01'], { now: '2026-11-01' });
    await cli.ok(['done', 'oqs-application', '--at', '2026-11-05']);
    await cli.ok(['done', 'claims-notice', '--at', '2026-11-10']);
    await cli.ok(['done', 'reader-order', 'count=1', 'model=Caora', '--at', '2026-11-18']);
    // Friday 11/20: the letter's seven business days skip the weekend and 勤労感謝の日 (Monday 11/23).
    await cli.ok(['done', 'cert-application', '--at', '2026-11-20']);
  });

  it('adds forecast { milestones: [{ id, terminal, earliest, latest }], criticalPath, firstClaimWindow } to status --json', async () => {
    const s = await cli.json<StatusWithForecast>(['status', '--json']);
    expect(s.forecast.milestones.map((m) => Object.keys(m).sort())).toEqual([
      ['earliest', 'id', 'latest', 'terminal'],
      ['earliest', 'id', 'latest', 'terminal'],
    ]);
    expect(s.forecast.milestones.map((m) => [m.id, m.terminal])).toEqual([
      ['claims-ready', T],
      ['oqs-ready', T],
    ]);
    for (const m of s.forecast.milestones) {
      expect(m.earliest! >= '2026-11-24' && m.earliest! <= m.latest!, `${m.id}: ${m.earliest}–${m.latest}`).toBe(true);
      // `milestones[].date` has always been the day with every wait at the end of its window: the latest.
      expect(s.milestones.find((o) => o.id === m.id)!.date).toBe(m.latest);
    }
    const last = s.forecast.criticalPath.at(-1)!;
    expect(last.id).toMatch(/^(claims|oqs)-ready$/);
    expect(last.latest).toBe(s.forecast.milestones.map((m) => m.latest!).sort().at(-1));
    for (const step of s.forecast.criticalPath) expect(Object.keys(step)).toEqual(expect.arrayContaining(['id', 'terminal']));
    const window = s.forecast.firstClaimWindow!;
    expect([window.from.slice(8), window.to.slice(8), window.to.slice(0, 7)]).toEqual(['05', '10', window.from.slice(0, 7)]);
    expect(window.from > s.forecast.milestones[0]!.latest!).toBe(true);
  });

  it('counts the letter in business days in status, show and the forecast alike', async () => {
    const s = await cli.json<StatusWithForecast>(['status', '--json']);
    const letter = s.steps.find((v) => v.id === 'cert-letter' && v.terminal === T)!;
    expect(letter.expectedBy).toBe('2026-12-02');
    const show = await cli.ok(['show', 'cert-letter']);
    expect(show.stdout).toContain('12/2');
    expect(show.stdout).toContain('3〜7営業日');
  });

  it('shows each milestone from its earliest to its latest day in next', async () => {
    const s = await cli.json<StatusWithForecast>(['status', '--json']);
    const out = (await cli.ok(['next'])).stdout;
    expect(out).toContain('完了の見込み');
    for (const m of s.forecast.milestones) {
      expect(out).toContain(`${short(m.earliest!, '2026-11-24')}〜${short(m.latest!, m.earliest!)}`);
    }
    const en = (await cli.ok(['next', '--lang', 'en'])).stdout;
    expect(en).toContain(`Online billing ready [${T}]: ${short(s.forecast.milestones[0]!.earliest!, '2026-11-24')}–`);
  });

  it('moves when an expected date is set and when a wait turns overdue', async () => {
    const before = (await cli.json<StatusWithForecast>(['status', '--json'])).forecast;
    const oqs = (f: ForecastJson) => f.milestones.find((m) => m.id === 'oqs-ready')!;
    // The card readers set the pace of oqs-ready (up to 60 days after the order); the vendor gives a date.
    await cli.ok(['expect', 'reader-delivery', '--by', '2026-12-04']);
    const given = (await cli.json<StatusWithForecast>(['status', '--json'])).forecast;
    expect(oqs(given).latest! < oqs(before).latest!).toBe(true);
    // A week after that date the readers are late: both ends move to today at least.
    const late = (await cli.json<StatusWithForecast>(['status', '--json'], { now: '2026-12-11' })).forecast;
    expect(oqs(late).earliest! >= '2026-12-11' && oqs(late).latest! >= '2026-12-11').toBe(true);
  });
});
