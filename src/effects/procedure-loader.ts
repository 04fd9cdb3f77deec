import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseProcedure } from '../machine/procedure.js';
import type { Procedure } from '../machine/procedure-schema.js';

/** data/procedure.json, next to `src/` and `dist/` alike. */
export const PROCEDURE_FILE = fileURLToPath(new URL('../../data/procedure.json', import.meta.url));

/** Reads and validates the procedure data. Throws ProcedureError (broken data) or a file system error. */
export function loadProcedure(file = PROCEDURE_FILE): Procedure {
  return parseProcedure(JSON.parse(readFileSync(file, 'utf8')));
}
