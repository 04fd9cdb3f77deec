// A namespace import lets the bundler keep only what is used (the `z` object carries every locale: 450 KB against 85 KB).
import * as z from 'zod';
import { ConnectionType, Role } from './procedure-schema.js';
import { isProxyServer, parseProxyBypass } from './network.js';

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
  /**
   * The オン資 proxy `HOST:PORT` set with `profile set --proxy`. Absent: the default of `network.ts` (profiles
   * saved before the setting existed load unchanged, and mean the default).
   */
  proxy: z.string().optional(),
  /** The hosts reached without the proxy (`profile set --proxy-bypass`). Absent: the default list. */
  proxyBypass: z.array(z.string()).optional(),
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
    | 'profile.areaMismatchEast'
    | 'profile.areaMismatchWest'
    | 'profile.proxy'
    | 'profile.proxyBypass'
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

/** The prefectures in the order of their codes (01 北海道 … 47 沖縄), as the 医療機関コード numbers them. */
export const PREFECTURES: readonly { ja: string; en: string }[] = [
  { ja: '北海道', en: 'Hokkaido' },
  { ja: '青森県', en: 'Aomori' },
  { ja: '岩手県', en: 'Iwate' },
  { ja: '宮城県', en: 'Miyagi' },
  { ja: '秋田県', en: 'Akita' },
  { ja: '山形県', en: 'Yamagata' },
  { ja: '福島県', en: 'Fukushima' },
  { ja: '茨城県', en: 'Ibaraki' },
  { ja: '栃木県', en: 'Tochigi' },
  { ja: '群馬県', en: 'Gunma' },
  { ja: '埼玉県', en: 'Saitama' },
  { ja: '千葉県', en: 'Chiba' },
  { ja: '東京都', en: 'Tokyo' },
  { ja: '神奈川県', en: 'Kanagawa' },
  { ja: '新潟県', en: 'Niigata' },
  { ja: '富山県', en: 'Toyama' },
  { ja: '石川県', en: 'Ishikawa' },
  { ja: '福井県', en: 'Fukui' },
  { ja: '山梨県', en: 'Yamanashi' },
  { ja: '長野県', en: 'Nagano' },
  { ja: '岐阜県', en: 'Gifu' },
  { ja: '静岡県', en: 'Shizuoka' },
  { ja: '愛知県', en: 'Aichi' },
  { ja: '三重県', en: 'Mie' },
  { ja: '滋賀県', en: 'Shiga' },
  { ja: '京都府', en: 'Kyoto' },
  { ja: '大阪府', en: 'Osaka' },
  { ja: '兵庫県', en: 'Hyogo' },
  { ja: '奈良県', en: 'Nara' },
  { ja: '和歌山県', en: 'Wakayama' },
  { ja: '鳥取県', en: 'Tottori' },
  { ja: '島根県', en: 'Shimane' },
  { ja: '岡山県', en: 'Okayama' },
  { ja: '広島県', en: 'Hiroshima' },
  { ja: '山口県', en: 'Yamaguchi' },
  { ja: '徳島県', en: 'Tokushima' },
  { ja: '香川県', en: 'Kagawa' },
  { ja: '愛媛県', en: 'Ehime' },
  { ja: '高知県', en: 'Kochi' },
  { ja: '福岡県', en: 'Fukuoka' },
  { ja: '佐賀県', en: 'Saga' },
  { ja: '長崎県', en: 'Nagasaki' },
  { ja: '熊本県', en: 'Kumamoto' },
  { ja: '大分県', en: 'Oita' },
  { ja: '宮崎県', en: 'Miyazaki' },
  { ja: '鹿児島県', en: 'Kagoshima' },
  { ja: '沖縄県', en: 'Okinawa' },
];

/** NTT East serves 01–15 (北海道 to 新潟), 19 山梨 and 20 長野; NTT West every other prefecture. */
const NTT_EAST_PREFECTURES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 19, 20]);

/**
 * The NTT area of a 医療機関コード's prefecture (its first two digits), or null when they are not a prefecture
 * 01–47. The area decides the closed network's DNS pair, so it follows from the code rather than from memory.
 */
export function areaFromCode(code: string): Area | null {
  const match = /^\s*(\d{2})/.exec(code);
  if (!match) return null;
  const prefecture = Number(match[1]);
  if (prefecture < 1 || prefecture > 47) return null;
  return NTT_EAST_PREFECTURES.has(prefecture) ? 'east' : 'west';
}

/** An area given for an NTT line that is not the code's: the problem, naming the prefecture and its area. */
function areaMismatch(profile: Profile): ProfileProblem | null {
  if (profile.carrier !== 'ntt' || profile.area === null) return null;
  const expected = areaFromCode(profile.code);
  if (expected === null || expected === profile.area) return null;
  const prefecture = profile.code.trim().slice(0, 2);
  const name = PREFECTURES[Number(prefecture) - 1]!;
  return { key: expected === 'east' ? 'profile.areaMismatchEast' : 'profile.areaMismatchWest', params: { prefecture, prefectureJa: name.ja, prefectureEn: name.en } };
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
  const mismatch = areaMismatch(profile);
  if (mismatch) problems.push(mismatch);
  if (profile.proxy !== undefined && !isProxyServer(profile.proxy)) problems.push({ key: 'profile.proxy', params: { value: profile.proxy } });
  if (profile.proxyBypass !== undefined && parseProxyBypass(profile.proxyBypass.join(';'))?.join(';') !== profile.proxyBypass.join(';')) {
    problems.push({ key: 'profile.proxyBypass', params: { value: profile.proxyBypass.join(';') } });
  }
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
