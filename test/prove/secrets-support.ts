import { readdirSync } from 'node:fs';
import path from 'node:path';

/** What the secrets suites (secrets.test.ts, secrets-tui.test.ts) scan with. */

/** Every way a secret could be written out: as typed, base64 (both alphabets, without padding), hex (both cases). */
export function forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [value, bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
}

/** Every file under a folder (the folders too), without following links. */
export function walk(root: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [root];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      const inner = walk(full);
      files.push(...inner.files);
      dirs.push(...inner.dirs);
    } else if (entry.isFile()) files.push(full);
  }
  return { files, dirs };
}

/** Names which of `secrets` (and in which form) a text holds, or [] when it holds none. */
export function leaksOf(secrets: readonly string[], text: string): string[] {
  const found: string[] = [];
  for (const secret of secrets) for (const form of forms(secret)) if (text.includes(form)) found.push(`${secret} as ${form}`);
  return found;
}
