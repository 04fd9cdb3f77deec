// The program's own functions for the in-process rows, bundled from src/ with esbuild at bench start (never
// dist/ internals: the build's layout is not an interface). Built as scripts/build.mjs builds the program —
// ESM, code-split, NODE_ENV=production, the procedure validated by the program's parser and carried in the
// bundle, the version written in — but not minified, and with a source map, so profiles name source files.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20.19', logLevel: 'error', jsx: 'automatic' };

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
  for (const name of ['data', 'package.json']) symlinkSync(path.join(root, name), path.join(work, name));
  const procedureOut = path.join(work, 'procedure.mjs');
  await build({ ...common, entryPoints: [path.join(root, 'src/machine/procedure.ts')], outfile: procedureOut });
  const { parseProcedure } = await import(pathToFileURL(procedureOut).href);
  const procedure = parseProcedure(JSON.parse(readFileSync(path.join(root, 'data/procedure.json'), 'utf8')));

  const entry = path.join(work, 'bench-entry.ts');
  writeFileSync(
    entry,
    [`export { parseProcedure } from ${src('machine/procedure.ts')};`, `export { replay } from ${src('machine/replay.ts')};`, `export { main } from ${src('cli/main.ts')};`, ''].join('\n'),
  );
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const dist = path.join(work, 'dist');
  await build({
    ...common,
    // `cli`: the program itself, for profiles (the shipped bundle is minified: a whole chunk on one line, which a
    // profile cannot split by source). Not for timing: the whole-command rows run bin/seikyu.js.
    entryPoints: { bench: entry, cli: path.join(root, 'src/cli/run.ts') },
    outdir: dist,
    entryNames: 'entries/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    sourcemap: 'linked',
    // Resolved from the repository, as the program resolves them: the bundle lives in a temporary folder.
    nodePaths: [path.join(root, 'node_modules')],
    // react-devtools-core: imported by Ink only when DEV=true, and not installed.
    external: ['pcsclite', '@viz-js/viz', 'react-devtools-core'],
    define: {
      'process.env.NODE_ENV': '"production"',
      __SEIKYU_VERSION__: JSON.stringify(pkg.version),
      __SEIKYU_PROCEDURE__: JSON.stringify(JSON.stringify(procedure)),
    },
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  const file = path.join(dist, 'entries/bench.js');
  const mod = await import(pathToFileURL(file).href);
  return { ...mod, procedure, file, cli: path.join(dist, 'entries/cli.js') };
}
