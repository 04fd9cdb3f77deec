import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProcedure } from '../machine/procedure.js';
import type { Procedure } from '../machine/procedure-schema.js';

/**
 * The procedure data as the bundler (scripts/build.mjs) validated it with `parseProcedure`, as JSON text;
 * absent when the sources run directly (tests), which read and validate data/procedure.json.
 */
declare const __SEIKYU_PROCEDURE__: string | undefined;

const BUNDLED = typeof __SEIKYU_PROCEDURE__ === 'string';

/** data/procedure.json, next to `src/` and `dist/` alike (a module of the bundle may lie in dist/ or dist/chunks/). */
export const PROCEDURE_FILE = BUNDLED ? path.join(packageRoot(fileURLToPath(import.meta.url)), 'data', 'procedure.json') : fileURLToPath(new URL('../../data/procedure.json', import.meta.url));

/** The folder that holds `dist/`, from the path of a module inside it. */
function packageRoot(modulePath: string): string {
  let dir = path.dirname(modulePath);
  while (path.basename(dir) !== 'dist' && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.dirname(dir);
}

/**
 * The procedure data. The bundled program carries it validated at build time (no file read, no schema run at
 * start); otherwise the file is read and validated. Throws ProcedureError (broken data) or a file system error.
 */
export function loadProcedure(file = PROCEDURE_FILE): Procedure {
  if (BUNDLED && file === PROCEDURE_FILE) return JSON.parse(__SEIKYU_PROCEDURE__!) as Procedure;
  return parseProcedure(JSON.parse(readFileSync(file, 'utf8')));
}
