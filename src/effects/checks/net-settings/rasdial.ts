/**
 * `rasdial` with no arguments lists the dial-up (PPPoE) connections that are up; it never dials or hangs up.
 * Its text is all there is, printed in the console code page (CP932 on Japanese Windows), CRLF:
 *   ja: 接続されていません。 / 次の接続が確立されています: ⏎ NAME ⏎ コマンドは正常に終了しました。
 *   en: No connections      / Connected to ⏎ NAME ⏎ Command completed successfully.
 * A failed dial shows `リモート アクセス エラー 651 - …` / `Remote Access error 691 - …`.
 */

export const RASDIAL = 'rasdial.exe';

export type RasdialStatus =
  | { kind: 'connected'; connections: string[] }
  | { kind: 'not-connected' }
  | { kind: 'error'; code: string }
  | { kind: 'unrecognized' };

const CONNECTED = /^(?:次の接続が確立されています|Connected to)/i;
const NONE = /^(?:接続されていません|No connections)/i;
const DONE = /^(?:コマンドは正常に終了しました|Command completed successfully)/i;
const ERROR = /(?:リモート\s*アクセス\s*エラー|Remote\s+Access\s+error)\s*(\d{3,4})/i;

export function parseRasdial(text: string): RasdialStatus {
  const error = ERROR.exec(text);
  if (error) return { kind: 'error', code: error[1]! };
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const header = lines.findIndex((l) => CONNECTED.test(l));
  if (header >= 0) {
    const connections: string[] = [];
    for (const line of lines.slice(header + 1)) {
      if (DONE.test(line)) break;
      connections.push(line);
    }
    if (connections.length > 0) return { kind: 'connected', connections };
  }
  if (lines.some((l) => NONE.test(l))) return { kind: 'not-connected' };
  return { kind: 'unrecognized' };
}
