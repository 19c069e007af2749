/**
 * Parses a kubeconfig too deeply nested for the default stack (js-yaml recurses once per level and
 * overflows near 2,500; kubectl reads up to 10,000) on a worker thread with a stack sized for
 * go-yaml's limit, waiting for it synchronously, so parseKubeconfig keeps its synchronous contract.
 */
import { receiveMessageOnPort, MessageChannel, Worker } from 'node:worker_threads';
import { KubeconfigError, type KubeconfigErrorCode } from './errors.js';
import type { KubeconfigFile } from './types.js';

/** Far above what 10,000 levels of js-yaml and our checks need (about 10 MB), so an overflow means deeper. */
const STACK_MB = 256;
const TIMEOUT_MS = 60_000;

export type DeepReply =
  | { ok: true; config: KubeconfigFile }
  | { ok: false; code: KubeconfigErrorCode; message: string; overflow: boolean };

/** The worker: imports parse.ts (or the built parse.js) beside this file and calls parseKubeconfigDeep. */
const WORKER = `
const { workerData } = require('node:worker_threads');
const signal = (reply) => {
  workerData.port.postMessage(reply);
  Atomics.store(workerData.done, 0, 1);
  Atomics.notify(workerData.done, 0);
};
(async () => {
  if (workerData.hooks) require('node:module').register(workerData.hooks);
  const { parseKubeconfigDeep } = await import(workerData.module);
  signal(parseKubeconfigDeep(workerData.text, workerData.file));
})().catch((error) => signal({ ok: false, code: 'unparsable', message: String(error && error.message), overflow: false }));
`;

/**
 * Run from the TypeScript sources (the tests), the worker needs the dev-only hooks that let Node
 * load .ts files; the built program in dist/ is plain JavaScript.
 */
function workerModule(): { module: string; hooks: string | undefined } {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    module: new URL(fromSource ? './parse.ts' : './parse.js', import.meta.url).href,
    hooks: fromSource ? new URL('../../test/helpers/ts-worker-hooks.mjs', import.meta.url).href : undefined,
  };
}

/**
 * Parses `text` on a worker with a large stack.
 * @throws KubeconfigError `unparsable` when the document is deeper than even that stack allows
 * (so far past go-yaml's 10,000 levels that kubectl refuses it too), or as parseKubeconfig throws.
 */
export function parseOnLargeStack(text: string, file: string): KubeconfigFile {
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { ...workerModule(), text, file, port: port2, done },
    transferList: [port2],
    resourceLimits: { stackSizeMb: STACK_MB },
    stdout: false,
    stderr: false,
  });
  try {
    Atomics.wait(done, 0, 0, TIMEOUT_MS);
    const reply = receiveMessageOnPort(port1)?.message as DeepReply | undefined;
    if (!reply) throw new KubeconfigError('unparsable', 'not valid YAML: nesting too deep to read', file);
    if (reply.ok) return reply.config;
    const message = reply.overflow ? 'not valid YAML: exceeded max depth of 10000' : reply.message;
    throw new KubeconfigError(reply.code, message, file);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
