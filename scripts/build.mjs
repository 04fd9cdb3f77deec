#!/usr/bin/env node
// `npm run build`: the program as one esbuild bundle in dist/, code-split so that each command loads only what
// it uses (the interactive screen, the checks, the reports are chunks of their own). What goes into it, and what
// is written in at build time, is scripts/bundle-options.mjs; here it is minified (it parses faster) and swapped
// into place. Type checking is `npm run typecheck` (tsc); this only transforms.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { programBundleOptions } from './bundle-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--outdir');
const dist = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(root, 'dist');
const options = await programBundleOptions(root);

// Built beside dist/ and swapped in with two renames: a program started meanwhile (a test, a bench) finds either
// the old bundle or the new one whole, never a half-written or emptied folder.
const fresh = `${dist}.${process.pid}.new`;
rmSync(fresh, { recursive: true, force: true });
await build({
  entryPoints: {
    seikyu: path.join(root, 'src/cli/run.ts'),
    // Entry points of their own for the tests' child processes, which drive the store and the command line of
    // this very bundle (test/fixtures/*.mjs, test/prove/harness.ts): the code under test is the code shipped.
    'effects/store': path.join(root, 'src/effects/store.ts'),
    'effects/store-document': path.join(root, 'src/effects/store-document.ts'),
    'cli/main': path.join(root, 'src/cli/main.ts'),
  },
  ...options,
  outdir: fresh,
  minify: true,
  sourcemap: 'linked',
  // Stack traces (SEIKYU_DEBUG) name the source files, not the minified chunk.
  sourcesContent: false,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
}).then((result) => {
  const old = `${dist}.${process.pid}.old`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(fresh, dist);
  rmSync(old, { recursive: true, force: true });
  const meta = process.argv.indexOf('--meta');
  // The bundle's make-up (which module went into which chunk), for `esbuild --analyze`-style questions.
  if (meta > 0) writeFileSync(path.resolve(process.argv[meta + 1]), JSON.stringify(result.metafile));
  if (process.argv.includes('--sizes')) {
    for (const [file, output] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${String(Math.round(output.bytes / 1024)).padStart(6)} KB  ${path.relative(root, file).replace(path.basename(fresh), "dist")}`);
    }
  }
});
