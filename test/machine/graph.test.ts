import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { buildMachine, isDone, type OnboardingMachine, type OnboardingSnapshot, type StepDoneEvent } from '../../src/machine/build-machine.js';
import { buildPlan, effectiveNeeds, type Plan } from '../../src/machine/plan.js';
import type { Profile } from '../../src/machine/profile.js';
import { makeProfile, procedure, Scenario } from '../helpers/scenario.js';
import { closureOf, describeNeed, keysOf, requiresAny } from './support.js';
import { dependencyGraph } from '../../src/machine/graph.js';
import { isJapaneseHoliday } from '../../src/effects/holidays.js';

/**
 * Model-based checks with xstate/graph: every state the machine can reach by `step.done` events, in any
 * order and with events it refuses, keeps the order the procedure demands. Traversals are limited to the
 * ancestors of the three targets (the full machine has far too many states); sizes and times seen when
 * this was written are noted at each traversal.
 */

const T = '端末1';
const CLIENT_CERT = `client-cert@${T}`;
const CERT_LETTER = `cert-letter@${T}`;
const OQS_ACCOUNTS = `oqs-accounts@${T}`;
const CLAIMS_LOGIN = `claims-login@${T}`;
const TARGETS = [CLIENT_CERT, OQS_ACCOUNTS, CLAIMS_LOGIN];

function doneEvent(key: string, eventId: number): StepDoneEvent {
  return { type: 'step.done', key, eventId, occurredAt: '2026-11-02', recordedAt: '2026-11-02T09:00:00+09:00', operator: 'test', inputs: {}, secretKeys: [] };
}

function setupFor(profile: Profile) {
  const plan = buildPlan(procedure, profile);
  const machine = buildMachine(plan);
  return { plan, machine };
}

/** The snapshot after these steps were done, in order; every one must be taken. */
function snapshotAfter(machine: OnboardingMachine, keys: readonly string[]): OnboardingSnapshot {
  let [snapshot] = initialTransition(machine);
  keys.forEach((key, i) => {
    [snapshot] = transition(machine, snapshot, doneEvent(key, i + 1));
    if (!isDone(snapshot, key)) throw new Error(`setup: ${key} was refused`);
  });
  return snapshot;
}

/** Only the regions matter: the context records the same fixed events whatever the order. */
const serializeState = (snapshot: OnboardingSnapshot) => JSON.stringify(snapshot.value);

/** Done steps (among `keys`) with a need that is not met: a plain need not done, or no alternative done. */
function unmetNeedsOfDone(plan: Plan, snapshot: OnboardingSnapshot, keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (!isDone(snapshot, key)) continue;
    for (const need of effectiveNeeds(plan, plan.byKey.get(key)!)) {
      if (!keysOf(need).some((k) => isDone(snapshot, k))) out.push(`${key} done without ${keysOf(need).join(' or ')} in ${serializeState(snapshot)}`);
    }
  }
  return out;
}

/**
 * Runs a traversal with a cap, so a machine that lets too much through fails here instead of exploring
 * every subset of the events. The error, if any, is reported by the first test of the block.
 */
function traverse<P>(run: (limit: number) => P[]): { paths: P[]; ms: number; error: unknown } {
  const started = performance.now();
  try {
    const paths = run(LIMIT);
    return { paths, ms: Math.round(performance.now() - started), error: undefined };
  } catch (error) {
    return { paths: [], ms: Math.round(performance.now() - started), error };
  }
}

/** Queue items the adjacency search may take; the biggest traversal below needs about 8,000. */
const LIMIT = 50_000;

/** Every state on every path (the path's end and each state it passes through). */
function statesOf(paths: { state: OnboardingSnapshot; steps: { state: OnboardingSnapshot }[] }[]): OnboardingSnapshot[] {
  return paths.flatMap((p) => [p.state, ...p.steps.map((s) => s.state)]);
}

describe('every state reachable from init toward client-cert, oqs-accounts and claims-login (one terminal, both roles)', () => {
  const { plan, machine } = setupFor(makeProfile());
  const ancestors = new Set(TARGETS.flatMap((t) => [t, ...closureOf(plan, t)]));
  ancestors.delete('facility-profile');
  const keys = [...ancestors];
  const events = keys.map((key, i) => doneEvent(key, 100 + i));
  const fromState = snapshotAfter(machine, ['facility-profile']);

  const { paths, ms, error } = traverse((limit) => getShortestPaths(machine, { events, fromState, serializeState, limit }));
  // Seen: 19 events, 412 states, about 0.4–0.5 s.
  const states = statesOf(paths);

  it(`covers the 19 ancestors of the targets and reaches ${paths.length} states within the time limit`, () => {
    expect(error).toBeUndefined();
    expect(keys).toHaveLength(19);
    expect(keys).toEqual(expect.arrayContaining([CERT_LETTER, `cert-application@${T}`, `closed-network@${T}`, 'claims-settings', 'master-account']));
    expect(paths.length).toBeGreaterThan(100);
    expect(ms).toBeLessThan(10_000);
  });

  it('never has client-cert@端末1 done while cert-letter@端末1 is not', () => {
    expect(states.filter((s) => isDone(s, CLIENT_CERT) && !isDone(s, CERT_LETTER)).map(serializeState)).toEqual([]);
  });

  it('never has oqs-accounts@端末1 done before client-cert@端末1', () => {
    expect(states.filter((s) => isDone(s, OQS_ACCOUNTS) && !isDone(s, CLIENT_CERT)).map(serializeState)).toEqual([]);
  });

  it('never has claims-login@端末1 done before claims-settings', () => {
    expect(states.filter((s) => isDone(s, CLAIMS_LOGIN) && !isDone(s, 'claims-settings')).map(serializeState)).toEqual([]);
  });

  it('does reach states where each target is done (the properties are not vacuous)', () => {
    for (const target of TARGETS) expect(states.some((s) => isDone(s, target)), target).toBe(true);
    expect(states.some((s) => TARGETS.every((t) => isDone(s, t)))).toBe(true);
  });

  it('never has a step done while one of its needs is not met, in any reachable state', () => {
    expect(states.flatMap((s) => unmetNeedsOfDone(plan, s, keys))).toEqual([]);
  });

  it('reaches client-cert@端末1 in no fewer events than the steps it cannot do without', () => {
    const required = [...closureOf(plan, CLIENT_CERT)].filter((k) => k !== 'facility-profile' && requiresAny(plan, CLIENT_CERT, new Set([k])));
    // The certificate application and the line registration each follow either application (oqs-application or
    // claims-notice): neither is required alone, but one of them is, so the shortest path takes one more event.
    expect(required).not.toContain('claims-notice');
    expect(required).not.toContain('oqs-application');
    const weights = paths.filter((p) => isDone(p.state, CLIENT_CERT)).map((p) => p.weight);
    expect(Math.min(...weights)).toBe(required.length + 1 + 1);
  });
});

describe('two terminals: a certificate letter of one terminal does not let the other install its certificate', () => {
  const profile = makeProfile({
    terminals: [
      { name: '端末1', roles: ['claims', 'oqs'] },
      { name: '端末2', roles: ['claims'] },
    ],
  });
  const { plan, machine } = setupFor(profile);
  const both = (id: string) => [`${id}@端末1`, `${id}@端末2`];
  const fromState = snapshotAfter(machine, [
    'facility-profile', 'portal-account', 'line-contract', 'oqs-application', 'claims-notice', 'line-registration', 'setup-manual',
    ...both('net-config'), ...both('line-auth'), ...both('closed-network'), ...both('root-ca'),
  ]);
  const keys = [...both('cert-application'), ...both('cert-letter'), ...both('client-cert'), 'claims-settings', ...both('claims-setup'), ...both('claims-login'), 'master-account', `oqs-login@${T}`, OQS_ACCOUNTS];
  const events = keys.map((key, i) => doneEvent(key, 100 + i));

  const { paths, ms, error } = traverse((limit) => getShortestPaths(machine, { events, fromState, serializeState, limit }));
  // Seen: 14 events, 178 states, about 0.2 s.
  const states = statesOf(paths);

  it(`reaches ${paths.length} states within the time limit, among them one terminal's letter without the other's`, () => {
    expect(error).toBeUndefined();
    expect(paths.length).toBeGreaterThan(100);
    expect(ms).toBeLessThan(10_000);
    expect(states.some((s) => isDone(s, 'cert-letter@端末2') && !isDone(s, CERT_LETTER))).toBe(true);
    expect(states.some((s) => isDone(s, 'client-cert@端末2') && !isDone(s, CLIENT_CERT))).toBe(true);
  });

  it('never has client-cert done on a terminal whose own cert-letter is not', () => {
    for (const t of ['端末1', '端末2']) {
      expect(states.filter((s) => isDone(s, `client-cert@${t}`) && !isDone(s, `cert-letter@${t}`)).map(serializeState)).toEqual([]);
    }
  });

  it('never has oqs-accounts@端末1 before client-cert@端末1, nor a claims-login before claims-settings', () => {
    expect(states.filter((s) => isDone(s, OQS_ACCOUNTS) && !isDone(s, CLIENT_CERT)).map(serializeState)).toEqual([]);
    for (const t of ['端末1', '端末2']) {
      expect(states.filter((s) => isDone(s, `claims-login@${t}`) && !isDone(s, 'claims-settings')).map(serializeState)).toEqual([]);
    }
  });

  it('never has a step done while one of its needs is not met', () => {
    expect(states.flatMap((s) => unmetNeedsOfDone(plan, s, keys))).toEqual([]);
  });

  it('does reach the state where every target on both terminals is done', () => {
    expect(states.some((s) => keys.every((k) => isDone(s, k)))).toBe(true);
  });
});

/**
 * How many orders of `keys`, starting from `from`, put every need before the step that needs it: counted
 * over subsets from the plan's needs, independently of the machine.
 */
function countOrders(plan: Plan, from: OnboardingSnapshot, keys: readonly string[]): number {
  const index = new Map(keys.map((k, i) => [k, i]));
  const needMasks = keys.map((k) =>
    effectiveNeeds(plan, plan.byKey.get(k)!)
      .filter((need) => !keysOf(need).some((n) => isDone(from, n)))
      .map((need) => {
        const inside = keysOf(need).filter((n) => index.has(n));
        if (inside.length === 0) throw new Error(`${k} can never be done from this start`);
        return inside.reduce((m, n) => m | (1 << index.get(n)!), 0);
      }),
  );
  const ways = new Array<number>(1 << keys.length).fill(0);
  ways[0] = 1;
  for (let mask = 0; mask < ways.length; mask++) {
    if (ways[mask] === 0) continue;
    keys.forEach((_k, i) => {
      if (mask & (1 << i)) return;
      if (needMasks[i]!.every((m) => (mask & m) !== 0)) ways[mask | (1 << i)]! += ways[mask]!;
    });
  }
  return ways[ways.length - 1]!;
}

describe('every order of the last steps toward the targets (simple paths)', () => {
  const { plan, machine } = setupFor(makeProfile());
  const fromState = snapshotAfter(machine, [
    'facility-profile', 'portal-account', 'line-contract', 'oqs-application', 'claims-notice', 'line-registration',
    `net-config@${T}`, `line-auth@${T}`, `closed-network@${T}`, 'setup-manual', `root-ca@${T}`, 'master-account',
  ]);
  const keys = [`cert-application@${T}`, CERT_LETTER, CLIENT_CERT, `oqs-login@${T}`, OQS_ACCOUNTS, 'claims-settings', `claims-setup@${T}`, CLAIMS_LOGIN];
  const events = keys.map((key, i) => doneEvent(key, 100 + i));

  const { paths, ms, error } = traverse((limit) => {
    // Simple paths grow with the factorial of the states: count the states first (21 here).
    const size = Object.keys(getAdjacencyMap(machine, { events, fromState, serializeState, limit })).length;
    if (size > 100) throw new Error(`${size} states: the machine lets steps through out of order`);
    return getSimplePaths(machine, { events, fromState, serializeState, limit });
  });
  // Seen: 8 events, 131 simple paths (38 of them complete), about 0.1 s.
  const complete = paths.filter((p) => keys.every((k) => isDone(p.state, k)));
  const order = (p: (typeof paths)[number]) => p.steps.map((s) => (s.event as StepDoneEvent).key);

  it(`finds ${paths.length} simple paths (${complete.length} complete); the complete ones are exactly the orders the needs allow`, () => {
    expect(error).toBeUndefined();
    expect(ms).toBeLessThan(10_000);
    expect(complete.length).toBeGreaterThan(1);
    expect(complete.length).toBe(countOrders(plan, fromState, keys));
    expect(new Set(paths.map((p) => serializeState(p.state))).size).toBe(21);
    expect(new Set(complete.map((p) => order(p).join(' '))).size).toBe(complete.length);
  });

  it('takes cert-letter before client-cert, client-cert before oqs-accounts, claims-settings before claims-login on every path', () => {
    for (const p of paths) {
      const o = order(p);
      const before = (a: string, b: string) => !o.includes(b) || (o.includes(a) && o.indexOf(a) < o.indexOf(b));
      expect(before(CERT_LETTER, CLIENT_CERT), o.join(' ')).toBe(true);
      expect(before(CLIENT_CERT, OQS_ACCOUNTS), o.join(' ')).toBe(true);
      expect(before('claims-settings', CLAIMS_LOGIN), o.join(' ')).toBe(true);
    }
  });
});

/*
 * The dependency graph of the diagrams (src/machine/graph.ts): drawn from the plan's effective needs, with
 * the selectors' statuses and the forecast's critical path.
 */
describe('the dependency graph drawn for the diagrams and the report', () => {
  const twoPcs = makeProfile({
    terminals: [
      { name: '端末1', roles: ['claims', 'oqs'] },
      { name: '受付"<PC>&2', roles: ['claims'] },
    ],
  });

  function graphOf(s: Scenario, criticalPath: { key: string }[] = []) {
    const state = s.state();
    return { state, graph: dependencyGraph(state.plan, state.snapshot, { today: s.today, holidays: isJapaneseHoliday, criticalPath }) };
  }

  it('has one node per step instance that applies, per terminal, and leaves out the steps the profile skips', () => {
    const s = new Scenario(twoPcs);
    const { state, graph } = graphOf(s);
    const applying = state.plan.instances.filter((i) => i.applies).map((i) => i.key);
    expect(graph.nodes.map((n) => n.key)).toEqual(applying);
    // ipv6-ipvpn: the PPPoE dial-up does not apply, on neither PC.
    expect(graph.nodes.some((n) => n.id === 'pppoe')).toBe(false);
    expect(state.plan.instances.some((i) => i.step.id === 'pppoe' && !i.applies)).toBe(true);
    // The claims-only PC has its certificate but no eligibility-check steps.
    const second = graph.nodes.filter((n) => n.terminal === '受付"<PC>&2').map((n) => n.id);
    expect(second).toContain('client-cert');
    expect(second).toContain('claims-ready');
    expect(second.some((id) => id.startsWith('oqs-'))).toBe(false);
    expect(graph.terminals).toEqual(['端末1', '受付"<PC>&2']);
  });

  it('gives every node an ASCII id whatever the terminal is called', () => {
    const { graph } = graphOf(new Scenario(twoPcs));
    const refs = [...graph.nodes, ...graph.junctions].map((n) => n.ref);
    for (const ref of refs) expect(ref).toMatch(/^[sj]\d+$/);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('draws every plain need as an edge and every either-or need through one junction, exactly as the plan says', () => {
    const { state, graph } = graphOf(new Scenario(twoPcs));
    const drawn = new Set<string>();
    for (const n of graph.nodes) {
      const into = graph.edges.filter((e) => e.to === n.key);
      for (const e of into) {
        const junction = graph.junctions.find((j) => j.key === e.from);
        drawn.add(junction ? `${n.key}<-anyOf(${[...junction.alternatives].sort().join('|')})` : `${n.key}<-${e.from}`);
      }
    }
    const planned = new Set(
      state.plan.instances.filter((i) => i.applies).flatMap((i) => effectiveNeeds(state.plan, i).map((need) => `${i.key}<-${describeNeed(need)}`)),
    );
    expect([...drawn].sort()).toEqual([...planned].sort());
    // Either application lets the certificate be applied for: a junction with both, into cert-application.
    const cert = graph.junctions.find((j) => j.dependent === 'cert-application@端末1')!;
    expect(cert.alternatives.sort()).toEqual(['claims-notice', 'oqs-application']);
    for (const alt of cert.alternatives) expect(graph.edges).toContainEqual(expect.objectContaining({ from: alt, to: cert.key }));
  });

  it('colours each node with the status the selectors give, and marks a junction met once one alternative is done', () => {
    const s = new Scenario(twoPcs);
    for (const step of ['portal-account', 'line-contract', 'claims-notice']) s.done(step);
    s.done('ons-application', null, { occurredAt: '2026-11-10' });
    const { graph } = graphOf(s);
    const views = new Map(s.views().map((v) => [v.key, v.status]));
    for (const n of graph.nodes) expect(n.status, n.key).toBe(views.get(n.key));
    expect(graph.nodes.find((n) => n.key === 'ons-approval')!.status).toBe('overdue');
    const cert = graph.junctions.find((j) => j.dependent === 'cert-application@端末1')!;
    expect(cert.met).toBe(true);
    expect(graph.edges.find((e) => e.from === cert.key)!.met).toBe(true);
    expect(graph.edges.find((e) => e.from === 'oqs-application' && e.to === cert.key)!.met).toBe(false);
  });

  it('highlights the edges between neighbours of the critical path, listed from the cause or from the milestone', () => {
    const s = new Scenario(makeProfile());
    const path = ['cert-application@端末1', 'cert-letter@端末1', 'client-cert@端末1', 'claims-setup@端末1', 'claims-login@端末1', 'claims-ready@端末1'];
    for (const order of [path, [...path].reverse()]) {
      const { graph } = graphOf(s, order.map((key) => ({ key })));
      const critical = graph.edges.filter((e) => e.critical).map((e) => `${e.from}->${e.to}`);
      expect(critical.sort()).toEqual(path.slice(1).map((k, i) => `${path[i]}->${k}`).sort());
      expect(graph.nodes.filter((n) => n.critical).map((n) => n.key).sort()).toEqual([...path].sort());
    }
  });

  it('highlights an either-or need on the path through its junction', () => {
    const s = new Scenario(makeProfile());
    const { graph } = graphOf(s, ['oqs-application', 'cert-application@端末1', 'cert-letter@端末1'].map((key) => ({ key })));
    const junction = graph.junctions.find((j) => j.dependent === 'cert-application@端末1')!;
    expect(junction.critical).toBe(true);
    expect(graph.edges.find((e) => e.from === 'oqs-application' && e.to === junction.key)!.critical).toBe(true);
    expect(graph.edges.find((e) => e.from === 'claims-notice' && e.to === junction.key)!.critical).toBe(false);
    expect(graph.edges.find((e) => e.from === junction.key)!.critical).toBe(true);
  });

  it('highlights nothing without a critical path', () => {
    const { graph } = graphOf(new Scenario(makeProfile()));
    expect(graph.edges.filter((e) => e.critical)).toEqual([]);
    expect(graph.nodes.filter((n) => n.critical)).toEqual([]);
  });
});
