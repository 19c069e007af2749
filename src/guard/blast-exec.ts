/**
 * Runs a kubeconfig exec credential plugin the way kubectl does when no terminal is available, and
 * never with one: `interactiveMode: Always` is not run at all, the others run in a session of their
 * own (no controlling terminal to open), with stdin from /dev/null, `spec.interactive: false` in
 * KUBERNETES_EXEC_INFO and no display to open a browser on. Their output (a credential) is kept in
 * memory only; their stderr is never shown. Killed at the deadline.
 */
import { spawn } from 'node:child_process';
import { basename } from 'node:path';

export interface ExecConfig {
  apiVersion?: string;
  command?: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  interactiveMode?: string;
  provideClusterInfo?: boolean;
}

export interface ExecCredentials {
  token: string | undefined;
  certData: string | undefined;
  keyData: string | undefined;
}

/** The plugin needs a person (a browser, a password, MFA), or could not answer without one. */
export class NeedsInteractiveLogin extends Error {
  override name = 'NeedsInteractiveLogin';
}

export interface ClusterInfo {
  server: string;
  caData: string | undefined;
  skipTLSVerify: boolean;
  tlsServerName: string | undefined;
  proxyUrl: string | undefined;
}

/** Where the guard records the plugin's pid, so whoever gives up on us can end it. */
export type PidSlot = (pid: number | undefined) => void;

function execInfo(exec: ExecConfig, cluster: ClusterInfo): string {
  const spec: Record<string, unknown> = { interactive: false };
  if (exec.provideClusterInfo)
    spec['cluster'] = {
      server: cluster.server,
      'certificate-authority-data': cluster.caData,
      'insecure-skip-tls-verify': cluster.skipTLSVerify,
      'tls-server-name': cluster.tlsServerName,
      'proxy-url': cluster.proxyUrl,
    };
  return JSON.stringify({ apiVersion: exec.apiVersion, kind: 'ExecCredential', spec });
}

/**
 * Runs the plugin and reads its ExecCredential.
 * @throws NeedsInteractiveLogin for `interactiveMode: Always`, or when it fails or does not answer
 * by the deadline without a terminal; Error when its answer is not a credential.
 */
export function runExecPlugin(
  exec: ExecConfig,
  user: string,
  cluster: ClusterInfo,
  deadline: number,
  slot: PidSlot,
): Promise<ExecCredentials> {
  const name = basename(exec.command ?? '');
  if (exec.interactiveMode === 'Always')
    return Promise.reject(
      new NeedsInteractiveLogin(
        `user "${user}" logs in through ${name} with interactiveMode Always; not run from here`,
      ),
    );
  if (!exec.command) return Promise.reject(new Error(`user "${user}" has an exec plugin without a command`));
  const env: NodeJS.ProcessEnv = { ...process.env, BROWSER: 'false', KUBERNETES_EXEC_INFO: execInfo(exec, cluster) };
  delete env['DISPLAY'];
  delete env['WAYLAND_DISPLAY'];
  for (const { name: key, value } of exec.env ?? []) env[key] = value;
  return new Promise((done, fail) => {
    // detached: a new session, so the plugin has no controlling terminal and /dev/tty cannot be opened.
    const child = spawn(exec.command!, exec.args ?? [], { env, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    if (child.pid !== undefined) slot(child.pid);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (out.length < 1_000_000) out += chunk;
    });
    const timer = setTimeout(
      () => {
        kill(child.pid);
        fail(new NeedsInteractiveLogin(`${name} (user "${user}") gave no credentials in time without a terminal`));
      },
      Math.max(0, deadline - Date.now()),
    );
    child.on('error', (error) => {
      clearTimeout(timer);
      slot(undefined);
      fail(
        new Error(`cannot run ${name} for user "${user}": ${(error as NodeJS.ErrnoException).code ?? error.message}`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      slot(undefined);
      if (code !== 0)
        return fail(new NeedsInteractiveLogin(`${name} (user "${user}") failed without a terminal (exit ${code})`));
      try {
        const status = (JSON.parse(out) as { status?: Record<string, unknown> }).status ?? {};
        const text = (key: string): string | undefined =>
          typeof status[key] === 'string' ? (status[key] as string) : undefined;
        done({ token: text('token'), certData: text('clientCertificateData'), keyData: text('clientKeyData') });
      } catch {
        fail(new Error(`${name} (user "${user}") did not print an ExecCredential`));
      }
    });
  });
}

/** Ends the plugin and whatever it started (its session's process group). */
export function kill(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
