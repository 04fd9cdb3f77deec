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

/** Written in by the bundler: a digest of the sources, the procedure data and the locked dependencies. */
declare const __SEIKYU_BUILD__: string | undefined;

/**
 * This build of the program: what a saved answer is tied to, so that neither an upgrade nor a rebuild with the
 * same version number prints an answer the new program would not give. From the sources: the version alone
 * (tests start from fresh data folders).
 */
export const PROGRAM_BUILD: string = `${PROGRAM_VERSION}+${typeof __SEIKYU_BUILD__ === 'string' ? __SEIKYU_BUILD__ : 'source'}`;
