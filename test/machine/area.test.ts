import { describe, expect, it } from 'vitest';
import { areaFromCode, checkProfile, medicalCodeCheckDigit, PREFECTURES } from '../../src/machine/profile.js';
import { makeProfile } from '../helpers/scenario.js';

/** The NTT area follows from the 医療機関コード's prefecture: East 01–15, 19, 20; West every other. */

const EAST = new Set(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '19', '20']);
const two = (n: number) => String(n).padStart(2, '0');

/** A valid 医科 code of the prefecture (its check digit computed by the prefecture's rule). */
function codeOf(prefecture: string): string {
  const body = `${prefecture}1010001`;
  return `${body}${medicalCodeCheckDigit(`${body}0`)}`;
}

describe('the NTT area of a prefecture', () => {
  for (let n = 1; n <= 47; n++) {
    const prefecture = two(n);
    const expected = EAST.has(prefecture) ? 'east' : 'west';
    it(`is ${expected} for ${prefecture} ${PREFECTURES[n - 1]!.ja}`, () => {
      expect(areaFromCode(codeOf(prefecture))).toBe(expected);
    });
  }

  it('is unknown for a code whose first two digits are no prefecture, or that does not start with digits', () => {
    for (const code of ['0010113719', '4810113719', '9910113719', '', '1', 'ab10113719']) expect(areaFromCode(code), code).toBeNull();
  });

  it('names the 47 prefectures in the order of their codes', () => {
    expect(PREFECTURES).toHaveLength(47);
    expect([PREFECTURES[0]!.ja, PREFECTURES[12]!.ja, PREFECTURES[26]!.ja, PREFECTURES[46]!.ja]).toEqual(['北海道', '東京都', '大阪府', '沖縄県']);
  });
});

describe('an area that contradicts the code', () => {
  it('is a problem naming the prefecture and the area it belongs to', () => {
    expect(checkProfile(makeProfile({ code: codeOf('27'), area: 'east' }))).toEqual([
      { key: 'profile.areaMismatchWest', params: { prefecture: '27', prefectureJa: '大阪府', prefectureEn: 'Osaka' } },
    ]);
    expect(checkProfile(makeProfile({ code: codeOf('13'), area: 'west' }))).toEqual([
      { key: 'profile.areaMismatchEast', params: { prefecture: '13', prefectureJa: '東京都', prefectureEn: 'Tokyo' } },
    ]);
  });

  it('is no problem when the area is the code\'s, or off an NTT line', () => {
    expect(checkProfile(makeProfile({ code: codeOf('27'), area: 'west' }))).toEqual([]);
    expect(checkProfile(makeProfile({ code: codeOf('19'), area: 'east' }))).toEqual([]);
    expect(checkProfile(makeProfile({ code: codeOf('27'), carrier: 'ctc', area: null, connection: 'ipv4-ipvpn' }))).toEqual([]);
  });
});
