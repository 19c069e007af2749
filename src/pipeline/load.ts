/** Reads the files named by KUBECONFIG from disk, classifying each as kubectl does (missing is not an error). */
import { readFileSync, statSync } from 'node:fs';
import { KubeconfigError } from '../kubeconfig/index.js';

import { parseKubeconfig, type LoadedFile } from '../kubeconfig/index.js';

/** Larger files are refused rather than parsed: no real kubeconfig is this big, and the daemon must stay small. */
export const MAX_KUBECONFIG_BYTES = 32 * 1024 * 1024;

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/** Reads and parses one file. Never throws. */
export function loadKubeconfigFile(path: string): LoadedFile {
  try {
    const size = statSync(path).size;
    if (size > MAX_KUBECONFIG_BYTES) {
      const error = new KubeconfigError(
        'too-large',
        `file is ${size} bytes; kubeconfig files over ${MAX_KUBECONFIG_BYTES} bytes are refused`,
        path,
      );
      return { path, status: 'error', error };
    }
    const text = readFileSync(path, 'utf8');
    return { path, status: 'ok', config: parseKubeconfig(text, path) };
  } catch (cause) {
    if (cause instanceof KubeconfigError) return { path, status: 'error', error: cause };
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
