#!/usr/bin/env node
// Launcher: the compiled program lives in dist/ (built by `npm install` / `npm run build`).
import { main } from '../dist/bin/run.js';

await main(process.argv.slice(2), import.meta.url);
