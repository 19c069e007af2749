/**
 * The control thread: holds the control socket and answers every request within the deadline. It
 * asks the daemon's thread for the status; when that thread is busy (a huge kubeconfig to parse), it
 * answers from the last status it heard, saying which entry is being computed and for how long.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { AlreadyRunningError, serveControl, type ControlMessage } from './control.js';

function daemonThread(): MessagePort {
  if (!parentPort) throw new Error('control-worker.js runs as a worker thread');
  return parentPort;
}

const port = daemonThread();
const { cacheDir, deadlineMs } = workerData as { cacheDir: string; deadlineMs: number };

let last: Record<string, unknown> = { pid: process.pid };
let busy: { entry: string; sinceMs: number } | undefined;
const waiting = new Map<number, (status: unknown) => void>();
let nextId = 0;

function withBusy(status: Record<string, unknown>): Record<string, unknown> {
  return busy ? { ...status, busy: { entry: busy.entry, forMs: Date.now() - busy.sinceMs } } : status;
}

function askDaemonThread(): Promise<unknown> {
  return new Promise((resolve) => {
    const id = ++nextId;
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(withBusy(last));
    }, deadlineMs);
    waiting.set(id, (status) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(status);
    });
    port.postMessage({ type: 'status', id } satisfies ControlMessage);
  });
}

port.on('message', (message: ControlMessage) => {
  if (message.type === 'status') {
    last = (message.status ?? last) as Record<string, unknown>;
    waiting.get(message.id)?.(message.status);
  } else if (message.type === 'busy') {
    busy = message.entry === undefined ? undefined : { entry: message.entry, sinceMs: message.sinceMs };
  }
});

try {
  await serveControl(cacheDir, (request) => {
    if (request.cmd === 'stop') {
      port.postMessage({ type: 'command', cmd: 'stop' } satisfies ControlMessage);
      return { stopping: true, pid: process.pid };
    }
    if (request.cmd === 'reload') port.postMessage({ type: 'command', cmd: 'reload' } satisfies ControlMessage);
    return askDaemonThread();
  });
  port.postMessage({ type: 'ready' } satisfies ControlMessage);
} catch (error) {
  port.postMessage({
    type: 'failed',
    alreadyRunning: error instanceof AlreadyRunningError,
    message: (error as Error).message,
  } satisfies ControlMessage);
}
