// Build step (npm run build, after tsc): bundles the entry (dist/bin/run.js) and the `status` path
// into dist/bundle/, which bin/kctx-guard.js loads instead of dist/bin/run.js. Node 20 spends most
// of a short command's time finding, reading and compiling ~55 separate ES modules (it has no
// compile cache for them); a few files halve that (bench/RESULTS.md §6). The input is tsc's
// output, so the bundle runs the code tsc emitted and the tests type-checked, only concatenated.
//
// Left outside, loaded from dist/ as before: the daemon, the guard and the prompt's `__refresh`
// (the entry imports them by the same relative paths, which resolve alike from dist/bundle/), and
// every package but js-yaml and kleur (oclif reads its own files; client-node only for --probe).
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
/** One level below dist/, as dist/bin/ is: a relative import left external resolves the same from both. */
const outdir = join(dist, 'bundle');
const BUNDLED_PACKAGES = new Set(['js-yaml', 'kleur']);
/**
 * Built one by one, each importing the other as a file. With code splitting instead, everything
 * status-compute needs lands in the chunk the fresh path loads: esbuild gives a module to every
 * chunk whose import graph reaches it, and barrel re-exports (kubeconfig/index.js) reach it all.
 */
const ENTRIES = {
  run: join(dist, 'bin', 'run.js'),
  'status-compute': join(dist, 'cli', 'status-compute.js'),
  // Loaded on demand from `run`'s graph too; as chunks of it they would share one with the fresh
  // path, and that shared chunk (the kubeconfig parser, js-yaml) would load with every `status`.
  probe: join(dist, 'cli', 'probe.js'),
  values: join(dist, 'completion', 'values.js'),
};
const UNBUNDLED = new Set(['../daemon/run.js', '../daemon/control.js', '../guard/run.js', '../cli/refresh.js']);

// An optimisation only: where esbuild cannot run (a platform without its binary), the build goes
// on without a bundle (an older one is removed), and bin/kctx-guard.js runs dist/bin/run.js.
// The tests of the bundle fail there.
let build;
try {
  const esbuild = await import('esbuild');
  await esbuild.transform(''); // the package loads without its binary; this needs it
  build = esbuild.build;
} catch (error) {
  console.warn(`dist/bundle: not built, esbuild is not available (${error.message}); commands start slower`);
  rmSync(outdir, { recursive: true, force: true });
  process.exit(0);
}

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Where each import goes (bundled, or left to a file of dist/ or node_modules) and what import.meta.url says. */
const placement = (entry, building) => ({
  name: 'kctx-guard-placement',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.kind === 'entry-point') return undefined;
      if (args.importer === ENTRIES.run && UNBUNDLED.has(args.path)) return { path: args.path, external: true };
      if (!args.path.startsWith('.') && !args.path.startsWith('/'))
        return BUNDLED_PACKAGES.has(packageName(args.path)) ? undefined : { path: args.path, external: true };
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (found.errors.length > 0) return { errors: found.errors };
      const other = Object.keys(ENTRIES).find((name) => name !== entry && ENTRIES[name] === found.path);
      if (other) return { path: `./${other}.js`, external: true };
      // Our modules do nothing when imported (no top-level calls): one whose exports the bundle
      // does not use is left out, which keeps the parser out of the fresh path.
      return { ...found, sideEffects: !found.path.startsWith(dist + sep) };
    });
    // A module that finds a file beside itself (deep-parse's worker, the control thread) must find
    // it where tsc put it, not beside the bundle: its import.meta.url stays its own file's URL.
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist + sep)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const own = relative(building, args.path).split(sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`) };
    });
  },
});

// Built beside the old bundle and swapped in, so a command starting meanwhile finds either the
// old bundle or none (and then runs dist/bin/run.js), never half of one.
const building = join(dist, `bundle.tmp-${process.pid}`);
rmSync(building, { recursive: true, force: true });
mkdirSync(building, { recursive: true });
const outputs = [];
let inputs = 0;
for (const [name, file] of Object.entries(ENTRIES)) {
  const result = await build({
    entryPoints: { [name]: file },
    outdir: building,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: `${name}-[name]-[hash]`,
    plugins: [placement(name, building)],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
    absWorkingDir: root,
  });
  inputs += Object.keys(result.metafile.inputs).length;
  for (const [out, { bytes }] of Object.entries(result.metafile.outputs))
    outputs.push(`${relative(building, resolve(root, out))} ${Math.round(bytes / 1024)} KiB`);
}
const old = join(dist, `bundle.old-${process.pid}`);
try {
  renameSync(outdir, old);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(building, outdir);
rmSync(old, { recursive: true, force: true });
console.log(`dist/bundle: ${outputs.join(', ')} (from ${inputs} files)`);
