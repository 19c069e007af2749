// Build step (npm run build, after tsc): renders the shell hooks and scripts from shell/templates
// into dist/shell, where bin/kctx-guard serves `init <shell>` from without starting node, and the
// level modules of shell/starship.toml (a tracked file: a new level shows up in `git status`).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRenderedShell, writeStarshipModules } from '../dist/shell-tables/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
writeRenderedShell(join(root, 'dist', 'shell'));
if (writeStarshipModules(join(root, 'shell', 'starship.toml')))
  console.log('shell/starship.toml: level modules rendered');
