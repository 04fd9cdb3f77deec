import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseProcedure } from '../../src/machine/procedure.js';
import type { StoredEvent } from '../../src/machine/events.js';
import type { Profile } from '../../src/machine/profile.js';
import { replay, type Onboarding } from '../../src/machine/replay.js';
import type { StepView } from '../../src/machine/selectors.js';
import { Explainer } from '../../src/i18n/explain.js';
import { instanceKey } from '../../src/machine/plan.js';
import { translator } from '../../src/i18n/index.js';
import { isJapaneseHoliday } from '../../src/effects/holidays.js';
import type { Lang } from '../../src/machine/procedure-schema.js';

export const procedureFile = fileURLToPath(new URL('../../data/procedure.json', import.meta.url));
export const procedure = parseProcedure(JSON.parse(readFileSync(procedureFile, 'utf8')));

/** A Tokyo clinic's code (13 東京: the check digit covers 郡市区 + 医療機関番号 only). */
export const TOKYO_CODE = '1310112342';

export function makeProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    name: 'テスト診療所',
    code: '0110113719',
    carrier: 'ntt',
    area: 'east',
    connection: 'ipv6-ipvpn',
    terminals: [{ name: '端末1', roles: ['claims', 'oqs'] }],
    ...overrides,
  };
}

/**
 * An onboarding driven in memory through the same event log and replay as the program: each call appends
 * a stored event, as the command line would.
 */
export class Scenario {
  events: StoredEvent[] = [];
  today: string;

  constructor(profile: Profile, today = '2026-11-24', createdOn = '2026-11-01') {
    this.today = today;
    this.push({ type: 'profile-created', step: 'facility-profile', terminal: null, occurredAt: createdOn, profile });
  }

  private push(event: Partial<StoredEvent> & Pick<StoredEvent, 'type'>): StoredEvent {
    const stored: StoredEvent = {
      id: this.events.length + 1,
      step: null,
      terminal: null,
      inputs: {},
      occurredAt: this.today,
      recordedAt: `${this.today}T09:00:00+09:00`,
      operator: 'test',
      ...event,
    };
    this.events.push(stored);
    return stored;
  }

  done(step: string, terminal: string | null = null, extra: Partial<StoredEvent> = {}): StoredEvent {
    return this.push({ type: 'step-done', step, terminal, ...extra });
  }

  expect(step: string, terminal: string | null, by: string): StoredEvent {
    return this.push({ type: 'expected', step, terminal, by });
  }

  failCheck(step: string, terminal: string | null, detail: string): StoredEvent {
    return this.push({ type: 'check-failed', step, terminal, detail });
  }

  undo(target: number): StoredEvent {
    return this.push({ type: 'undone', target });
  }

  changeProfile(profile: Profile, change = 'test'): StoredEvent {
    return this.push({ type: 'profile-changed', step: 'facility-profile', profile, change });
  }

  state(): Onboarding {
    const state = replay(procedure, this.events);
    if (!state) throw new Error('no profile');
    return state;
  }

  selector(lang: Lang = 'ja'): Explainer {
    const state = this.state();
    return new Explainer(state.plan, state.snapshot, { today: this.today, lang, t: translator(lang), holidays: isJapaneseHoliday });
  }

  view(step: string, terminal: string | null = null, lang: Lang = 'ja'): StepView {
    return this.selector(lang).view(instanceKey(step, terminal));
  }

  views(lang: Lang = 'ja'): StepView[] {
    return this.selector(lang).views();
  }
}
