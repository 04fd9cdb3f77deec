import { isUsableDate } from './dates.js';
import { conditionHolds } from './plan.js';
import type { Input, Step } from './procedure-schema.js';
import type { Profile } from './profile.js';

/** The inputs of a step that apply to this profile (a PPPoE network ID only for `ipv4-ipvpn`). */
export function applicableInputs(step: Step, profile: Profile): Input[] {
  return step.inputs.filter((input) => conditionHolds(input.appliesWhen, profile));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks one value against its input's format. Returns the normalized (trimmed) value, or null when it
 * does not fit. Whether a file or folder exists is for the caller to check: that is I/O.
 */
export function normalizeInput(input: Input, raw: string): string | null {
  const value = raw.trim();
  if (value === '') return null;
  const format = input.format;
  switch (format.type) {
    case 'text':
    case 'folder':
    case 'file':
      return value;
    case 'pattern':
      return new RegExp(`^(?:${format.pattern})$`).test(value) ? value : null;
    case 'email':
      return EMAIL.test(value) ? value : null;
    case 'date':
      return isUsableDate(value) ? value : null;
    case 'integer': {
      if (!/^\d+$/.test(value)) return null;
      const n = Number(value);
      if (format.min !== undefined && n < format.min) return null;
      if (format.max !== undefined && n > format.max) return null;
      return String(n);
    }
    case 'choice':
      return format.values.includes(value) ? value : null;
  }
}
