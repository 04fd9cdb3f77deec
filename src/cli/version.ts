import { readFileSync } from 'node:fs';

/** Written in by the bundler (scripts/build.mjs) from package.json; absent when the sources run directly. */
declare const __SEIKYU_VERSION__: string | undefined;

/** The program's version, from package.json (one source). */
export const PROGRAM_VERSION: string = typeof __SEIKYU_VERSION__ === 'string' ? __SEIKYU_VERSION__ : versionFromPackage();

function versionFromPackage(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
