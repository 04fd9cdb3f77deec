// A namespace import lets the bundler keep only what is used (the `z` object carries every locale: 450 KB against 85 KB).
import * as z from 'zod';

/**
 * The onboarding procedure as data (data/procedure.json). Every step, its needs, waits and inputs live
 * here once; the statechart, the "blocked because…" text and the generated tests are derived from it.
 */

const stepId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a step id is lower-case letters, digits and hyphens');

/** A user-facing text in both languages of the interface. */
export const Text = z.strictObject({ ja: z.string().min(1), en: z.string().min(1) });
export type Text = z.infer<typeof Text>;

export const Lang = z.enum(['ja', 'en']);
export type Lang = z.infer<typeof Lang>;

export const Role = z.enum(['claims', 'oqs']);
export type Role = z.infer<typeof Role>;

export const ConnectionType = z.enum(['ipv6-ipvpn', 'ipv4-ipvpn', 'ipsec-ike']);
export type ConnectionType = z.infer<typeof ConnectionType>;

/**
 * `recurring`: a step done again and again after onboarding (the certificate's renewal). Its region stays
 * open after each record, which replaces the last one; the step is due again by its deadline.
 */
export const StepKind = z.enum(['action', 'wait', 'input', 'check', 'milestone', 'recurring']);
export type StepKind = z.infer<typeof StepKind>;

/** facility: once; terminal: once per PC; terminal:claims / terminal:oqs: once per PC with that role. */
export const Scope = z.enum(['facility', 'terminal', 'terminal:claims', 'terminal:oqs']);
export type Scope = z.infer<typeof Scope>;

/** A need is a step id, or `{anyOf: [...]}` when one of several steps is enough. */
export const Need = z.union([stepId, z.strictObject({ anyOf: z.array(stepId).min(2) })]);
export type Need = z.infer<typeof Need>;

/**
 * When a step (or an input) applies. Every listed field must hold. `hasRole`: at least one terminal of
 * the facility has that role. `reason` says why the step is skipped when the condition does not hold.
 */
export const Condition = z.strictObject({
  connection: z.array(ConnectionType).min(1).optional(),
  carrier: z.array(z.string().min(1)).min(1).optional(),
  hasRole: Role.optional(),
  reason: Text,
});
export type Condition = z.infer<typeof Condition>;

/** The format an input must have. `pattern` is matched against the whole trimmed value. */
export const InputFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('pattern'), pattern: z.string().min(1) }),
  z.strictObject({ type: z.literal('email') }),
  /** `future`: a date to come (a certificate's expiry), not judged against today nor the needs' days. */
  z.strictObject({ type: z.literal('date'), future: z.boolean().optional() }),
  z.strictObject({ type: z.literal('integer'), min: z.number().int().optional(), max: z.number().int().optional() }),
  z.strictObject({ type: z.literal('choice'), values: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ type: z.literal('folder') }),
  z.strictObject({ type: z.literal('file') }),
]);
export type InputFormat = z.infer<typeof InputFormat>;

export const Input = z.strictObject({
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'an input key is camelCase'),
  label: Text,
  /** ★ in PROCEDURE.md: encrypted at rest, never shown, never an argument. */
  secret: z.boolean().default(false),
  required: z.boolean().default(true),
  format: InputFormat,
  /** The expected format in words, with an example, for error messages and forms. */
  hint: Text,
  appliesWhen: Condition.optional(),
});
export type Input = z.infer<typeof Input>;

/** How long an outside party usually takes, counted from the day the awaited step's needs were done. */
export const WaitWindow = z.discriminatedUnion('type', [
  /**
   * `min`–`max` days after the start. `business`: counted in business days (Monday–Friday, national holidays
   * excepted, see business-days.ts), as mail is sent; else in calendar days.
   */
  z.strictObject({ type: z.literal('days'), min: z.number().int().min(0), max: z.number().int().min(1), business: z.boolean().optional() }),
  /** Filed by `cutoffDay` of month M → expected by `dueDay` of M+1; filed later → one month later. */
  z.strictObject({
    type: z.literal('monthly'),
    cutoffDay: z.number().int().min(1).max(28),
    dueDay: z.number().int().min(1).max(28),
  }),
]);
export type WaitWindow = z.infer<typeof WaitWindow>;

/**
 * What kind of thing is awaited, for the words: a letter is mailed (申請→到着), goods are ordered and
 * delivered (注文→納品), a registration completes, an application is approved, a download becomes available.
 */
export const WaitKind = z.enum(['mail', 'delivery', 'registration', 'approval', 'download']);
export type WaitKind = z.infer<typeof WaitKind>;

export const Wait = z.strictObject({
  window: WaitWindow,
  kind: WaitKind.default('mail'),
  /** What is awaited, as a noun phrase: "the 簡易書留 with the certificate IDs". */
  label: Text,
  /** The window comes from a single source or a guess: shown as an estimate, editable with `expect`. */
  unconfirmed: z.boolean().default(false),
});
export type Wait = z.infer<typeof Wait>;

/** A date by which the step must be done, counted from when another step was done (or a date input of it). */
export const Deadline = z.strictObject({
  after: stepId,
  /** A date input of `after` that the count starts from, when recorded (else the day `after` was done). */
  fromInput: z.string().optional(),
  /**
   * When `fromInput` was not recorded: count from the day this step was done instead (earlier than the real
   * start, so the deadline is never later than the real one), and say the deadline is an estimate.
   */
  estimateFrom: stepId.optional(),
  /** 0: the date of `fromInput` is the deadline itself (a certificate's expiry). */
  days: z.number().int().min(0),
  /** Start warning this many days before. */
  warnDays: z.number().int().min(0),
  text: Text,
  /** What to do once the deadline has passed. */
  passed: Text,
});
export type Deadline = z.infer<typeof Deadline>;

export const Link = z.strictObject({ label: Text, url: z.string().url() });

/** A time of day, `HH:MM` from `00:00` to `24:00` (`24:00` = midnight at the end of the day). */
export const TimeOfDay = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time of day is HH:MM, from 00:00 to 24:00');
export type TimeOfDay = z.infer<typeof TimeOfDay>;

/** A day of the year without the year, `MM-DD` (`02-29` allowed). */
const MonthDay = z
  .string()
  .regex(/^(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31|02-29)$/, 'a day of the year is MM-DD');

export const Weekday = z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
export type Weekday = z.infer<typeof Weekday>;

/**
 * One opening window of a help desk: on the days it names, open from `open` (inclusive) to `close`
 * (exclusive). A rule names either `weekdays` or `daysOfMonth`, never both. `onHolidays`: the rule also
 * holds on a Japanese national holiday (false: the desk is closed on a holiday that this rule would cover).
 */
export const HoursRule = z
  .strictObject({
    weekdays: z.array(Weekday).min(1).optional(),
    daysOfMonth: z.array(z.number().int().min(1).max(31)).min(1).optional(),
    open: TimeOfDay,
    close: TimeOfDay,
    onHolidays: z.boolean(),
  })
  .superRefine((rule, ctx) => {
    if ((rule.weekdays === undefined) === (rule.daysOfMonth === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a rule names either weekdays or daysOfMonth (exactly one)' });
    }
    if (rule.close <= rule.open) {
      ctx.addIssue({ code: 'custom', path: ['close'], message: `close (${rule.close}) must be after open (${rule.open})` });
    }
  });
export type HoursRule = z.infer<typeof HoursRule>;

/** Days the desk is closed whatever the rules say, `from` to `to` inclusive; `12-29` → `01-03` spans the new year. */
export const ClosedPeriod = z.strictObject({ from: MonthDay, to: MonthDay });
export type ClosedPeriod = z.infer<typeof ClosedPeriod>;

/**
 * When a help desk answers, in the clinic's local time (Japan). For a given day, in order:
 * 1. a day inside one of the `closed` periods is closed all day;
 * 2. else, if any rule's `daysOfMonth` contains the day of the month, those rules alone decide the day
 *    (they win over weekday rules: "8:00–24:00 on the 8th–10th, weekends included");
 * 3. else the rules whose `weekdays` contain the weekday decide; a day no rule names is closed.
 * A deciding rule whose `onHolidays` is false does not hold on a national holiday. The open hours of a
 * day are the union of the windows of the rules that hold. The holiday calendar is consulted only when
 * the answer depends on it.
 */
export const Schedule = z.strictObject({
  rules: z.array(HoursRule).min(1),
  closed: z.array(ClosedPeriod).default([]),
});
export type Schedule = z.infer<typeof Schedule>;

export const Contact = z.strictObject({
  name: Text,
  phone: z.string().min(1),
  /** The hours in words, as the source states them: always shown. */
  hours: Text,
  unconfirmed: z.boolean().default(false),
  /** The hours as data, for "open now?"; absent when not known (the desk is then neither open nor closed). */
  schedule: Schedule.optional(),
});
export type Contact = z.infer<typeof Contact>;

/**
 * What a download step leaves in its folder, as far as it is known (the vendor's file names are not): its check
 * counts the manuals by extension and adds up the size of the other files.
 */
export const Downloads = z.strictObject({
  manuals: z.strictObject({ extension: z.string().regex(/^[a-z0-9]+$/, 'an extension is lower case, without the dot'), count: z.number().int().min(1) }),
  /** `aboutBytes`: the size the source states; `minBytes`: the least the check accepts (versions differ a little). */
  software: z.strictObject({ aboutBytes: z.number().int().min(1), minBytes: z.number().int().min(1) }),
});
export type Downloads = z.infer<typeof Downloads>;

export const Track = z.enum(['common', 'oqs', 'certificate', 'claims', 'network', 'terminal-claims', 'terminal-oqs']);
export type Track = z.infer<typeof Track>;

export const Step = z.strictObject({
  id: stepId,
  kind: z.array(StepKind).min(1),
  scope: Scope,
  track: Track,
  title: Text,
  /** A short name for one-line rows and reasons (the title is the official name, often long). */
  short: Text,
  description: Text,
  needs: z.array(Need).default([]),
  /**
   * Per-terminal steps this facility step comes after, on at least one terminal (the card reader subsidy
   * once a first PC has passed its eligibility test, i.e. is oqs-ready): a need on any of their instances.
   */
  afterAnyTerminal: z.array(stepId).default([]),
  /** Not needed for a milestone: never counted in progress, listed apart from what can be done now. */
  optional: z.boolean().default(false),
  appliesWhen: Condition.optional(),
  inputs: z.array(Input).default([]),
  wait: Wait.optional(),
  deadline: Deadline.optional(),
  /** Statements the operator must confirm when marking the step done ("the factory passwords were changed"). */
  confirm: z.array(Text).default([]),
  /** What the program verifies for a `check` step, in words; until it does, a manual confirmation needs a note. */
  check: Text.optional(),
  contact: z.string().optional(),
  links: z.array(Link).default([]),
  downloads: Downloads.optional(),
  /** What doing the step costs, per instance (a client certificate: per PC), in yen including tax. */
  fee: z.object({ yen: z.number().int().positive() }).optional(),
}).superRefine((step, ctx) => {
  if (!step.kind.includes('recurring')) return;
  // Each record of a recurring step carries the next deadline (the new certificate's expiry).
  const from = step.deadline?.fromInput;
  if (!from || !step.inputs.some((input) => input.key === from && input.format.type === 'date')) {
    ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'a recurring step is due by a deadline read from a date input of its own (deadline.fromInput)' });
  }
});
export type Step = z.infer<typeof Step>;

export const Procedure = z.strictObject({
  /** Bumped whenever steps, needs or inputs change: a saved onboarding is then rebuilt from its events. */
  version: z.number().int().min(1),
  contacts: z.record(z.string(), Contact),
  steps: z.array(Step).min(1),
  /**
   * Ids of steps that earlier versions of the procedure had. Their events stay in a saved log and are shown as
   * no longer applying; any other unknown id in a log means the document was changed by hand.
   */
  retiredSteps: z.array(z.string()).default([]),
}).superRefine((procedure, ctx) => {
  procedure.steps.forEach((step, i) => {
    step.afterAnyTerminal.forEach((id, j) => {
      const target = procedure.steps.find((s) => s.id === id);
      const path = ['steps', i, 'afterAnyTerminal', j];
      if (!target) ctx.addIssue({ code: 'custom', path, message: `unknown step '${id}'` });
      else if (step.scope !== 'facility' || target.scope === 'facility') {
        ctx.addIssue({ code: 'custom', path, message: 'only a facility step comes after a per-terminal step' });
      }
    });
  });
});
export type Procedure = z.infer<typeof Procedure>;
export type ProcedureInput = z.input<typeof Procedure>;
