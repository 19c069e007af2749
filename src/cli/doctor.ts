/** Runs every `kctx-guard doctor` check, in the order a user fixes things. Reads only: doctor never creates or changes a file. */
import { checkCacheDir, checkConfig, checkDaemon, checkFallback, checkKubectl, checkNode } from './doctor-checks.js';
import { checkShim } from './shim.js';
import { checkAcknowledgements } from './ack.js';
import { checkKubeconfig } from './doctor-kubeconfig.js';
import { checkRcFiles, checkShellVersions, checkThisShell } from './doctor-shell.js';
import type { Env } from '../locations.js';

/** `warn` is shown but does not fail doctor: the setup works, this shell or this moment is the odd one out. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: CheckStatus;
  /** What was found, one or more lines. */
  detail: string;
  /** The command to run or the line to add; null when nothing needs doing. */
  fix: string | null;
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

export async function runDoctor(env: Env, cwd: string): Promise<DoctorReport> {
  const checks: Check[] = [
    checkNode(process.versions.node),
    await checkDaemon(env),
    checkCacheDir(env),
    checkFallback(env, cwd),
    checkConfig(env),
    ...checkAcknowledgements(env, cwd),
    ...checkKubeconfig(env, cwd),
    checkKubectl(env),
    checkShim(env),
    checkThisShell(env),
    checkRcFiles(env),
    checkShellVersions(env),
  ];
  return { ok: checks.every((check) => check.status !== 'fail'), checks };
}
