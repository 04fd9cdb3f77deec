// The program's own functions for the in-process rows, bundled from src/ with esbuild at bench start (never
// dist/ internals: the build's layout is not an interface). Built with the build's own options
// (scripts/bundle-options.mjs) but not minified, and with a source map, so profiles name source files.
import { build } from 'esbuild';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { programBundleOptions } from '../bundle-options.mjs';

/**
 * Bundles into `work/dist/` an entry exporting `parseProcedure`, `replay` and `main` (the command line's entry,
 * for an append run in-process), imports it and returns its exports, the validated procedure, and `cli`: the
 * path of the program bundled the same way (to run under `--cpu-prof`).
 * `work/data` and `work/package.json` point at the real ones, so a module that still reads its data relative
 * to its own file (dist/… → ../../data) finds it from `work/dist/entries/` and `work/dist/chunks/`.
 */
export async function bundleProgram(root, work) {
  const src = (p) => JSON.stringify(path.join(root, 'src', p));
  mkdirSync(work, { recursive: true });
  // node_modules: what the bundle loads at run time (string-width on first need, pcsclite, viz) resolves from here.
  for (const name of ['data', 'package.json', 'node_modules']) symlinkSync(path.join(root, name), path.join(work, name));
  const options = await programBundleOptions(root);
  const procedure = JSON.parse(JSON.parse(options.define.__SEIKYU_PROCEDURE__));
  const entry = path.join(work, 'bench-entry.ts');
  writeFileSync(
    entry,
    [`export { parseProcedure } from ${src('machine/procedure.ts')};`, `export { replay } from ${src('machine/replay.ts')};`, `export { main } from ${src('cli/main.ts')};`, ''].join('\n'),
  );
  const dist = path.join(work, 'dist');
  await build({
    ...options,
    // `cli`: the program itself, for profiles (the shipped bundle is minified: a whole chunk on one line, which a
    // profile cannot split by source). Not for timing: the whole-command rows run bin/seikyu.js.
    entryPoints: { bench: entry, cli: path.join(root, 'src/cli/run.ts') },
    outdir: dist,
    entryNames: 'entries/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'error',
    // Resolved from the repository, as the program resolves them: the bundle lives in a temporary folder.
    nodePaths: [path.join(root, 'node_modules')],
  });
  const file = path.join(dist, 'entries/bench.js');
  const mod = await import(pathToFileURL(file).href);
  return { ...mod, procedure, file, cli: path.join(dist, 'entries/cli.js') };
}
