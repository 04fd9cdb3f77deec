import type { Lang } from '../machine/procedure-schema.js';

/** `--lang` wins, then SEIKYU_LANG; Japanese by default; null for a language the program does not speak (refused). */
export function pickLang(flag: string | undefined, env: string | undefined): Lang | null {
  const value = flag ?? env;
  if (value === undefined || value === '') return 'ja';
  const normalized = value.toLowerCase().slice(0, 2);
  return normalized === 'ja' || normalized === 'en' ? normalized : null;
}
