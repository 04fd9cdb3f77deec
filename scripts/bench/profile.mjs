// What a row's time is made of: a V8 CPU profile (`node --cpu-prof`) summed up by self time per package (a
// dependency under node_modules), per source file of the program (through the bundle's source map, so a
// minified chunk still names src/…), per Node internal area (module loading, streams…), and V8's own buckets
// ((program): parsing and compiling; (garbage collector)).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const maps = new Map();

/** The source map of a bundled file, when it has one (`//# sourceMappingURL=` next to it). */
function sourceMapOf(file) {
  if (maps.has(file)) return maps.get(file);
  let map = null;
  try {
    const text = readFileSync(file, 'utf8');
    const m = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text.slice(-500));
    if (m && !m[1].startsWith('data:')) {
      const mapFile = path.resolve(path.dirname(file), m[1]);
      if (existsSync(mapFile)) map = { map: new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))), dir: path.dirname(mapFile) };
    }
  } catch {
    map = null;
  }
  maps.set(file, map);
  return map;
}

/** node_modules/<pkg>/… → the package (`detailed`: and the file in it); a file of the program → its path from the repository. */
function nameOfFile(file, root, detailed = false) {
  const i = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (i >= 0) {
    const parts = file.slice(i + 14).split(path.sep);
    if (detailed) return parts.join('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const rel = path.relative(root, file);
  return rel.startsWith('..') ? file : rel;
}

/** Where code at `file` (0-based `line`, `column`) comes from: [package or source file, 1-based line there]. */
function originOf(file, line, column, root, detailed = false) {
  const sm = sourceMapOf(file);
  if (sm && line >= 0) {
    const entry = sm.map.findEntry(line, column);
    if (entry && entry.originalSource) {
      const original = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(sm.dir, entry.originalSource);
      return [nameOfFile(original, root, detailed), entry.originalLine + 1];
    }
  }
  return [nameOfFile(file, root, detailed), line + 1];
}

const nameAt = (file, line, column, root) => originOf(file, line, column, root)[0];

/**
 * Where a profile node's self time goes, as [bucket, share] pairs: a package, a file of the program, a Node
 * internal area or a V8 bucket. A bundle's top level is one function holding every module's top-level code, so
 * a node's ticks per line (positionTicks) are mapped one by one.
 */
function bucketsOf(node, root) {
  const { url, functionName, lineNumber, columnNumber } = node.callFrame;
  if (!url) return [[functionName.startsWith('(') ? functionName : '(native)', 1]];
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return [[`node:${parts.slice(0, parts[0] === 'internal' ? 3 : 1).join('/')}`, 1]];
  }
  if (!url.startsWith('file:')) return [[url.slice(0, 60), 1]];
  const file = fileURLToPath(url);
  const ticks = node.positionTicks ?? [];
  const all = ticks.reduce((sum, p) => sum + p.ticks, 0);
  if (all === 0 || !sourceMapOf(file)) return [[nameAt(file, lineNumber, columnNumber, root), 1]];
  const shares = new Map();
  for (const p of ticks) {
    const name = nameAt(file, p.line - 1, 0, root);
    shares.set(name, (shares.get(name) ?? 0) + p.ticks / all);
  }
  return [...shares.entries()];
}

/** A function's name and where it is defined (file:line in the sources), or null for a module's top level. */
function functionLabel(node, root) {
  const { url, functionName, lineNumber, columnNumber } = node.callFrame;
  if (!url.startsWith('file:')) return `${functionName || '(anonymous)'}  ${bucketsOf(node, root)[0][0]}`;
  if (functionName === '' && lineNumber === 0 && columnNumber === 0) return null;
  const [where, line] = originOf(fileURLToPath(url), lineNumber, columnNumber, root, true);
  return `${functionName || '(anonymous)'}  ${where}:${line}`;
}

/**
 * Self time (ms) per bucket and per function of a .cpuprofile, optionally only within `windows` ([start, end]
 * in the profile's clock, microseconds). Returns the total sampled, the buckets and the functions, largest first.
 */
export function summarize(profileFile, root, windows = null) {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    // A sample stands for the time until the next one.
    const dt = (i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0) / 1000;
    if (windows && !windows.some(([a, b]) => t >= a && t <= b)) continue;
    const node = byId.get(profile.samples[i]);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    total += dt;
    self.set(node, (self.get(node) ?? 0) + dt);
  }
  const buckets = new Map();
  const functions = new Map();
  for (const [node, ms] of self) {
    const label = functionLabel(node, root);
    for (const [bucket, share] of bucketsOf(node, root)) {
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms * share);
      const fn = label ?? `(top level)  ${bucket}`;
      functions.set(fn, (functions.get(fn) ?? 0) + ms * share);
    }
  }
  const sorted = (m) => [...m.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { totalMs: total, wallMs: (profile.endTime - profile.startTime) / 1000, startUs: profile.startTime, buckets: sorted(buckets), functions: sorted(functions) };
}

/** The newest .cpuprofile in `dir`. */
export function profileIn(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no CPU profile was written in ${dir}`);
  return path.join(dir, files.sort().at(-1));
}

/** The summary as lines of Markdown: the top buckets, then the top functions. */
export function summaryLines(summary, { top = 10, functions = 5 } = {}) {
  const pct = (ms) => (summary.totalMs > 0 ? `${((ms / summary.totalMs) * 100).toFixed(0)}%` : '');
  const lines = [`  sampled ${summary.totalMs.toFixed(0)} ms of CPU (profile open ${summary.wallMs.toFixed(0)} ms); self time by where the code comes from:`];
  for (const b of summary.buckets.slice(0, top)) lines.push(`    ${b.ms.toFixed(1).padStart(8)} ms ${pct(b.ms).padStart(4)}  ${b.name}`);
  if (functions > 0) {
    lines.push('  top functions (self time):');
    for (const f of summary.functions.slice(0, functions)) lines.push(`    ${f.ms.toFixed(1).padStart(8)} ms ${pct(f.ms).padStart(4)}  ${f.name}`);
  }
  return lines;
}
