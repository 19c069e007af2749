/**
 * Why a request to the API server with the user's credentials got no answer, in a few plain
 * reasons: a credentials plugin that needs a person, the deadline, a server that cannot be
 * reached, credentials the API rejected, anything else. Shared by the guard's blast radius and the
 * daemon's fetch of cluster-declared levels. Pure.
 */
import { NeedsInteractiveLogin } from './blast-exec.js';
import { ApiStatusError, DeadlineError } from './blast-http.js';

export type BlastFailure = 'login' | 'timeout' | 'unreachable' | 'denied' | 'failed';

const UNREACHABLE = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
];

export function failure(error: unknown, user: string): { why: BlastFailure; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (error instanceof NeedsInteractiveLogin) return { why: 'login', detail: message };
  if (error instanceof DeadlineError) return { why: 'timeout', detail: message };
  if (error instanceof ApiStatusError && error.status === 401)
    return { why: 'denied', detail: `the API rejected the credentials of user "${user}" (401)` };
  if (UNREACHABLE.includes(code)) return { why: 'unreachable', detail: code };
  return { why: 'failed', detail: code ? `${code}: ${message}` : message };
}
