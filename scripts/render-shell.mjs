// Build step (npm run build, after tsc): renders the shell hooks and scripts from shell/templates
// into dist/shell, where bin/kctx-guard serves `init <shell>` from without starting node.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRenderedShell } from '../dist/shell-tables/index.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'shell');
writeRenderedShell(out);
