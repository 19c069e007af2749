/**
 * The control thread: holds the control socket and answers every request within the deadline. It
 * asks the daemon's thread for the status (which says what the compute threads are doing); when that
 * thread does not answer in time (blocked on a hung mount), it answers from the last status it heard.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { AlreadyRunningError, controlAddress, serveControl, type ControlMessage } from './control.js';
import { keepSocketFile } from './socket-file.js';

function daemonThread(): MessagePort {
  if (!parentPort) throw new Error('control-worker.js runs as a worker thread');
  return parentPort;
}

const port = daemonThread();
const { cacheDir, deadlineMs, reloadDeadlineMs } = workerData as {
  cacheDir: string;
  deadlineMs: number;
  reloadDeadlineMs: number;
};

let last: Record<string, unknown> = { pid: process.pid };
const waiting = new Map<number, (status: unknown) => void>();
let nextId = 0;

/** Asks the daemon's thread for its status (after `reload`, once its entries are rewritten). */
function askDaemonThread(reload = false): Promise<unknown> {
  return new Promise((resolve) => {
    const id = ++nextId;
    const timer = setTimeout(
      () => {
        waiting.delete(id);
        resolve({ ...last, stale: true });
      },
      reload ? reloadDeadlineMs : deadlineMs,
    );
    waiting.set(id, (status) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(status);
    });
    port.postMessage(
      (reload ? { type: 'command', cmd: 'reload', id } : { type: 'status', id }) satisfies ControlMessage,
    );
  });
}

port.on('message', (message: ControlMessage) => {
  if (message.type === 'status') {
    last = (message.status ?? last) as Record<string, unknown>;
    waiting.get(message.id)?.(message.status);
  }
});

try {
  const server = await serveControl(cacheDir, (request) => {
    if (request.cmd === 'stop') {
      port.postMessage({ type: 'command', cmd: 'stop' } satisfies ControlMessage);
      return { stopping: true, pid: process.pid };
    }
    return askDaemonThread(request.cmd === 'reload');
  });
  const address = controlAddress(cacheDir);
  if (!address.startsWith('\0')) keepSocketFile(server, address);
  port.postMessage({ type: 'ready' } satisfies ControlMessage);
} catch (error) {
  port.postMessage({
    type: 'failed',
    alreadyRunning: error instanceof AlreadyRunningError,
    message: (error as Error).message,
  } satisfies ControlMessage);
}
