/**
 * Which operating system's code paths the daemon and the CLI take. Linux has an abstract socket
 * namespace and /proc; macOS has neither. So that the macOS paths are proven on Linux too, tests can
 * ask for them: `KCTX_GUARD_TEST_PLATFORM=darwin`, honoured only together with `NODE_ENV=test`.
 */
import type { Env } from './locations.js';

export type CodePath = 'linux' | 'darwin' | 'other';

/** The test switch (docs/protocol.md, "Testing the macOS paths on Linux"). */
export const TEST_PLATFORM_VARIABLE = 'KCTX_GUARD_TEST_PLATFORM';

/** `linux` or `darwin` for those systems, else `other`; a test may turn Linux into `darwin`. */
export function codePath(env: Env = process.env, platform: NodeJS.Platform = process.platform): CodePath {
  if (env['NODE_ENV'] === 'test' && env[TEST_PLATFORM_VARIABLE] === 'darwin') return 'darwin';
  return platform === 'linux' || platform === 'darwin' ? platform : 'other';
}

/** Whether the control socket may live in the abstract namespace (Linux only). */
export function hasAbstractSockets(env: Env = process.env): boolean {
  return codePath(env) === 'linux';
}

/** Whether /proc may be read to tell a live process from a zombie (Linux only). */
export function hasProcFs(env: Env = process.env): boolean {
  return codePath(env) === 'linux';
}
