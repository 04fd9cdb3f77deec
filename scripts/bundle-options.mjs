// The esbuild options that make the program's bundle, shared by the build (scripts/build.mjs) and the bench
// (scripts/bench/bundle.mjs), so that what the bench profiles is what ships, but for minification.
//
// - The procedure data (data/procedure.json) is validated with the program's own parser and written in, parsed:
//   a start-up reads no file and runs no schema for it. Japan's holidays likewise, as compact JSON.
// - The version, and a digest of the sources (what saved answers are tied to), are written in.
// - `NODE_ENV=production` drops React's development checks.
// - Ink and its helpers get the program's string width (src/ui/string-width.ts).
// - pcsclite (a native addon, optional) and @viz-js/viz (Graphviz as WebAssembly, 1.5 MB, loaded only by a
//   report with a diagram) stay packages of their own, loaded from node_modules when used.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The procedure, parsed and validated by the program's own parser (an error stops the build). */
export async function validatedProcedure(root) {
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

/** Japan's holidays from @holiday-jp/holiday_jp as `{ "YYYY-MM-DD": [name, English name] }` (src/effects/holidays.ts). */
function holidays(root) {
  const { holidays: all } = createRequire(path.join(root, 'package.json'))('@holiday-jp/holiday_jp');
  return Object.fromEntries(Object.entries(all).map(([date, h]) => [date, [h.name, h.name_en]]));
}

/** A digest of what the bundle is made of: the sources, the data and the locked dependencies (saved answers are tied to it). */
function buildDigest(root) {
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
 * (src/ui/string-width.ts: arithmetic for ASCII, Japanese and the screen's symbols, string-width 8 for the rest,
 * tested equal), and that module gets string-width 8 loaded only on first need (src/cli/string-width-lazy.ts).
 * Only importers that resolve string-width 8 are redirected (wrap-ansi has its own string-width 7).
 */
const stringWidthForInk = (root) => ({
  name: 'string-width-for-ink',
  setup(b) {
    const wrapper = path.join(root, 'src/ui/string-width.ts');
    const lazy = path.join(root, 'src/cli/string-width-lazy.ts');
    const real = path.join(root, 'node_modules/string-width/');
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      if (args.importer === wrapper) return { path: lazy };
      if (args.importer === lazy) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
      return resolved.path.startsWith(real) ? { path: wrapper } : resolved;
    });
  },
});

/**
 * The options of the program's bundle: ESM, code-split, for Node 20.19, everything bundled but the two packages
 * above, with the procedure, holidays, version and build digest written in.
 */
export async function programBundleOptions(root) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const procedure = await validatedProcedure(root);
  return {
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Japanese text as UTF-8, not \u escapes: the catalogs' chunk is a quarter smaller, less to read and parse.
    charset: 'utf8',
    jsx: 'automatic',
    // react-devtools-core: Ink imports it only when DEV=true asks for React's devtools; not installed.
    external: ['pcsclite', '@viz-js/viz', 'react-devtools-core'],
    define: {
      'process.env.NODE_ENV': '"production"',
      __SEIKYU_VERSION__: JSON.stringify(pkg.version),
      __SEIKYU_BUILD__: JSON.stringify(buildDigest(root)),
      __SEIKYU_HOLIDAYS__: JSON.stringify(JSON.stringify(holidays(root))),
      // A string holding JSON: `JSON.parse` of a string is faster to start than the same object as a literal.
      __SEIKYU_PROCEDURE__: JSON.stringify(JSON.stringify(procedure)),
    },
    // The CommonJS packages inside the bundle (node-forge, yauzl, signal-exit…) call `require` for Node's modules.
    banner: { js: "import { createRequire as __seikyuRequire } from 'node:module'; const require = __seikyuRequire(import.meta.url);" },
    plugins: [stringWidthForInk(root)],
  };
}
