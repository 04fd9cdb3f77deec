#!/usr/bin/env node
import module from 'node:module';

// Node 22.1 and later can keep V8's compiled code of the bundle between runs (in the system's temp folder), so
// a start-up compiles less; Node 20 has no such cache and goes on as before.
module.enableCompileCache?.();
await import('../dist/seikyu.js');
