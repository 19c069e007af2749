/**
 * The control socket where there is no abstract socket namespace (macOS): a socket file in the cache
 * folder. Guarantees one daemon per folder even across crashes: `daemon.sock` is a symlink to the
 * socket the daemon bound under its own name (`daemon-<pid>.sock`), because closing a socket file
 * (and exiting, which closes it) unlinks whatever stands at its path then, and a daemon must never
 * remove another daemon's socket. `daemon.sock` is taken over only when nothing listens behind it
 * (connection refused, or its socket file is gone), one starter at a time.
 */
import { lstatSync, mkdirSync, readlinkSync, rmdirSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { connect, type Server } from 'node:net';
import { basename, dirname, join } from 'node:path';

export class AlreadyRunningError extends Error {
  override readonly name = 'AlreadyRunningError';
}

/** A takeover lock older than this was left by a starter that died in the middle of one. */
const TAKEOVER_LOCK_STALE_MS = 10_000;
const TAKEOVER_WAIT_MS = 5_000;
/** How often the control thread checks that `daemon.sock` still leads to its own socket. */
export const SOCKET_CHECK_MS = 2_000;

const OWN_SOCKET = /^daemon-\d+\.sock$/;

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function code(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** The socket file this process binds, next to `address`. */
export function ownSocketFile(address: string, pid = process.pid): string {
  return join(dirname(address), `daemon-${pid}.sock`);
}

type Probe = 'answers' | 'refused' | 'gone' | 'unsure';

/**
 * Whether something listens at `path`. Only `refused` and `gone` prove that nothing does; a socket
 * that accepts but stays silent, or any other error, counts as a daemon that is alive but busy.
 */
export function probeSocket(path: string, timeoutMs = 1000): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (result: Probe): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done('unsure'));
    socket.on('connect', () => done('answers'));
    socket.on('error', (error) => {
      const errno = code(error);
      done(errno === 'ECONNREFUSED' ? 'refused' : errno === 'ENOENT' ? 'gone' : 'unsure');
    });
  });
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ path, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Binds this process's own socket file; one left by a dead process that had our pid is removed first. */
async function listenOwn(server: Server, own: string): Promise<void> {
  try {
    await listen(server, own);
  } catch (error) {
    if (code(error) !== 'EADDRINUSE') throw error;
    unlinkSync(own);
    await listen(server, own);
  }
}

/** Runs `action` while holding `<address>.lock` (a folder: mkdir is atomic), so takeovers never interleave. */
async function withTakeoverLock<T>(address: string, action: () => Promise<T>): Promise<T> {
  const lock = `${address}.lock`;
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock, { mode: 0o700 });
      break;
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > TAKEOVER_LOCK_STALE_MS) rmdirSync(lock, { maxRetries: 0 });
      else if (Date.now() > deadline)
        throw new Error(`another kctx-guard daemon has been starting for ${TAKEOVER_WAIT_MS / 1000} s (${lock})`);
      else await sleep(20);
    }
  }
  try {
    return await action();
  } finally {
    rmdirSync(lock, { maxRetries: 0 });
  }
}

/** Removes a dead daemon's `daemon.sock` and the socket file it leads to (or an older version's plain socket file). */
function removeStale(address: string): void {
  try {
    if (lstatSync(address).isSymbolicLink()) {
      const target = readlinkSync(address);
      if (OWN_SOCKET.test(target)) unlinkSync(join(dirname(address), target));
    }
  } catch {
    // Already gone.
  }
  try {
    unlinkSync(address);
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
  }
}

/**
 * Points `address` at `own` unless a live daemon holds it.
 * @throws AlreadyRunningError when a daemon answers (or may be alive) behind `address`.
 */
async function publish(address: string, own: string): Promise<void> {
  const link = (): boolean => {
    try {
      symlinkSync(basename(own), address);
      return true;
    } catch (error) {
      if (code(error) === 'EEXIST') return false;
      throw error;
    }
  };
  const running = (): AlreadyRunningError =>
    new AlreadyRunningError('a kctx-guard daemon is already running for this cache folder');
  if (link()) return;
  const first = await probeSocket(address);
  if (first === 'answers' || first === 'unsure') throw running();
  await withTakeoverLock(address, async () => {
    if (link()) return;
    const now = await probeSocket(address);
    if (now === 'answers' || now === 'unsure') throw running();
    removeStale(address);
    // Taken by a starter that found the name free meanwhile: it won.
    if (!link()) throw running();
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Listens on this process's own socket file and makes `address` lead to it.
 * @throws AlreadyRunningError when another live daemon holds `address`.
 */
export async function listenOnSocketFile(server: Server, address: string): Promise<Server> {
  const own = ownSocketFile(address);
  await listenOwn(server, own);
  try {
    await publish(address, own);
  } catch (error) {
    await close(server);
    throw error;
  }
  return server;
}

/** Whether `address` still leads to this process's socket file. */
function stillOurs(address: string, own: string): boolean {
  try {
    return readlinkSync(address) === basename(own) && lstatSync(own).isSocket();
  } catch {
    return false;
  }
}

/**
 * Keeps `address` leading to this daemon: a cleaner of the cache folder may remove the socket file or
 * the link, and without them nobody could reach this daemon and a second one would start. Binds and
 * links again when they are gone; throws (ending the control thread, which ends the daemon) when
 * another daemon has taken the name meanwhile.
 */
export function keepSocketFile(server: Server, address: string): void {
  const own = ownSocketFile(address);
  let busy = false;
  const check = async (): Promise<void> => {
    if (busy || stillOurs(address, own)) return;
    // The folder itself is gone: the daemon's thread re-creates it, look again then.
    if (!statSync(dirname(address), { throwIfNoEntry: false })?.isDirectory()) return;
    busy = true;
    try {
      if (!lstatSync(own, { throwIfNoEntry: false })?.isSocket()) {
        await close(server);
        await listenOwn(server, own);
      }
      await publish(address, own);
    } finally {
      busy = false;
    }
  };
  setInterval(() => {
    check().catch((error: Error) => {
      // Thrown outside the promise chain, so that the control thread dies and the daemon hears of it.
      setImmediate(() => {
        throw new Error(`the control socket ${address} was taken over: ${error.message}`);
      });
    });
  }, SOCKET_CHECK_MS).unref();
}

/** On a clean stop: removes `address` if it leads to this daemon (its own socket file goes when the socket closes). */
export function releaseSocketFile(address: string): void {
  if (stillOurs(address, ownSocketFile(address))) rmSync(address, { force: true });
}
