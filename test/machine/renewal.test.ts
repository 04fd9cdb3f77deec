import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/machine/dates.js';
import { progress, reminderStage, selectNext } from '../../src/machine/selectors.js';
import { instanceKey } from '../../src/machine/plan.js';
import { makeProfile, Scenario } from '../helpers/scenario.js';

const T = '端末1';
const NOT_AFTER = '2029-07-31';

/** Records every step that can be done (not optional ones, not renewals) until nothing is left. */
function finish(s: Scenario, inputs: Record<string, Record<string, string>> = {}): Scenario {
  for (;;) {
    const ready = s.views().filter((v) => v.status !== 'done' && v.status !== 'skipped' && v.status !== 'blocked' && !v.step.optional && !v.step.kind.includes('recurring'));
    if (ready.length === 0) return s;
    for (const v of ready) s.done(v.id, v.terminal, { inputs: inputs[v.id] ?? {} });
  }
}

function installed(): Scenario {
  return finish(new Scenario(makeProfile(), '2026-11-24'), { 'client-cert': { file: 'C:\\c.p12', notAfter: NOT_AFTER } });
}

describe('cert-renewal: reminders before the certificate expires', () => {
  const at = (daysLeft: number) => {
    const s = installed();
    s.today = addDays(NOT_AFTER, -daysLeft);
    const view = s.view('cert-renewal', T);
    const next = selectNext(s.views(), s.today);
    return { view, inDeadlines: next.deadlines.some((v) => v.key === view.key) };
  };

  it('is not due 91 days before: valid, with the expiry as its deadline, not under deadlines', () => {
    const { view, inDeadlines } = at(91);
    expect(view).toMatchObject({ status: 'done', deadline: NOT_AFTER });
    expect(view.reason).toContain('あと91日');
    expect(inDeadlines).toBe(false);
  });

  for (const days of [90, 60, 30, 15, 7]) {
    it(`at ${days} days: due, under deadlines with deadline = notAfter, saying ${days} days are left`, () => {
      const { view, inDeadlines } = at(days);
      expect(view).toMatchObject({ status: 'ready', deadline: NOT_AFTER });
      expect(inDeadlines).toBe(true);
      expect(view.reason).toContain(`あと${days}日`);
      expect(view.reason).toContain('1,500円');
      expect(reminderStage(days)).toBe(days);
      // The stage holds until the next threshold.
      if (days > 7) expect(reminderStage(days - 1)).toBe(days);
    });
  }

  it('has no reminder stage before 90 days, daily below 7, overdue once past', () => {
    expect(reminderStage(91)).toBeNull();
    expect(reminderStage(6)).toBe('daily');
    expect(reminderStage(0)).toBe('daily');
    expect(reminderStage(-1)).toBe('overdue');
  });

  it('daily in the last week (6 … 0 days), then overdue', () => {
    for (const days of [6, 3, 1, 0]) {
      const { view, inDeadlines } = at(days);
      expect(inDeadlines).toBe(true);
      expect(view.reason).toContain(`あと${days}日`);
      expect(view.reason).toContain('至急');
    }
    const { view, inDeadlines } = at(-2);
    expect(inDeadlines).toBe(true);
    expect(view.reason).toContain('2日過ぎています');
  });

  it('recording the renewal with the new notAfter starts the next cycle', () => {
    const s = installed();
    s.today = addDays(NOT_AFTER, -30);
    s.done('cert-renewal', T, { inputs: { notAfter: '2032-10-31' } });
    const view = s.view('cert-renewal', T);
    expect(view).toMatchObject({ status: 'done', deadline: '2032-10-31', since: s.today });
    s.today = '2032-08-02'; // 90 days before the new expiry
    expect(s.view('cert-renewal', T).status).toBe('ready');
    // And it can be recorded again: the region stays open.
    s.done('cert-renewal', T, { inputs: { notAfter: '2036-01-31' } });
    expect(s.view('cert-renewal', T)).toMatchObject({ status: 'done', deadline: '2036-01-31' });
    expect(s.state().snapshot.value).toMatchObject({ [instanceKey('cert-renewal', T)]: 'ready' });
  });
});

describe('optional and recurring steps', () => {
  it('never count toward progress: every milestone done is the whole progress', () => {
    const s = installed();
    const p = progress(s.views());
    expect(p.done).toBe(p.total);
    const counted = s.views().filter((v) => v.status !== 'skipped').length;
    // claims-test, reader-subsidy and cert-renewal apply, but are left out.
    expect(p.total).toBe(counted - 3);
  });

  it('are listed apart from what can be done now', () => {
    const s = installed();
    const next = selectNext(s.views(), s.today);
    expect(next.ready).toEqual([]);
    expect(next.optional.map((v) => v.id).sort()).toEqual(['claims-test', 'reader-subsidy']);
  });

  it('reader-subsidy (facility) comes after oqs-test (so oqs-ready) on any terminal', () => {
    const s = new Scenario(makeProfile({ terminals: [{ name: 'A', roles: ['oqs'] }, { name: 'B', roles: ['oqs'] }] }));
    const subsidy = s.view('reader-subsidy');
    expect(subsidy.status).toBe('blocked');
    expect(subsidy.blockedBy).toContainEqual({ anyOf: [expect.objectContaining({ id: 'oqs-test', terminal: 'A' }), expect.objectContaining({ id: 'oqs-test', terminal: 'B' })] });
  });
});
