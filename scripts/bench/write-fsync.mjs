#!/usr/bin/env node
// The baseline of an append as a whole process: `node write-fsync.mjs SOURCE TARGET` writes SOURCE's bytes to a
// new file beside TARGET, flushes it (fsync) and renames it over TARGET — what a durable save costs at least.
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

const [source, target] = process.argv.slice(2);
const bytes = await readFile(source);
const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
const handle = await open(temp, 'wx', 0o600);
await handle.writeFile(bytes);
await handle.sync();
await handle.close();
await rename(temp, target);
