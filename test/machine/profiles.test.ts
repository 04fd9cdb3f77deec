import { describe, expect, it } from 'vitest';
import { buildPlan, effectiveNeeds, instancesOf, type Plan } from '../../src/machine/plan.js';
import { checkMedicalCode, checkProfile, medicalCodeCheckDigit, type Profile } from '../../src/machine/profile.js';
import { progress } from '../../src/machine/selectors.js';
import { makeProfile, procedure, Scenario } from '../helpers/scenario.js';
import { describeNeed } from './support.js';

/** How the facility profile shapes the plan: which steps exist, which are skipped and why. */

const planOf = (profile: Profile): Plan => buildPlan(procedure, profile);
const keysOf = (plan: Plan) => plan.instances.map((i) => i.key);
const applies = (plan: Plan, key: string) => plan.byKey.get(key)!.applies;
const stepText = (id: string) => procedure.steps.find((s) => s.id === id)!;

const claimsOnly = (overrides: Partial<Profile> = {}) =>
  makeProfile({ connection: 'ipv4-ipvpn', terminals: [{ name: '端末1', roles: ['claims'] }], ...overrides });
const OQS_FACILITY_STEPS = ['oqs-application', 'line-registration', 'master-account', 'ons-application', 'ons-approval', 'ons-apps', 'reader-order', 'reader-delivery', 'reader-software'];
const OQS_TERMINAL_STEPS = ['oqs-login', 'oqs-accounts', 'oqs-apps', 'reader-setup', 'reader-detected', 'oqs-test', 'oqs-ready'];
const CLAIMS_TERMINAL_STEPS = ['claims-setup', 'claims-login', 'claims-test', 'claims-ready'];

describe('connection type', () => {
  it('makes pppoe apply and skips line-auth, with the reason, on ipv4-ipvpn', () => {
    const s = new Scenario(claimsOnly());
    const plan = s.state().plan;
    expect(applies(plan, 'pppoe@端末1')).toBe(true);
    expect(applies(plan, 'line-auth@端末1')).toBe(false);
    const view = s.view('line-auth', '端末1');
    expect(view.status).toBe('skipped');
    expect(view.reason).toBe(stepText('line-auth').appliesWhen!.reason.ja);
    expect(view.reason).toContain('IPv6');
    expect(s.view('line-auth', '端末1', 'en').reason).toContain('only for an IPv6 IP-VPN connection');
    expect(s.view('pppoe', '端末1').status).toBe('blocked');
  });

  it('makes line-auth apply and skips pppoe, with the reason, on ipv6-ipvpn', () => {
    const s = new Scenario(makeProfile());
    const plan = s.state().plan;
    expect(applies(plan, 'line-auth@端末1')).toBe(true);
    expect(applies(plan, 'pppoe@端末1')).toBe(false);
    const view = s.view('pppoe', '端末1');
    expect(view.status).toBe('skipped');
    expect(view.reason).toBe(stepText('pppoe').appliesWhen!.reason.ja);
    expect(view.reason).toContain('PPPoE');
    expect(s.view('line-auth', '端末1').status).toBe('blocked');
  });

  it('makes closed-network need neither line-auth nor pppoe on ipsec-ike: it is ready right after init', () => {
    const profile = makeProfile({ carrier: 'example-vpn', area: null, connection: 'ipsec-ike' });
    const plan = planOf(profile);
    expect(applies(plan, 'line-auth@端末1')).toBe(false);
    expect(applies(plan, 'pppoe@端末1')).toBe(false);
    expect(effectiveNeeds(plan, plan.byKey.get('closed-network@端末1')!)).toEqual([]);
    expect(new Scenario(profile).view('closed-network', '端末1').status).toBe('ready');
  });

  it('makes closed-network wait for line-auth alone on ipv6-ipvpn and for pppoe alone on ipv4-ipvpn', () => {
    const need = (profile: Profile) => effectiveNeeds(planOf(profile), planOf(profile).byKey.get('closed-network@端末1')!).map(describeNeed);
    expect(need(makeProfile())).toEqual(['line-auth@端末1']);
    expect(need(claimsOnly())).toEqual(['pppoe@端末1']);
  });
});

describe('terminals', () => {
  it('gives two cert-application and two client-cert instances for two terminals', () => {
    const plan = planOf(makeProfile({ terminals: [{ name: '端末1', roles: ['claims', 'oqs'] }, { name: '受付', roles: ['claims'] }] }));
    expect(instancesOf(plan, 'cert-application').map((i) => i.key)).toEqual(['cert-application@端末1', 'cert-application@受付']);
    expect(instancesOf(plan, 'client-cert').map((i) => i.key)).toEqual(['client-cert@端末1', 'client-cert@受付']);
    expect(instancesOf(plan, 'oqs-application').map((i) => i.key)).toEqual(['oqs-application']);
  });

  it('gives one instance of each per-terminal step for one terminal', () => {
    const plan = planOf(makeProfile());
    expect(instancesOf(plan, 'cert-application')).toHaveLength(1);
    expect(instancesOf(plan, 'client-cert')).toHaveLength(1);
  });

  it('gives a claims-only terminal no oqs-* or reader-* instances, and skips the facility oqs steps when no terminal has oqs', () => {
    const plan = planOf(claimsOnly());
    const keys = keysOf(plan);
    for (const id of OQS_TERMINAL_STEPS) expect(keys).not.toContain(`${id}@端末1`);
    expect(keys.filter((k) => k.endsWith('@端末1') && /^(oqs-|reader-)/.test(k))).toEqual([]);
    for (const id of CLAIMS_TERMINAL_STEPS) expect(keys).toContain(`${id}@端末1`);
    for (const id of OQS_FACILITY_STEPS) {
      expect(keys).toContain(id);
      expect(applies(plan, id), id).toBe(false);
    }
    const s = new Scenario(claimsOnly());
    const view = s.view('oqs-application');
    expect(view.status).toBe('skipped');
    expect(view.reason).toBe(stepText('oqs-application').appliesWhen!.reason.ja);
    expect(s.view('master-account', null, 'en').reason).toContain('No terminal does online eligibility checks');
  });

  it('keeps the oqs steps for the oqs terminal of a mixed facility, and none for its claims-only terminal', () => {
    const plan = planOf(makeProfile({ terminals: [{ name: '受付', roles: ['claims'] }, { name: '診察室', roles: ['oqs'] }] }));
    const keys = keysOf(plan);
    for (const id of OQS_TERMINAL_STEPS) {
      expect(keys).toContain(`${id}@診察室`);
      expect(keys).not.toContain(`${id}@受付`);
    }
    for (const id of CLAIMS_TERMINAL_STEPS) {
      expect(keys).toContain(`${id}@受付`);
      expect(keys).not.toContain(`${id}@診察室`);
    }
    for (const id of OQS_FACILITY_STEPS) expect(applies(plan, id), id).toBe(true);
    expect(applies(plan, 'claims-notice')).toBe(true);
  });

  it('skips claims-notice and claims-settings for an oqs-only facility, and keeps them otherwise', () => {
    const oqsOnly = new Scenario(makeProfile({ terminals: [{ name: '端末1', roles: ['oqs'] }] }));
    for (const id of ['claims-notice', 'claims-settings']) {
      const view = oqsOnly.view(id);
      expect(view.status, id).toBe('skipped');
      expect(view.reason).toBe(stepText(id).appliesWhen!.reason.ja);
    }
    expect(keysOf(oqsOnly.state().plan).filter((k) => k.startsWith('claims-'))).toEqual(['claims-notice', 'claims-settings']);
    const both = new Scenario(makeProfile());
    expect(both.view('claims-notice').status).toBe('blocked');
  });

  it('makes cert-application of a claims-only facility wait for claims-notice: the skipped oqs-application does not count', () => {
    const s = new Scenario(claimsOnly());
    const plan = s.state().plan;
    expect(effectiveNeeds(plan, plan.byKey.get('cert-application@端末1')!).map(describeNeed)).toEqual(['portal-account', 'claims-notice']);
    s.done('portal-account');
    s.done('line-contract');
    const blocked = s.view('cert-application', '端末1');
    expect(blocked.status).toBe('blocked');
    expect(blocked.blockedBy).toEqual([{ id: 'claims-notice', terminal: null, status: 'ready' }]);
    s.done('claims-notice');
    expect(s.view('cert-application', '端末1').status).toBe('ready');
  });

  it('lets either use application open cert-application when the facility has both roles', () => {
    const s = new Scenario(makeProfile());
    s.done('portal-account');
    s.done('line-contract');
    const view = s.view('cert-application', '端末1');
    expect(view.status).toBe('blocked');
    expect(view.blockedBy).toEqual([
      { anyOf: [
        { id: 'oqs-application', terminal: null, status: 'ready' },
        { id: 'claims-notice', terminal: null, status: 'ready' },
      ] },
    ]);
  });
});

describe('profile changes', () => {
  const two = makeProfile({ terminals: [{ name: '端末1', roles: ['claims', 'oqs'] }, { name: '端末2', roles: ['claims'] }] });

  it('adds the instances of a terminal that is added', () => {
    const s = new Scenario(makeProfile());
    expect(s.views().filter((v) => v.terminal === '端末2')).toEqual([]);
    s.changeProfile(two, 'terminal-added 端末2');
    const added = s.views().filter((v) => v.terminal === '端末2').map((v) => v.id);
    expect(added).toEqual(expect.arrayContaining(['net-config', 'cert-application', 'cert-letter', 'client-cert', 'claims-setup', 'claims-ready']));
    expect(added).not.toContain('oqs-login');
    expect(s.view('net-config', '端末2').status).toBe('ready');
  });

  it('drops the instances of a terminal that is removed, and keeps the other terminal as it was', () => {
    const s = new Scenario(two);
    s.done('net-config', '端末1');
    s.done('net-config', '端末2');
    expect(s.views().filter((v) => v.terminal === '端末2').length).toBeGreaterThan(5);
    s.changeProfile(makeProfile(), 'terminal-removed 端末2');
    expect(s.views().filter((v) => v.terminal === '端末2')).toEqual([]);
    expect(s.view('net-config', '端末1').status).toBe('done');
  });

  it('turns pppoe from done-able to skipped when the connection changes from ipv4-ipvpn to ipv6-ipvpn', () => {
    const s = new Scenario(claimsOnly());
    s.done('portal-account');
    s.done('line-contract');
    s.done('claims-notice');
    s.done('claims-settings');
    s.done('net-config', '端末1');
    expect(s.view('pppoe', '端末1').status).toBe('ready');
    s.done('pppoe', '端末1');
    expect(s.view('pppoe', '端末1').status).toBe('done');
    const before = progress(s.views());

    s.changeProfile(claimsOnly({ connection: 'ipv6-ipvpn' }), 'connection ipv6-ipvpn');
    const view = s.view('pppoe', '端末1');
    expect(view.status).toBe('skipped');
    expect(view.reason).toBe(stepText('pppoe').appliesWhen!.reason.ja);
    // Under ipv6-ipvpn the line must be registered first: the wait started with the billing notice.
    const lineAuth = s.view('line-auth', '端末1');
    expect(lineAuth.status).toBe('blocked');
    expect(lineAuth.rootCauses.map((c) => c.id)).toEqual(['line-registration']);
    s.done('line-registration');
    expect(s.view('line-auth', '端末1').status).toBe('ready');
    const after = progress(s.views());
    // pppoe no longer counts; line-registration now does.
    expect(after.done).toBe(before.done);
  });

  it('does not let a pppoe recorded under ipv6-ipvpn count: the step is skipped, the event ignored', () => {
    const s = new Scenario(makeProfile());
    const event = s.done('pppoe', '端末1');
    expect(s.view('pppoe', '端末1').status).toBe('skipped');
    expect(s.state().ignored).toEqual([{ event, why: 'refused' }]);
  });
});

/** Luhn (mod 10) over a body, written here from PROCEDURE.md §1 rather than taken from the code under test. */
function luhn(body: string): number {
  let sum = 0;
  [...body].reverse().forEach((ch, i) => {
    const product = Number(ch) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(product / 10) + (product % 10);
  });
  return (10 - (sum % 10)) % 10;
}

/** A code of this prefecture whose 6-digit and 9-digit check digits differ. */
function codeTellingRulesApart(prefecture: string): { short: string; long: string } {
  for (let n = 1000; n < 10000; n++) {
    const nine = `${prefecture}101${n}`;
    const six = nine.slice(3);
    if (luhn(six) !== luhn(nine)) return { short: `${nine}${luhn(six)}`, long: `${nine}${luhn(nine)}` };
  }
  throw new Error('no code tells the rules apart');
}

describe('checkMedicalCode', () => {
  it('accepts the published example 0110113719', () => {
    expect(checkMedicalCode('0110113719')).toBeNull();
    expect(medicalCodeCheckDigit('0110113719')).toBe(9);
  });

  it.each(['11', '12', '13', '14'])('accepts a code of prefecture %s checked over 郡市区 + 医療機関番号 only, and refuses the 9-digit rule', (prefecture) => {
    const { short, long } = codeTellingRulesApart(prefecture);
    expect(medicalCodeCheckDigit(short)).toBe(luhn(short.slice(3, 9)));
    expect(checkMedicalCode(short)).toBeNull();
    expect(checkMedicalCode(long)).toEqual({ key: 'profile.codeCheckDigit', params: { code: long, expected: short[9] } });
  });

  it('accepts a Tokyo code whose 6-digit check digit is worked out by hand: 1310112342', () => {
    // Body 011234, from the right: 4×2=8, 3, 2×2=4, 1, 1×2=2, 0 → 18 → (10 − 8) mod 10 = 2.
    expect(checkMedicalCode('1310112342')).toBeNull();
    expect(checkMedicalCode('1310112341')).toEqual({ key: 'profile.codeCheckDigit', params: { code: '1310112341', expected: '2' } });
  });

  it.each(['01', '27', '47'])('checks a code of prefecture %s over all 9 digits', (prefecture) => {
    const { short, long } = codeTellingRulesApart(prefecture);
    expect(checkMedicalCode(long)).toBeNull();
    expect(checkMedicalCode(short)?.key).toBe('profile.codeCheckDigit');
  });

  it('refuses a wrong check digit and says which one is expected', () => {
    expect(checkMedicalCode('0110113718')).toEqual({ key: 'profile.codeCheckDigit', params: { code: '0110113718', expected: '9' } });
  });

  it('refuses prefecture 48 and 00', () => {
    expect(checkMedicalCode('4810113719')).toEqual({ key: 'profile.codePrefecture', params: { code: '4810113719', prefecture: '48' } });
    expect(checkMedicalCode('0010113719')?.key).toBe('profile.codePrefecture');
  });

  it('refuses 点数表 2 (only 1, 3, 4 and 6 exist)', () => {
    expect(checkMedicalCode('0120113719')).toEqual({ key: 'profile.codeTable', params: { code: '0120113719', table: '2' } });
    for (const table of ['3', '4', '6']) {
      const nine = `01${table}101137`;
      expect(checkMedicalCode(`${nine}${luhn(nine)}`), table).toBeNull();
    }
  });

  it('refuses a code that is not 10 digits', () => {
    expect(checkMedicalCode('011011371')?.key).toBe('profile.codeFormat');
    expect(checkMedicalCode('011011371x')?.key).toBe('profile.codeFormat');
  });
});

describe('checkProfile', () => {
  it('accepts the default profile', () => {
    expect(checkProfile(makeProfile())).toEqual([]);
  });

  it('refuses ntt + ipv4-ipvpn with an oqs terminal, and accepts it for claims only', () => {
    const keys = checkProfile(makeProfile({ connection: 'ipv4-ipvpn' })).map((p) => p.key);
    expect(keys).toEqual(['profile.ntt-ipv4-oqs']);
    expect(checkProfile(claimsOnly())).toEqual([]);
  });

  it('refuses ctc with ipv6-ipvpn, and accepts ctc with ipv4-ipvpn for both systems', () => {
    expect(checkProfile(makeProfile({ carrier: 'ctc', area: null }))).toEqual([{ key: 'profile.ipv4Carrier', params: { carrier: 'ctc' } }]);
    expect(checkProfile(makeProfile({ carrier: 'ctc', area: null, connection: 'ipv4-ipvpn' }))).toEqual([]);
  });
});
