import { join } from 'node:path';
import type { FileSystem } from './types.js';

/**
 * Reading a folder the user named, the way Windows sees it: names match whatever their case (NTFS and FAT are
 * case-insensitive, and a copy from a CD may be upper case), and a walk stops after a bounded number of entries
 * so a folder such as C:\ cannot hang a check.
 */

export type FolderListing =
  | { kind: 'listed'; names: string[] }
  | { kind: 'missing' }
  | { kind: 'not-folder' }
  | { kind: 'unreadable'; message: string };

export async function listFolder(fs: FileSystem, path: string): Promise<FolderListing> {
  try {
    const info = await fs.stat(path);
    if (!info.isDirectory()) return { kind: 'not-folder' };
    return { kind: 'listed', names: await fs.readdir(path) };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', message: errorMessage(error) };
  }
}

/** The name in `names` that is `wanted`: the exact spelling first, else the same name in another case. */
export function matchName(names: readonly string[], wanted: string): string | null {
  if (names.includes(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  return names.find((name) => name.toLowerCase() === lower) ?? null;
}

/** Whether `path` is a file (false when it is a folder, missing or unreadable). */
export async function isFile(fs: FileSystem, path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function isDirectory(fs: FileSystem, path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export interface WalkedFile {
  /** Relative to the folder walked, with `/` separators. */
  path: string;
  size: number;
}

export interface Walk {
  files: WalkedFile[];
  /** The walk stopped at `limits.entries` (or `limits.depth`): the totals are a lower bound. */
  truncated: boolean;
}

/**
 * Every file under `root`, breadth first, up to `entries` names looked at and `depth` folders deep (a link
 * loop ends there too). Entries that cannot be read are skipped: a download being written is not a fault here.
 */
export async function walkFiles(fs: FileSystem, root: string, limits: { entries: number; depth: number }, signal?: AbortSignal): Promise<Walk> {
  const files: WalkedFile[] = [];
  let seen = 0;
  let truncated = false;
  let level: string[] = [''];
  for (let depth = 0; level.length > 0; depth += 1) {
    const next: string[] = [];
    for (const relative of level) {
      let names: string[];
      try {
        names = await fs.readdir(join(root, relative));
      } catch {
        continue;
      }
      for (const name of names) {
        if (signal?.aborted) return { files, truncated: true };
        if (seen >= limits.entries) return { files, truncated: true };
        seen += 1;
        const path = relative ? `${relative}/${name}` : name;
        try {
          const info = await fs.stat(join(root, path));
          if (info.isFile()) files.push({ path, size: info.size });
          else if (info.isDirectory()) {
            if (depth + 1 < limits.depth) next.push(path);
            else truncated = true;
          }
        } catch {
          // A broken link or a file removed meanwhile: nothing to count.
        }
      }
    }
    level = next;
  }
  return { files, truncated };
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200);
}
