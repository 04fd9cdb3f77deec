import type { StoredEvent } from '../machine/events.js';
import type { Profile } from '../machine/profile.js';
import type { Onboarding } from '../machine/replay.js';
import type { Lang } from '../machine/procedure-schema.js';
import type { Translate } from '../i18n/index.js';
import type { DeskStatus, HolidayCalendar } from '../machine/hours.js';

/**
 * What the TUI may do with the saved onboarding. The command line implements it with the same
 * operations its commands use; tests implement it over a temporary data folder. Every method that
 * changes state resolves only after the change is saved. Failures reject with an Error whose message is
 * one sentence for the operator (a check's result: its lines, see `CheckReport.message`).
 */
export interface OnboardingPort {
  readonly lang: Lang;
  readonly t: Translate;
  /** Today in the clinic's calendar (the injected clock). */
  today(): string;
  /** Japan's national holidays: mail windows and the forecast count business days, as the commands do. */
  readonly holidays: HolidayCalendar;
  load(): Promise<UiState | null>;
  init(profile: Profile): Promise<UiState>;
  /**
   * Records a step done. A check step without a note is verified by its check, run with the typed inputs:
   * only a pass completes it; a failure is recorded as such and rejects with an error carrying the new state
   * (`stateCarried`); a check that cannot run here records nothing and rejects. With a note it is recorded as
   * checked by hand.
   */
  done(request: DoneRequest): Promise<UiState>;
  expect(key: string, by: string): Promise<UiState>;
  /** Undoes the last effective event of a step. */
  undo(key: string): Promise<UiState>;
  /** Why the last event of this step cannot be undone, or null when it can. */
  undoBlocked(state: UiState, key: string): string | null;
  /** An error sentence for a value typed into an input of a step, or null when it is fine. */
  checkInput(stepId: string, inputKey: string, raw: string): string | null;
  /** An error sentence for a profile, or null. */
  checkProfile(profile: Profile): string | null;
  /** Which desk to call and whether it is open now. */
  desk(contactId: string): DeskStatus | null;
  /** Install the screen that asks for the passphrase (asked once per run, only when a secret is written or read). */
  onPassphrase(ask: (isNew: boolean, problem: string | null) => Promise<string>): void;
  /**
   * Calls `onChange` (debounced) when the saved document changes on disk by another process; the
   * screen's own saves through this port do not call it. Returns the function that stops watching.
   */
  watch(onChange: () => void): () => void;
  /** The screen's state of the last run (filter, selection, open tracks), or null when none was kept or it cannot be read. */
  loadPrefs(): Promise<UiPrefs | null>;
  /** Keeps the screen's state for the next run, beside the document but never in it. */
  savePrefs(prefs: UiPrefs): Promise<void>;
  /**
   * Decrypts a recorded secret of a step (asking the passphrase), and records that it was read (never the
   * value). The value is for the screen only: it is never written anywhere.
   */
  reveal(key: string, input: string): Promise<{ value: string; state: UiState }>;
  /**
   * Runs the step's check on this PC with the inputs recorded for it (the passphrase asked only when it reads
   * a recorded secret) and records its result through the one authority: passed completes the step as
   * verified, failed is recorded as a failure, cannot-run records nothing. `signal` stops a run the screen no
   * longer waits for (it quit): nothing is recorded then.
   */
  check(key: string, options?: { signal?: AbortSignal }): Promise<CheckReport>;
  /**
   * Writes the handoff bundle (JSON, without secrets) and the HTML report side by side in the data folder's
   * `exports/` folder, under new names (nothing is overwritten). Resolves with the folder and the two file names.
   */
  exportFiles(): Promise<ExportedFiles>;
}

/** Where the screen's export wrote. */
export interface ExportedFiles {
  dir: string;
  json: string;
  html: string;
}

/** What `check` saw, in words, and the state after it was recorded. */
export interface CheckReport {
  state: UiState;
  outcome: 'passed' | 'failed' | 'cannot-run';
  /**
   * One line per part, joined with line breaks: the mark and the check's sentence; under a failure or a
   * check that cannot run here, what to do; what was recorded, or why nothing was.
   */
  message: string;
}

/**
 * A save can be refused after it recorded something else: `done` on a check step whose check failed records
 * the failure and rejects. Such an error carries the state after it, for the screen to show.
 */
export function stateCarried(error: unknown): UiState | null {
  if (typeof error !== 'object' || error === null || !('state' in error)) return null;
  const state = (error as { state: unknown }).state;
  return typeof state === 'object' && state !== null && 'onboarding' in state && 'events' in state ? (state as UiState) : null;
}

/** What the screen keeps between runs. */
export interface UiPrefs {
  onlyAction: boolean;
  /** The selected dashboard row (a step key or a done track's `track:…`). */
  selectedKey: string | null;
  /** The done tracks left open. */
  open: string[];
}

export interface UiState {
  onboarding: Onboarding;
  events: StoredEvent[];
}

export interface DoneRequest {
  key: string;
  /** YYYY-MM-DD; today when absent. */
  at?: string;
  note?: string;
  /** Typed values by input key, secrets included (they are encrypted before they are saved). */
  values: Record<string, string>;
}
