import { describe, expect, it } from 'vitest';
import { makeProfile, procedure, Scenario } from '../helpers/scenario.js';
import { isJapaneseHoliday } from '../../src/effects/holidays.js';
import { closureOf, completeAll, scenarioDriver } from './support.js';

/**
 * Waits, deadlines and explanations against an injected `today`: nothing here reads the clock. Date
 * arithmetic in the expectations is done with UTC `Date`s, independently of src/machine/dates.ts.
 */

const T = '端末1';

function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The `n`th weekday after `date` that is not a national holiday (mail is sent on business days). */
function plusBusinessDays(date: string, n: number): string {
  let day = date;
  for (let left = n; left > 0; ) {
    day = plusDays(day, 1);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && isJapaneseHoliday(day) !== true) left--;
  }
  return day;
}

/** The facility steps before the certificate application, all on `on`. */
function applyForCertificate(s: Scenario, appliedOn: string): void {
  for (const step of ['portal-account', 'line-contract', 'claims-notice']) s.done(step, null, { occurredAt: appliedOn });
  s.done('cert-application', T, { occurredAt: appliedOn });
}

const certLetterDays = procedure.steps.find((s) => s.id === 'cert-letter')!.wait!.window;

describe('cert-letter wait window', () => {
  it('uses the window of the data: 3 to 7 business days', () => {
    expect(certLetterDays).toEqual({ type: 'days', min: 3, max: 7, business: true });
  });

  it('stays blocked until cert-application is done, then waits from that day', () => {
    const s = new Scenario(makeProfile(), '2026-11-20');
    for (const step of ['portal-account', 'line-contract', 'claims-notice']) s.done(step);
    expect(s.view('cert-letter', T).status).toBe('blocked');
    expect(s.view('cert-letter', T).since).toBeNull();
    s.done('cert-application', T);
    const view = s.view('cert-letter', T);
    expect(view.status).toBe('waiting');
    expect(view.since).toBe('2026-11-20');
    // Seven business days from Friday 11/20, over the weekend and 勤労感謝の日 (Monday 11/23).
    expect(view.expectedBy).toBe(plusBusinessDays('2026-11-20', 7));
    expect(view.expectedBy).toBe('2026-12-02');
  });

  it('is still waiting on the expected day, and overdue the day after', () => {
    const s = new Scenario(makeProfile(), '2026-11-20');
    applyForCertificate(s, '2026-11-20');
    s.today = '2026-12-02';
    expect(s.view('cert-letter', T).status).toBe('waiting');
    s.today = '2026-12-03';
    const late = s.view('cert-letter', T);
    expect(late.status).toBe('overdue');
    expect(late.expectedBy).toBe('2026-12-02');
    expect(late.reason).toContain('12/2');
    // Whom to call: the step's contact.
    expect(late.reason).toContain('0800-080-4583');
    const en = s.view('cert-letter', T, 'en').reason;
    expect(en).toContain('12/2');
    expect(en).toContain('0800-080-4583');
  });

  it('moves since and expectedBy with a back-dated cert-application', () => {
    const s = new Scenario(makeProfile(), '2026-11-20');
    for (const step of ['portal-account', 'line-contract', 'claims-notice']) s.done(step, null, { occurredAt: '2026-11-05' });
    s.done('cert-application', T, { occurredAt: '2026-11-10' });
    const view = s.view('cert-letter', T);
    expect(view.since).toBe('2026-11-10');
    expect(view.expectedBy).toBe(plusBusinessDays('2026-11-10', 7));
    expect(view.expectedBy).toBe('2026-11-19');
    expect(view.status).toBe('overdue');
  });

  it('takes the date the outside party gave (seikyu expect) and is no longer overdue', () => {
    const s = new Scenario(makeProfile(), '2026-12-03');
    applyForCertificate(s, '2026-11-20');
    expect(s.view('cert-letter', T).status).toBe('overdue');
    s.expect('cert-letter', T, '2026-12-05');
    const view = s.view('cert-letter', T);
    expect(view.status).toBe('waiting');
    expect(view.expectedBy).toBe('2026-12-05');
    expect(view.since).toBe('2026-11-20');
    s.today = '2026-12-06';
    expect(s.view('cert-letter', T).status).toBe('overdue');
  });

  it('explains the wait in both languages with the expected day', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    applyForCertificate(s, '2026-11-20');
    const ja = s.view('cert-letter', T, 'ja').reason;
    const en = s.view('cert-letter', T, 'en').reason;
    expect(ja).toContain('12/2');
    expect(en).toContain('expected by 12/2');
    // The window in business days, and the days elapsed (4); the wording around them is the catalog's business.
    expect(ja).toContain('3〜7営業日');
    expect(en).toContain('3–7 business days');
    expect(ja.replace('12/2', '')).toMatch(/4/);
    expect(en.replace('12/2', '')).toMatch(/4/);
  });
});

describe('claims-settings monthly window (cut-off on the 20th, due on the 15th)', () => {
  const expectedAfterNotice = (filedOn: string, today = filedOn) => {
    const s = new Scenario(makeProfile(), today);
    s.done('portal-account', null, { occurredAt: filedOn });
    s.done('line-contract', null, { occurredAt: filedOn });
    s.done('claims-notice', null, { occurredAt: filedOn });
    return s.view('claims-settings');
  };

  it('is expected by 12/15 when claims-notice was filed on 11/20', () => {
    const view = expectedAfterNotice('2026-11-20');
    expect(view.status).toBe('waiting');
    expect(view.since).toBe('2026-11-20');
    expect(view.expectedBy).toBe('2026-12-15');
  });

  it('is expected by 1/15 of the next year when claims-notice was filed on 11/21', () => {
    expect(expectedAfterNotice('2026-11-21').expectedBy).toBe('2027-01-15');
  });

  it('crosses the year from December: filed 12/20 → 1/15, filed 12/21 → 2/15', () => {
    expect(expectedAfterNotice('2026-12-20').expectedBy).toBe('2027-01-15');
    expect(expectedAfterNotice('2026-12-21').expectedBy).toBe('2027-02-15');
  });

  it('is overdue on 12/16 and not on 12/15', () => {
    expect(expectedAfterNotice('2026-11-20', '2026-12-15').status).toBe('waiting');
    expect(expectedAfterNotice('2026-11-20', '2026-12-16').status).toBe('overdue');
  });

  it('names the monthly cycle and the expected day in the reason', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    for (const step of ['portal-account', 'line-contract', 'claims-notice']) s.done(step, null, { occurredAt: '2026-11-21' });
    expect(s.view('claims-settings', null, 'ja').reason).toContain('20日締め');
    expect(s.view('claims-settings', null, 'ja').reason).toContain('2027/1/15');
    expect(s.view('claims-settings', null, 'en').reason).toContain('expected by 2027/1/15');
  });
});

describe('client-cert download deadline', () => {
  it('is 180 days after the issue date printed on the letter', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    applyForCertificate(s, '2026-11-15');
    expect(s.view('client-cert', T).deadline).toBeNull();
    s.done('cert-letter', T, { occurredAt: '2026-11-21', inputs: { requestId: 'R1', issuedOn: '2026-11-18' } });
    const view = s.view('client-cert', T);
    expect(view.deadline).toBe(plusDays('2026-11-18', 180));
    expect(view.deadline).toBe('2027-05-17');
    expect(view.reason).toContain('2027/5/17');
    const en = s.view('client-cert', T, 'en').reason;
    expect(en).toContain('2027/5/17');
    // 2026-11-24 → 2027-05-17
    expect(en).toContain('174');
  });

  it('without an issue date, is estimated from the application (the notice is dated before it arrives)', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    applyForCertificate(s, '2026-11-15');
    s.done('cert-letter', T, { occurredAt: '2026-11-21', inputs: { requestId: 'R1' } });
    expect(s.view('client-cert', T).deadline).toBe(plusDays('2026-11-15', 180));
  });

  it('belongs to the terminal whose letter it is', () => {
    const s = new Scenario(makeProfile({ terminals: [{ name: T, roles: ['claims', 'oqs'] }, { name: '端末2', roles: ['claims'] }] }), '2026-11-24');
    applyForCertificate(s, '2026-11-15');
    s.done('cert-application', '端末2', { occurredAt: '2026-11-15' });
    s.done('cert-letter', '端末2', { occurredAt: '2026-11-19', inputs: { issuedOn: '2026-11-17' } });
    expect(s.view('client-cert', '端末2').deadline).toBe('2027-05-16');
    expect(s.view('client-cert', T).deadline).toBeNull();
  });
});

describe('root causes of a blocked step', () => {
  /** Everything client-cert needs except cert-letter, root-ca and setup-manual, with the letter awaited. */
  function awaitingLetter(): Scenario {
    const s = new Scenario(makeProfile(), '2026-11-24');
    const plan = s.state().plan;
    const rest = [...closureOf(plan, `client-cert@${T}`)].filter((k) => ![`cert-letter@${T}`, `root-ca@${T}`, 'setup-manual'].includes(k));
    completeAll(scenarioDriver(s, plan), plan, rest);
    return s;
  }

  it('names the awaited letter (waiting) and the deepest undone action, not the blocked step between', () => {
    const s = awaitingLetter();
    const view = s.view('client-cert', T);
    expect(view.status).toBe('blocked');
    expect(view.blockedBy).toEqual([
      { id: 'cert-letter', terminal: T, status: 'waiting' },
      { id: 'root-ca', terminal: T, status: 'blocked' },
    ]);
    expect(view.rootCauses.map(({ id, terminal, status }) => ({ id, terminal, status }))).toEqual([
      { id: 'cert-letter', terminal: T, status: 'waiting' },
      { id: 'setup-manual', terminal: null, status: 'ready' },
    ]);
    expect(view.rootCauses[0]!.reason).toContain('簡易書留');
    expect(view.rootCauses[0]!.reason).toContain('11/24');
    expect(view.reason).toContain('簡易書留');
  });

  it('drops the letter from the root causes once it is recorded, and names the next unmet need', () => {
    const s = awaitingLetter();
    s.done('cert-letter', T, { inputs: { requestId: 'R1' } });
    const view = s.view('client-cert', T);
    expect(view.status).toBe('blocked');
    expect(view.rootCauses.map((c) => c.id)).not.toContain('cert-letter');
    expect(view.rootCauses.map(({ id, status }) => ({ id, status }))).toEqual([{ id: 'setup-manual', status: 'ready' }]);
    expect(view.blockedBy).toEqual([{ id: 'root-ca', terminal: T, status: 'blocked' }]);
    s.done('setup-manual');
    expect(s.view('client-cert', T).rootCauses.map((c) => c.id)).toEqual(['root-ca']);
    s.done('root-ca', T);
    expect(s.view('client-cert', T).status).toBe('ready');
    expect(s.view('client-cert', T).rootCauses).toEqual([]);
  });
});

describe('failed checks', () => {
  it('shows a failed check as failed, with what it saw, until the step is done', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    s.failCheck('net-config', T, 'DNS が 8.8.8.8 のままです');
    const failed = s.view('net-config', T);
    expect(failed.status).toBe('failed');
    expect(failed.since).toBe('2026-11-24');
    expect(failed.reason).toContain('DNS が 8.8.8.8 のままです');
    expect(failed.reason).toContain('0120-220-571');
    s.done('portal-account');
    expect(s.view('net-config', T).status).toBe('failed');
    s.done('net-config', T);
    expect(s.view('net-config', T).status).toBe('done');
  });

  it('does not mark a blocked check as failed', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    const event = s.failCheck('line-auth', T, 'www.lineauth.mnw が引けません');
    expect(s.view('line-auth', T).status).toBe('blocked');
    expect(s.state().ignored).toEqual([{ event, why: 'refused' }]);
  });
});

describe('milestones', () => {
  it('keeps claims-ready blocked until claims-login is done, then marks it done by itself', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    const plan = s.state().plan;
    completeAll(scenarioDriver(s, plan), plan, closureOf(plan, `claims-login@${T}`));
    const before = s.view('claims-ready', T);
    expect(before.status).toBe('blocked');
    expect(before.blockedBy).toEqual([{ id: 'claims-login', terminal: T, status: 'ready' }]);
    s.done('claims-login', T, { occurredAt: '2026-11-23' });
    const after = s.view('claims-ready', T);
    expect(after.status).toBe('done');
    expect(after.since).toBe('2026-11-23');
    expect(s.view('oqs-ready', T).status).toBe('blocked');
  });

  it('keeps oqs-ready blocked until oqs-test is done, then marks it done by itself', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    const plan = s.state().plan;
    completeAll(scenarioDriver(s, plan), plan, closureOf(plan, `oqs-test@${T}`));
    expect(s.view('oqs-ready', T).status).toBe('blocked');
    s.done('oqs-test', T);
    expect(s.view('oqs-ready', T).status).toBe('done');
    expect(s.views().filter((v) => v.terminal === T && v.id === 'oqs-ready')[0]!.record).not.toBeNull();
  });
});

describe('undo', () => {
  it('reverts an undone step-done', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    const event = s.done('portal-account', null, { inputs: { email: 'a@example.jp' } });
    expect(s.view('portal-account').status).toBe('done');
    s.undo(event.id);
    const view = s.view('portal-account');
    expect(view.status).toBe('ready');
    expect(view.record).toBeNull();
  });

  it('takes back what depended on the undone step: a recorded letter without its application does not count', () => {
    const s = new Scenario(makeProfile(), '2026-11-24');
    applyForCertificate(s, '2026-11-20');
    const application = s.events.at(-1)!;
    s.done('cert-letter', T, { inputs: { requestId: 'R1' } });
    expect(s.view('cert-letter', T).status).toBe('done');
    s.undo(application.id);
    expect(s.view('cert-application', T).status).toBe('ready');
    expect(s.view('cert-letter', T).status).toBe('blocked');
    expect(s.state().ignored.map((i) => i.event.step)).toEqual(['cert-letter']);
  });
});
