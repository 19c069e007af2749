// Writes oclif.manifest.json (run by `npm run build`, after tsc): with it, oclif loads only the
// command being run; without it, oclif imports every command file on every start to learn their
// flags, which pulls in the daemon, chokidar and the whole pipeline for `kctx-guard --help`.
// The same steps as `oclif manifest` from the `oclif` package, with @oclif/core alone.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'oclif.manifest.json');
// A stale manifest from an earlier build must not be what the plugin reads below.
rmSync(file, { force: true });
const plugin = new Plugin({ root, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
writeFileSync(file, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
console.log(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`);
