import { describe, expect, it } from 'vitest';
import { buildPlan, effectiveNeeds, type Plan, type ResolvedNeed } from '../../src/machine/plan.js';
import { checkProfile, type Profile } from '../../src/machine/profile.js';
import { makeProfile, procedure, Scenario } from '../helpers/scenario.js';
import {
  closureOf,
  completeAll,
  describeNeed,
  describeUnmet,
  isMilestone,
  keysOf,
  machineDriver,
  PROFILE_STEP,
  requiresAny,
  scenarioDriver,
  unblockedStatus,
  type Driver,
} from './support.js';

/**
 * One pair of tests per declared need, generated from data/procedure.json: the machine must hold a step
 * until each of its needs is done, and let it go once they all are. The expectations come from the plan's
 * effective needs, never from the machine under test.
 */

const TODAY = '2026-11-24';

const profiles: { label: string; profile: Profile }[] = [
  { label: 'ipv6-ipvpn on NTT, one terminal for both roles', profile: makeProfile() },
  {
    label: 'ipv4-ipvpn on NTT, claims only',
    profile: makeProfile({ connection: 'ipv4-ipvpn', terminals: [{ name: '端末1', roles: ['claims'] }] }),
  },
  {
    label: 'ipsec-ike through a provider, one terminal for both roles',
    profile: makeProfile({ carrier: 'example-vpn', area: null, connection: 'ipsec-ike' }),
  },
];

interface Case {
  name: string;
  subject: string;
  need: ResolvedNeed;
  /** Keys that must stay not done for the step to be blocked (or, for "alone", that stay not done). */
  withheld: Set<string>;
  expectBlocked: boolean;
  /** For "unblocks S when A alone is done": A. */
  alone?: string;
}

/** The closure of the subject split into what is recorded first and what is held back. */
function split(plan: Plan, subject: string, excluded: Set<string>): { first: string[]; held: string[] } {
  const memo = new Map<string, boolean>();
  const closure = closureOf(plan, subject);
  const first: string[] = [];
  const held: string[] = [];
  for (const key of closure) (requiresAny(plan, key, excluded, memo) ? held : first).push(key);
  return { first, held };
}

/** init always records facility-profile, so a step held only by it is seen on the bare machine. */
function driverFor(plan: Plan, profile: Profile, excluded: Set<string>): Driver {
  return excluded.has(PROFILE_STEP) ? machineDriver(plan, TODAY) : scenarioDriver(new Scenario(profile, TODAY, TODAY), plan);
}

function casesOf(plan: Plan): Case[] {
  const cases: Case[] = [];
  for (const instance of plan.instances) {
    if (!instance.applies) continue;
    const S = instance.key;
    for (const need of effectiveNeeds(plan, instance)) {
      for (const key of keysOf(need)) {
        // A milestone completes itself once its needs are done, so it cannot be held back on its own.
        if (isMilestone(plan, key)) throw new Error(`${S} needs the milestone ${key}: the generator cannot hold it back`);
      }
      if (need.kind === 'all') {
        const N = need.key;
        cases.push({ name: `keeps ${S} blocked until ${N} is done`, subject: S, need, withheld: new Set([N]), expectBlocked: true });
        cases.push({ name: `unblocks ${S} once ${N} and what it needs are done`, subject: S, need, withheld: new Set([N]), expectBlocked: false });
      } else {
        cases.push({
          name: `keeps ${S} blocked while none of ${need.keys.join(', ')} is done`,
          subject: S,
          need,
          withheld: new Set(need.keys),
          expectBlocked: true,
        });
        for (const alone of need.keys) {
          cases.push({
            name: `unblocks ${S} when ${alone} alone is done`,
            subject: S,
            need,
            withheld: new Set(need.keys.filter((k) => k !== alone)),
            expectBlocked: false,
            alone,
          });
        }
      }
    }
  }
  return cases;
}

for (const { label, profile } of profiles) describe(`needs under ${label}`, () => {
  const plan = buildPlan(procedure, profile);
  const cases = casesOf(plan);

  it('is a profile the program accepts, with needs to test', () => {
    expect(checkProfile(profile)).toEqual([]);
    expect(cases.length).toBeGreaterThan(20);
  });

  for (const { name, subject, need, withheld } of cases.filter((c) => c.expectBlocked)) it(name, () => {
    const { first, held } = split(plan, subject, withheld);
    const driver = driverFor(plan, profile, withheld);
    completeAll(driver, plan, first);

    const view = driver.view(subject);
    expect(view.status).toBe('blocked');
    const blockedBy = view.blockedBy.map(describeUnmet).sort();
    expect(blockedBy).toContain(describeNeed(need));
    // Exactly the direct needs that were held back: nothing recorded still counts as unmet.
    const heldSet = new Set(held);
    const expected = effectiveNeeds(plan, plan.byKey.get(subject)!)
      .filter((n) => keysOf(n).every((k) => heldSet.has(k)))
      .map(describeNeed)
      .sort();
    expect(blockedBy).toEqual(expected);
    expect(view.rootCauses.length).toBeGreaterThan(0);

    // Saying the blocked step is done does not make it so.
    expect(driver.doneAll([subject])).toEqual([subject]);
    expect(driver.view(subject).status).toBe('blocked');
  });

  for (const { name, subject, withheld } of cases.filter((c) => !c.expectBlocked && c.need.kind === 'all')) it(name, () => {
    const { first, held } = split(plan, subject, withheld);
    const driver = driverFor(plan, profile, withheld);
    completeAll(driver, plan, first);
    expect(driver.view(subject).status).toBe('blocked');

    completeAll(driver, plan, held);
    const view = driver.view(subject);
    expect(view.status).toBe(unblockedStatus(plan, subject));
    expect(view.blockedBy).toEqual([]);
    expect(view.rootCauses).toEqual([]);
    if (!isMilestone(plan, subject)) {
      // A recurring step (the certificate's renewal) is recorded again and again: it never closes for good.
      if (!plan.byKey.get(subject)!.step.kind.includes('recurring')) {
        expect(driver.doneAll([subject])).toEqual([]);
        expect(driver.view(subject).status).toBe('done');
      }
    }
  });

  for (const { name, subject, withheld, alone } of cases.filter((c) => !c.expectBlocked && c.need.kind === 'anyOf')) it(name, () => {
    const { first, held } = split(plan, subject, withheld);
    expect(first).toContain(alone);
    const driver = driverFor(plan, profile, withheld);
    completeAll(driver, plan, first);

    const view = driver.view(subject);
    expect(view.status).toBe(unblockedStatus(plan, subject));
    expect(view.blockedBy).toEqual([]);
    for (const other of withheld) expect(driver.view(other).status).not.toBe('done');
    expect(held.every((k) => driver.view(k).status !== 'done')).toBe(true);
  });
});
