/** Reads the files named by KUBECONFIG from disk, classifying each as kubectl does (missing is not an error). */
import { KubeconfigError } from '../kubeconfig/index.js';

import { decodeGoYamlBytes, parseKubeconfig, type LoadedFile } from '../kubeconfig/index.js';
// paths.js, not the folder's index: the overlay folder's switching code reads kubeconfigs through this module.
import { isOverlayPath } from '../overlay/paths.js';
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
    if (code === 'ENOENT') return isOverlayPath(path) ? missingOverlay(path) : { path, status: 'missing' };
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

/**
 * kubectl skips a missing file, so a shell whose overlay is gone would silently use the context of
 * the files after it: the shell's pin is lost, which is an error here, never a fallback.
 */
function missingOverlay(path: string): LoadedFile {
  const message =
    "this shell's kctx-guard overlay is gone, so kubectl uses your files' current-context instead of the one this shell was pinned to (pin again: kctx-guard use <context>)";
  return { path, status: 'error', error: new KubeconfigError('missing-overlay', message, path) };
}

export function loadKubeconfigFiles(paths: string[]): LoadedFile[] {
  return paths.map(loadKubeconfigFile);
}
