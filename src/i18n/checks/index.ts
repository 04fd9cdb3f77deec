import * as common from './common.js';
import * as files from './files.js';
import * as certificate from './certificate.js';
import * as network from './network.js';
import * as reader from './reader.js';
import * as ui from './ui.js';

/** The checks' messages, one file per family of checks, merged into the catalogs. */
export const checkJa = { ...common.ja, ...files.ja, ...certificate.ja, ...network.ja, ...reader.ja, ...ui.ja } as const;
export type CheckMessageKey = keyof typeof checkJa;
export const checkEn: Record<CheckMessageKey, string> = { ...common.en, ...files.en, ...certificate.en, ...network.en, ...reader.en, ...ui.en };
