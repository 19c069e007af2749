/**
 * The shared edge of `use` and `ns`: the shell's state from the environment, the reply the shell
 * function reads (src/overlay/reply.ts, on stdout) and the messages for the user (stderr). Without the shell function there is no shell to
 * switch, so these commands refuse rather than print a KUBECONFIG nobody takes.
 */
import { cacheDir, homeDir, type Env } from '../locations.js';
import { OverlayError, overlayReply, type ShellState, type Switched } from '../overlay/index.js';
import { sanitizeName } from '../render/index.js';

export function shellState(env: Env, cwd: string, pid: number): ShellState {
  return { kubeconfig: env['KUBECONFIG'], home: homeDir(env), cwd, cacheDir: cacheDir(env), pid };
}

/** The reply the shell function reads (src/overlay/reply.ts). */
export function reply(switched: Pick<Switched, 'kubeconfig' | 'previous'>): string {
  return overlayReply(switched.kubeconfig, switched.previous);
}

export function needsShellFunction(command: string): OverlayError {
  return new OverlayError(
    `${command} switches this shell only through the kctx-guard shell function, which this shell does not have; ` +
      'add the init line to your rc file (kctx-guard init --help), or change every shell: kctx-guard use --global <context>',
  );
}

/** Runs one switch, printing its messages; returns the exit status. */
export function report(run: () => string, stdout: (text: string) => void, stderr: (text: string) => void): number {
  try {
    stdout(run());
    return 0;
  } catch (error) {
    if (!(error instanceof OverlayError)) throw error;
    stderr(`kctx-guard: ${sanitizeName(error.message, 2000)}\n`);
    return 1;
  }
}
