/**
 * A compute thread: reads, parses and resolves one entry at a time for the daemon's thread, which
 * stays free to serve every other entry. It keeps the parses it made (a file shared by several
 * entries is parsed once per change) until the daemon's thread says a watcher event named the file,
 * and says which file it is reading, so a read that never returns (a hung mount) can be named.
 */
import { execFileSync } from 'node:child_process';
import { parentPort } from 'node:worker_threads';
import type { LoadedFile } from '../kubeconfig/index.js';
import { computeEntry, ParseCache, sourcePaths } from '../pipeline/index.js';
import { loadKubeconfigFile } from '../pipeline/load.js';
import type { ComputeReply, ComputeJob } from './compute-pool.js';

if (!parentPort) throw new Error('compute-worker.js runs as a worker thread');
const port = parentPort;
const cache = new ParseCache();

/**
 * Tests only (both variables must be set, NODE_ENV=test among them): `<ms>:<path>` blocks for that
 * long in a system call before reading the file or any file under the folder, as a read on a hung
 * mount does, so that not even terminate() ends it.
 */
function testReadDelay(): ((path: string) => void) | undefined {
  const spec = process.env['KCTX_GUARD_TEST_READ_DELAY'];
  if (process.env['NODE_ENV'] !== 'test' || !spec) return undefined;
  const colon = spec.indexOf(':');
  const seconds = Number(spec.slice(0, colon)) / 1000;
  const file = spec.slice(colon + 1);
  return (path) => {
    if (path === file || path.startsWith(`${file}/`)) execFileSync('sleep', [String(seconds)]);
  };
}
const delay = testReadDelay();

function read(path: string): LoadedFile {
  delay?.(path);
  return loadKubeconfigFile(path);
}

function run(job: ComputeJob): ComputeReply {
  const { id, request } = job;
  port.postMessage({ type: 'started', id, paths: sourcePaths(request) } satisfies ComputeReply);
  const computed = computeEntry(request, undefined, (path) => {
    port.postMessage({ type: 'reading', id, path } satisfies ComputeReply);
    const loaded = cache.load(path, read);
    port.postMessage({ type: 'read', id, path } satisfies ComputeReply);
    return loaded;
  });
  return { type: 'done', id, computed, heldBytes: cache.bytes };
}

port.on('message', (message: { type: 'job'; job: ComputeJob } | { type: 'forget'; path: string }) => {
  if (message.type === 'forget') return void cache.forget(message.path);
  try {
    port.postMessage(run(message.job));
  } catch (error) {
    port.postMessage({
      type: 'failed',
      id: message.job.id,
      message: (error as Error).stack ?? String(error),
    } satisfies ComputeReply);
  }
});
