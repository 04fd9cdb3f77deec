import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcedure, ProcedureError } from '../../src/machine/procedure.js';
import { procedureFile } from '../helpers/scenario.js';

/** The procedure data file: the shipped one parses, and broken copies are refused naming step and field. */

interface RawStep {
  id: string;
  needs: unknown[];
  title: { ja?: string; en: string };
  wait?: unknown;
  inputs: { key: string; format: { type: string; pattern?: string } }[];
  [field: string]: unknown;
}
interface RawProcedure {
  version: number;
  steps: RawStep[];
  [field: string]: unknown;
}

const shipped = (): RawProcedure => JSON.parse(readFileSync(procedureFile, 'utf8')) as RawProcedure;

/** A fresh copy of the shipped data with one change. */
function broken(change: (raw: RawProcedure, step: (id: string) => RawStep) => void): RawProcedure {
  const raw = shipped();
  change(raw, (id) => raw.steps.find((s) => s.id === id)!);
  return raw;
}

function errorOf(raw: unknown): ProcedureError {
  try {
    parseProcedure(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ProcedureError);
    return error as ProcedureError;
  }
  throw new Error('the broken procedure was accepted');
}

describe('parseProcedure', () => {
  it('parses the shipped data/procedure.json with every step', () => {
    const raw = shipped();
    const procedure = parseProcedure(raw);
    expect(procedure.steps.map((s) => s.id)).toEqual(raw.steps.map((s) => s.id));
    expect(procedure.steps.find((s) => s.id === 'cert-letter')!.wait!.window).toEqual({ type: 'days', min: 3, max: 7, business: true });
  });

  it('refuses a need on an unknown step, naming the step and the need', () => {
    const error = errorOf(broken((_raw, step) => step('client-cert').needs.push('cert-pickup')));
    expect(error.step).toBe('client-cert');
    expect(error.field).toBe('needs[3]');
    expect(error.problem).toContain('cert-pickup');
    expect(error.message).toContain("step 'client-cert'");
  });

  it('refuses an unknown step inside an anyOf', () => {
    const error = errorOf(broken((_raw, step) => { step('closed-network').needs = [{ anyOf: ['line-auth', 'isdn'] }]; }));
    expect(error.step).toBe('closed-network');
    expect(error.field).toBe('needs[0]');
    expect(error.problem).toContain('isdn');
  });

  it('refuses a cycle, naming a step on it and the steps around it', () => {
    const error = errorOf(broken((_raw, step) => step('portal-account').needs.push('oqs-application')));
    expect(['portal-account', 'oqs-application']).toContain(error.step);
    expect(error.field).toBe('needs');
    expect(error.problem).toMatch(/cycle/);
    expect(error.problem).toContain('portal-account');
    expect(error.problem).toContain('oqs-application');
  });

  it('refuses a longer cycle among per-terminal steps', () => {
    const error = errorOf(broken((_raw, step) => step('cert-application').needs.push('client-cert')));
    expect(['cert-application', 'cert-letter', 'client-cert']).toContain(error.step);
    const trail = error.problem.replace(/^cycle: /, '').split(' → ');
    expect(trail.at(-1)).toBe(error.step);
    // The trail closes on the step named: cert-application → client-cert → cert-letter → cert-application.
    const loop = trail.slice(trail.indexOf(error.step!));
    expect(loop[0]).toBe(error.step);
    expect([...new Set(loop)].sort()).toEqual(['cert-application', 'cert-letter', 'client-cert']);
    expect(loop).toHaveLength(4);
  });

  it('refuses a wait step without a wait window', () => {
    const error = errorOf(broken((_raw, step) => { delete step('cert-letter').wait; }));
    expect(error.step).toBe('cert-letter');
    expect(error.field).toBe('wait');
  });

  it('refuses an input pattern that is not a regular expression', () => {
    const error = errorOf(broken((_raw, step) => { step('line-contract').inputs[0]!.format.pattern = '(CAF\\d{10}'; }));
    expect(error.step).toBe('line-contract');
    expect(error.field).toBe('inputs[0].format.pattern');
  });

  it('maps a schema error (a missing ja title) to the step id', () => {
    const error = errorOf(broken((_raw, step) => { delete step('root-ca').title.ja; }));
    expect(error.step).toBe('root-ca');
    expect(error.field).toBe('title.ja');
  });

  it('names a step without an id by its position', () => {
    const error = errorOf(broken((raw) => { delete (raw.steps[2] as Partial<RawStep>).id; }));
    expect(error.step).toBe('#3');
    expect(error.field).toBe('id');
  });

  it('refuses a facility step that needs a per-terminal step', () => {
    const error = errorOf(broken((_raw, step) => step('claims-notice').needs.push('net-config')));
    expect(error.step).toBe('claims-notice');
    expect(error.field).toBe('needs[3]');
    expect(error.problem).toContain('net-config');
  });

  it('accepts a per-terminal step that needs a facility step (the other direction)', () => {
    expect(() => parseProcedure(broken((_raw, step) => step('net-config').needs.push('portal-account')))).not.toThrow();
  });
});
