import { describe, expect, it } from 'vitest';
import { catalogs, fill, translator, type MessageKey } from '../../src/i18n/index.js';

/**
 * English counts agree with their nouns ("1 day left", "2 days left": never "1 days" or "day(s)"), chosen by
 * `Intl.PluralRules` through the `{n|one|other}` selector of `fill`. Japanese has no plural forms.
 */

const en = translator('en');
const ja = translator('ja');

/** Every placeholder name of a template, plain or with a plural selector. */
function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)(?:\|[^{}|]*\|[^{}|]*)?\}/g)].map((m) => m[1]!))];
}

/** The message with every placeholder set to `n`. */
function withAll(lang: 'en' | 'ja', key: MessageKey, n: number): string {
  const template = catalogs[lang][key];
  return fill(template, Object.fromEntries(placeholders(template).map((name) => [name, n])), lang);
}

const NOUNS = 'day|step|record|terminal|item|event|time|character|hour|minute|week|month|year|letter|input';

describe('the plural selector of fill', () => {
  it('picks the "one" form for 1 and the other for 0, 2 and 1.5 in English; # is the number', () => {
    const template = '{n|# day|# days} left';
    expect([0, 1, 2, 1.5].map((n) => fill(template, { n }, 'en'))).toEqual(['0 days left', '1 day left', '2 days left', '1.5 days left']);
    expect(fill('{n} {n|day|days}', { n: 1 }, 'en')).toBe('1 day');
  });

  it('always takes the other form in Japanese, and leaves an unknown parameter as written', () => {
    expect(fill('{n|# 件|# 件}', { n: 1 }, 'ja')).toBe('1 件');
    expect(fill('{n|# day|# days}', {}, 'en')).toBe('{n|# day|# days}');
  });
});

describe('English messages that count', () => {
  it.each([
    ['reason.deadline', { date: '5/19', days: 1 }, '(deadline 5/19, 1 day left)', '(deadline 5/19, 2 days left)'],
    ['reason.deadlinePassed', { date: '5/19', days: 1, what: 'Apply again.' }, '(deadline 5/19 passed 1 day ago. Apply again.)', '(deadline 5/19 passed 2 days ago. Apply again.)'],
    ['reason.waiting', { elapsed: 1, range: '3–7 days', by: '11/27', estimate: '' }, 'day 1 / usually 3–7 days (expected by 11/27)', 'day 2 / usually 3–7 days (expected by 11/27)'],
    ['reason.waitingGiven', { elapsed: 1, by: '11/27' }, '1 day so far / expected by 11/27 (date given)', '2 days so far / expected by 11/27 (date given)'],
    ['reason.overdue', { late: 1, by: '11/27' }, 'late by 1 day (expected 11/27). ', 'late by 2 days (expected 11/27). '],
    ['reason.more', { count: 1 }, ' and 1 more', ' and 2 more'],
    ['ui.history.title', { count: 1 }, 'Records (1)', 'Records (2)'],
  ] as const)('%s reads right for 1 and 2', (key, params, one, two) => {
    const counted = Object.keys(params).find((k) => (params as Record<string, unknown>)[k] === 1)!;
    expect(en(key, params)).toBe(one);
    expect(en(key, { ...params, [counted]: 2 })).toBe(two);
  });

  it('removing a terminal counts its steps', () => {
    expect(en('err.profile.removeHasRecords', { name: 'PC2', count: 1 })).toContain('has 1 step done.');
    expect(en('err.profile.removeHasRecords', { name: 'PC2', count: 2 })).toContain('has 2 steps done.');
  });

  it('the monthly window names its days without English ordinals ("the 21th")', () => {
    expect(en('reason.windowMonthly', { cutoff: 21, due: 3 })).toBe('filed by day 21 of a month, arrives by day 3 of the next');
  });

  it('no message writes "(s)", and none says "1 days" or "2 day" whatever its numbers', () => {
    for (const key of Object.keys(catalogs.en) as MessageKey[]) {
      expect(catalogs.en[key], key).not.toContain('(s)');
      // A range takes the plural whatever its ends (CLDR: "1–1 days", like "0–1 days").
      expect(withAll('en', key, 1), key).not.toMatch(new RegExp(`(?<![–-])\\b1 (${NOUNS})s\\b`));
      expect(withAll('en', key, 2), key).not.toMatch(new RegExp(`\\b2 (${NOUNS})\\b(?!s)`));
    }
  });

  it('Japanese messages need no plural forms', () => {
    for (const key of Object.keys(catalogs.ja) as MessageKey[]) {
      expect(catalogs.ja[key], key).not.toMatch(/\{\w+\|/);
      expect(withAll('ja', key, 1), key).not.toMatch(/\{\w+\}/);
    }
    expect(ja('reason.deadline', { date: '5/19', days: 1 })).toBe('（期限 5/19、あと1日）');
  });
});
