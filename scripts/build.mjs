#!/usr/bin/env node
// `npm run build`: the program as one esbuild bundle in dist/, code-split so that each command loads only what
// it uses (the interactive screen, the checks, the reports are chunks of their own).
//
// - The procedure data (data/procedure.json) is validated here, with the same parser the program has, and
//   shipped inside the bundle already parsed: a start-up reads no file and runs no schema for it.
// - The version is written in from package.json, so `--version` reads no file either.
// - `NODE_ENV=production` drops React's development checks; minified code parses faster.
// - pcsclite (a native addon, optional) and @viz-js/viz (Graphviz as WebAssembly, 1.5 MB, loaded only by a
//   report with a diagram) stay packages of their own, loaded from node_modules when used.
// Type checking is `npm run typecheck` (tsc); this only transforms.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--outdir');
const dist = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The procedure, parsed and validated by the program's own parser (an error stops the build). */
async function validatedProcedure() {
  const work = mkdtempSync(path.join(tmpdir(), 'seikyu-build-'));
  try {
    const out = path.join(work, 'procedure.mjs');
    await build({
      entryPoints: [path.join(root, 'src/machine/procedure.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: out,
      logLevel: 'warning',
    });
    const { parseProcedure } = await import(pathToFileURL(out).href);
    const file = path.join(root, 'data/procedure.json');
    try {
      return parseProcedure(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      console.error(`build: ${path.relative(root, file)}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const procedure = await validatedProcedure();

/** Japan's holidays from @holiday-jp/holiday_jp as `{ "YYYY-MM-DD": [name, English name] }` (src/effects/holidays.ts). */
function holidays() {
  const { holidays: all } = createRequire(import.meta.url)('@holiday-jp/holiday_jp');
  return Object.fromEntries(Object.entries(all).map(([date, h]) => [date, [h.name, h.name_en]]));
}

/** A digest of what the bundle is made of: the sources, the data and the locked dependencies (saved answers are tied to it). */
function buildDigest() {
  const hash = createHash('sha256');
  const files = ['package-lock.json', 'data/procedure.json', ...readdirSync(path.join(root, 'src'), { recursive: true }).map((f) => path.join('src', String(f)))].sort();
  for (const file of files) {
    const full = path.join(root, file);
    if (!statSync(full).isFile()) continue;
    hash.update(file.split(path.sep).join('/')).update('\0').update(readFileSync(full)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Ink and the helpers it measures text with (cli-truncate, widest-line) get the program's string width
 * (src/ui/string-width.ts: arithmetic for ASCII and Japanese, string-width 8 for the rest, tested equal). Only
 * importers that resolve string-width 8 are redirected; the wrapper's own import goes to the real one.
 */
const stringWidthForInk = {
  name: 'string-width-for-ink',
  setup(b) {
    const wrapper = path.join(root, 'src/ui/string-width.ts');
    const real = path.join(root, 'node_modules/string-width/');
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.importer === wrapper || args.pluginData === 'real') return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
      return resolved.path.startsWith(real) ? { path: wrapper } : resolved;
    });
  },
};

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
  outdir: fresh,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  minify: true,
  // Japanese text as UTF-8, not \u escapes: the catalogs' chunk is a quarter smaller, less to read and parse.
  charset: 'utf8',
  sourcemap: 'linked',
  // Stack traces (SEIKYU_DEBUG) name the source files, not the minified chunk.
  sourcesContent: false,
  chunkNames: 'chunks/[name]-[hash]',
  // react-devtools-core: Ink imports it only when DEV=true asks for React's devtools; not installed.
  external: ['pcsclite', '@viz-js/viz', 'react-devtools-core'],
  jsx: 'automatic',
  define: {
    'process.env.NODE_ENV': '"production"',
    __SEIKYU_VERSION__: JSON.stringify(pkg.version),
    __SEIKYU_BUILD__: JSON.stringify(buildDigest()),
    __SEIKYU_HOLIDAYS__: JSON.stringify(JSON.stringify(holidays())),
    // A string holding JSON: `JSON.parse` of a string is faster to start than the same object as a literal.
    __SEIKYU_PROCEDURE__: JSON.stringify(JSON.stringify(procedure)),
  },
  // The CommonJS packages inside the bundle (node-forge, yauzl, signal-exit…) call `require` for Node's modules.
  banner: { js: "import { createRequire as __seikyuRequire } from 'node:module'; const require = __seikyuRequire(import.meta.url);" },
  legalComments: 'linked',
  plugins: [stringWidthForInk],
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
