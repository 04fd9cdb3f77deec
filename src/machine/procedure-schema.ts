import { z } from 'zod';

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

export const StepKind = z.enum(['action', 'wait', 'input', 'check', 'milestone']);
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
  z.strictObject({ type: z.literal('date') }),
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
  z.strictObject({ type: z.literal('days'), min: z.number().int().min(0), max: z.number().int().min(1) }),
  /** Filed by `cutoffDay` of month M → expected by `dueDay` of M+1; filed later → one month later. */
  z.strictObject({
    type: z.literal('monthly'),
    cutoffDay: z.number().int().min(1).max(28),
    dueDay: z.number().int().min(1).max(28),
  }),
]);
export type WaitWindow = z.infer<typeof WaitWindow>;

export const Wait = z.strictObject({
  window: WaitWindow,
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
  days: z.number().int().min(1),
  /** Start warning this many days before. */
  warnDays: z.number().int().min(0),
  text: Text,
});
export type Deadline = z.infer<typeof Deadline>;

export const Link = z.strictObject({ label: Text, url: z.string().url() });

export const Contact = z.strictObject({
  name: Text,
  phone: z.string().min(1),
  hours: Text,
  unconfirmed: z.boolean().default(false),
});
export type Contact = z.infer<typeof Contact>;

export const Track = z.enum(['common', 'oqs', 'certificate', 'claims', 'network', 'terminal-claims', 'terminal-oqs']);
export type Track = z.infer<typeof Track>;

export const Step = z.strictObject({
  id: stepId,
  kind: z.array(StepKind).min(1),
  scope: Scope,
  track: Track,
  title: Text,
  description: Text,
  needs: z.array(Need).default([]),
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
});
export type Step = z.infer<typeof Step>;

export const Procedure = z.strictObject({
  /** Bumped whenever steps, needs or inputs change: a saved onboarding is then rebuilt from its events. */
  version: z.number().int().min(1),
  contacts: z.record(z.string(), Contact),
  steps: z.array(Step).min(1),
});
export type Procedure = z.infer<typeof Procedure>;
export type ProcedureInput = z.input<typeof Procedure>;
