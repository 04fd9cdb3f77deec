import { ja, type MessageKey } from './ja.js';
import { en } from './en.js';
import type { Lang } from '../machine/procedure-schema.js';

export type { MessageKey };
export type Params = Record<string, string | number>;
/** Looks a message up in the catalog of the chosen language and fills its `{placeholders}`. */
export type Translate = (key: MessageKey, params?: Params) => string;

export const catalogs: Record<Lang, Record<MessageKey, string>> = { ja, en };

export function fill(template: string, params: Params = {}): string {
  // A title that starts with its own 「…」 (「電子証明書取得に関する情報」（簡易書留）の受領) is not quoted again.
  const quoted = template.replace(/「\{(\w+)\}」/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = String(params[name]);
    return value.startsWith('「') ? value : `「${value}」`;
  });
  return quoted.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  return (key, params) => fill(catalog[key], params);
}

/** `--lang` wins, then SEIKYU_LANG; Japanese by default. Unknown values fall back to Japanese. */
export function pickLang(flag: string | undefined, env: string | undefined): Lang | null {
  const value = flag ?? env;
  if (value === undefined || value === '') return 'ja';
  const normalized = value.toLowerCase().slice(0, 2);
  return normalized === 'ja' || normalized === 'en' ? normalized : null;
}
