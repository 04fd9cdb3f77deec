import { afterAll } from 'vitest';
import { LONG } from './harness.js';

/**
 * What every fuzz suite shares: its size, what counts as a raw control character on the terminal, and the count
 * of cases per target printed as `PROVE fuzz.<suite>=N` (collected by `npm run prove`) with a line per target.
 */

/** Cases per target: quick in `npm test`, long with `SEIKYU_PROVE=long`. */
export const RUNS = LONG ? 25_000 : 2_000;

/** Characters that must never reach the terminal raw (C0 but the line break, DEL, C1, line separators, bidi controls). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Counts cases per target; after the file's tests, prints the totals and runs `cleanup`. */
export function caseCounter(suite: string, cleanup: () => void): (target: string) => void {
  const ran = new Map<string, number>();
  afterAll(() => {
    const total = [...ran.values()].reduce((a, b) => a + b, 0);
    console.log(`PROVE fuzz.${suite}=${total}`);
    for (const [target, n] of ran) console.log(`  ${target}: ${n} cases`);
    cleanup();
  });
  return (target) => void ran.set(target, (ran.get(target) ?? 0) + 1);
}
