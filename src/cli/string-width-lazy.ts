import { createRequire } from 'node:module';
import type realStringWidth from 'string-width';

type StringWidth = typeof realStringWidth;

/**
 * string-width, loaded on first use: in the bundle, src/ui/string-width.ts gets this in its place
 * (scripts/bundle-options.mjs). The package builds an Intl.Segmenter as it loads, which cost a start-up tens of
 * milliseconds even when every string was measured by the arithmetic; most runs now never load it. `require` of
 * an ES module works from Node 20.19 on (the program's minimum), resolved from the bundle's folder.
 */
let real: StringWidth | null = null;

export default function stringWidth(...args: Parameters<StringWidth>): number {
  real ??= (createRequire(import.meta.url)('string-width') as { default: StringWidth }).default;
  return real(...args);
}
