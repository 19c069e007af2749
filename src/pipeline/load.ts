/** Reads the files named by KUBECONFIG from disk, classifying each as kubectl does (missing is not an error). */
import { KubeconfigError } from '../kubeconfig/index.js';

import { decodeGoYamlBytes, parseKubeconfig, type LoadedFile } from '../kubeconfig/index.js';
import { FileRefusedError, readRegularBytes } from './read-file.js';

/** Larger files are refused rather than parsed: no real kubeconfig is this big, and the daemon must stay small. */
export const MAX_KUBECONFIG_BYTES = 32 * 1024 * 1024;

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/**
 * Reads and parses one file. Never throws. Unlike kubectl, a pipe, a device or a per-process path
 * (`<(…)`, /dev/stdin) is an error, not read: the daemon reads every file again on each change, for
 * every shell, so it would block on a pipe or consume what was meant for the shell.
 */
export function loadKubeconfigFile(path: string): LoadedFile {
  try {
    const text = decodeGoYamlBytes(readRegularBytes(path, MAX_KUBECONFIG_BYTES));
    return { path, status: 'ok', config: parseKubeconfig(text, path) };
  } catch (cause) {
    if (cause instanceof KubeconfigError) return { path, status: 'error', error: cause };
    if (cause instanceof FileRefusedError) {
      const error = cause.tooLarge
        ? new KubeconfigError('too-large', cause.message, path)
        : new KubeconfigError('unreadable', `cannot read: ${cause.message}`, path);
      return { path, status: 'error', error };
    }
    const code = errnoOf(cause);
    if (code === 'ENOENT') return { path, status: 'missing' };
    const reason =
      code === 'EISDIR'
        ? 'is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'ELOOP'
            ? 'symbolic link loop'
            : (cause as Error).message;
    return {
      path,
      status: 'error',
      error: new KubeconfigError('unreadable', `cannot read: ${reason}`, path, { cause }),
    };
  }
}

export function loadKubeconfigFiles(paths: string[]): LoadedFile[] {
  return paths.map(loadKubeconfigFile);
}
