#!/usr/bin/env node
// Launcher: the compiled program lives in dist/ (built by `npm install` / `npm run build`). The
// build also bundles the entry and the `status` path into dist/bundle/ (scripts/bundle.mjs), which
// starts in about half the time. A bundle older than tsc's output is never run: tsc rewrites every
// file it emits, so after a tsc-only rebuild (the tests' ensureBuilt) dist/bin/run.js runs, as it
// did before bundles, until `npm run build` bundles again. (`tsc --watch` rewrites only the files
// that changed: run `npm run build` after it.)
import { statSync } from 'node:fs';

const modified = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundled = modified('../dist/bundle/run.js');
const current = bundled >= 0 && bundled >= modified('../dist/bin/run.js');
const { main } = await import(current ? '../dist/bundle/run.js' : '../dist/bin/run.js');
await main(process.argv.slice(2), import.meta.url);
