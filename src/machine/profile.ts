import { z } from 'zod';
import { ConnectionType, Role } from './procedure-schema.js';

/**
 * The facility profile. Some steps depend on it (a PPPoE step only for `ipv4-ipvpn`, per-terminal steps
 * for every PC). It is changed only through events, so the history shows every change.
 */

/** Terminal names appear in commands (`--terminal NAME:claims,oqs`), so the separators are not allowed. */
export const TerminalName = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[^.#@:,=\s\p{Cc}][^.#@:,=\p{Cc}]*$/u, 'no . # @ : , = or control characters, not starting with a space');

export const Terminal = z.strictObject({
  name: TerminalName,
  roles: z.array(Role).min(1),
});
export type Terminal = z.infer<typeof Terminal>;

export const Area = z.enum(['east', 'west']);
export type Area = z.infer<typeof Area>;

export const Profile = z.strictObject({
  name: z.string().trim().min(1),
  code: z.string().regex(/^\d{10}$/),
  /** `ntt` (フレッツ or a 光コラボ on it), `ctc`, `qtnet`, or the IPsec+IKE provider's name. */
  carrier: z.string().trim().min(1),
  /** NTT East or West: decides the IPv6 DNS pair. Null when the line is not NTT's. */
  area: Area.nullable(),
  connection: ConnectionType,
  terminals: z.array(Terminal).min(1),
});
export type Profile = z.infer<typeof Profile>;

/** Why a profile is refused: a message key of the catalog and its parameters. */
export interface ProfileProblem {
  key:
    | 'profile.codeFormat'
    | 'profile.codePrefecture'
    | 'profile.codeTable'
    | 'profile.codeCheckDigit'
    | 'profile.areaRequired'
    | 'profile.ntt-ipv4-oqs'
    | 'profile.ipv4Carrier'
    | 'profile.duplicateTerminal'
    | 'profile.noTerminal'
    | 'profile.providerNeedsIpsec'
    | 'profile.homeNursing';
  params: Record<string, string>;
}

/** The four prefectures whose 検証番号 covers only 郡市区 + 医療機関番号 (see PROCEDURE.md section 1). */
const SHORT_BODY_PREFECTURES = new Set(['11', '12', '13', '14']);

/** The 検証番号 (Luhn, mod 10) of a 医療機関コード's body. */
export function medicalCodeCheckDigit(code: string): number {
  const prefecture = code.slice(0, 2);
  const body = SHORT_BODY_PREFECTURES.has(prefecture) ? code.slice(3, 9) : code.slice(0, 9);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    const product = i % 2 === 0 ? digit * 2 : digit;
    sum += Math.floor(product / 10) + (product % 10);
  }
  return (10 - (sum % 10)) % 10;
}

/** Checks a 医療機関コード: 10 digits, prefecture 01–47, 点数表 1/3/4/6, and the check digit. */
export function checkMedicalCode(code: string): ProfileProblem | null {
  if (!/^\d{10}$/.test(code)) return { key: 'profile.codeFormat', params: { code } };
  const prefecture = Number(code.slice(0, 2));
  if (prefecture < 1 || prefecture > 47) return { key: 'profile.codePrefecture', params: { code, prefecture: code.slice(0, 2) } };
  if (!['1', '3', '4', '6'].includes(code[2]!)) return { key: 'profile.codeTable', params: { code, table: code[2]! } };
  const expected = medicalCodeCheckDigit(code);
  if (Number(code[9]) !== expected) return { key: 'profile.codeCheckDigit', params: { code, expected: String(expected) } };
  return null;
}

/** Rules that span fields: what the carrier and connection type can serve. */
export function checkProfile(profile: Profile): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const codeProblem = checkMedicalCode(profile.code);
  if (codeProblem) problems.push(codeProblem);
  if (profile.terminals.length === 0) problems.push({ key: 'profile.noTerminal', params: {} });
  const seen = new Set<string>();
  for (const terminal of profile.terminals) {
    if (seen.has(terminal.name)) problems.push({ key: 'profile.duplicateTerminal', params: { terminal: terminal.name } });
    seen.add(terminal.name);
  }
  if (profile.carrier === 'ntt' && profile.area === null) problems.push({ key: 'profile.areaRequired', params: {} });
  const hasOqs = profile.terminals.some((t) => t.roles.includes('oqs'));
  if (profile.carrier === 'ntt' && profile.connection === 'ipv4-ipvpn' && hasOqs) {
    problems.push({ key: 'profile.ntt-ipv4-oqs', params: {} });
  }
  if ((profile.carrier === 'ctc' || profile.carrier === 'qtnet') && profile.connection !== 'ipv4-ipvpn') {
    problems.push({ key: 'profile.ipv4Carrier', params: { carrier: profile.carrier } });
  }
  if (!KNOWN_CARRIERS.includes(profile.carrier) && profile.connection !== 'ipsec-ike') {
    problems.push({ key: 'profile.providerNeedsIpsec', params: { carrier: profile.carrier } });
  }
  // 訪問看護 uses the internet-based 居宅同意取得型, not the closed network this procedure sets up.
  if (/^\d{10}$/.test(profile.code) && profile.code[2] === '6') problems.push({ key: 'profile.homeNursing', params: {} });
  return problems;
}

/** Carriers with a fixed meaning; any other name is an IPsec+IKE provider's. */
export const KNOWN_CARRIERS: readonly string[] = ['ntt', 'ctc', 'qtnet'];

/** `NTT`, ` Ntt ` → `ntt`; a provider's name is kept as written. */
export function normalizeCarrier(value: string): string {
  const trimmed = value.trim();
  const lower = trimmed.toLowerCase();
  return KNOWN_CARRIERS.includes(lower) ? lower : trimmed;
}

/** Does the facility have at least one terminal with this role? */
export function hasRole(profile: Profile, role: 'claims' | 'oqs'): boolean {
  return profile.terminals.some((t) => t.roles.includes(role));
}
