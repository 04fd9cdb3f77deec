import { ja, type MessageKey } from './ja.js';
import { en } from './en.js';
import type { Lang } from '../machine/procedure-schema.js';
import { visible } from './visible.js';

export type { MessageKey };
export type Params = Record<string, string | number>;
/** Looks a message up in the catalog of the chosen language and fills its `{placeholders}`. */
export type Translate = (key: MessageKey, params?: Params) => string;

export const catalogs: Record<Lang, Record<MessageKey, string>> = { ja, en };

/** `「{name}」`, `{name|one|other}` or `{name}`. */
const PLACEHOLDER = /「\{(\w+)\}」|\{(\w+)\|([^{}|]*)\|([^{}|]*)\}|\{(\w+)\}/g;

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The plural category of `n` in `lang` ("one" or "other" in English; always "other" in Japanese). */
function pluralOf(lang: Lang, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(n);
}

/**
 * Fills a message template:
 * - `{name}` is the parameter's value. Values are shown with `visible`: they may come from the saved
 *   document (a name, a note, a terminal), and a control character in them must never reach the terminal.
 *   A value is therefore one line; line breaks belong in templates.
 * - `{name|one|other}` picks a form by the plural category of the numeric parameter in `lang`
 *   (`Intl.PluralRules`): the first for "one", the second otherwise; `#` in the form is the number.
 *   `{days} {days|day|days} left` and `{days|# day|# days} left` both give "1 day left", "2 days left".
 * - `「{name}」`: a value that starts with its own 「…」 (「電子証明書取得に関する情報」（簡易書留）の受領) is
 *   not quoted again.
 */
export function fill(template: string, params: Params = {}, lang: Lang = 'ja'): string {
  const value = (name: string) => visible(String(params[name]));
  // One pass: a value is never scanned for placeholders itself (a note may well contain "{code}").
  return template.replace(PLACEHOLDER, (whole, quotedName?: string, pluralName?: string, one?: string, other?: string, name?: string) => {
    if (quotedName !== undefined) {
      if (!(quotedName in params)) return whole;
      const shown = value(quotedName);
      return shown.startsWith('「') ? shown : `「${shown}」`;
    }
    if (pluralName !== undefined) {
      if (!(pluralName in params)) return whole;
      const form = pluralOf(lang, Number(params[pluralName])) === 'one' ? one! : other!;
      return form.replace(/#/g, value(pluralName));
    }
    return name! in params ? value(name!) : whole;
  });
}

export function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  return (key, params) => fill(catalog[key], params, lang);
}

export { pickLang } from './lang.js';
