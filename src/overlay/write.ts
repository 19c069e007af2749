/**
 * Writes an overlay: a new folder in the private overlay folder holding one file with only
 * `current-context` (and, for a namespace, that one context entry naming the user's own cluster and
 * user), never a credential. It is read-only, and a permanent `<file>.lock` beside it makes every
 * kubectl write to it fail, even as root (kubectl takes that lock with O_EXCL before it writes a kubeconfig).
 */
import { closeSync, lstatSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../cache/index.js';
import { OverlayError } from './errors.js';
import { overlayDirName, overlayFileName, overlayFolder } from './paths.js';
import { processStartTime } from './process.js';

export interface OverlayContent {
  context: string;
  /** Set for `ns`: the context entry the overlay defines, with the user's cluster and user and this namespace. */
  definition?: { cluster: string; user: string; namespace: string } | undefined;
}

/** YAML for a name: a JSON string is a double-quoted YAML scalar, whatever the name holds. */
const quoted = (text: string): string => JSON.stringify(text);

export function overlayText(content: OverlayContent, pid: number): string {
  const lines = [
    `# kctx-guard overlay of shell ${pid}: pins that shell (and what it starts) to one context.`,
    '# It holds no credential and refuses writes (read-only, with a permanent .lock beside it).',
    '# To change your own files from a pinned shell: kctx-guard use --global <context>,',
    '# or run the command with KUBECONFIG set to the files after this one.',
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${quoted(content.context)}`,
  ];
  const definition = content.definition;
  if (definition)
    lines.push(
      'contexts:',
      `- name: ${quoted(content.context)}`,
      '  context:',
      `    cluster: ${quoted(definition.cluster)}`,
      `    user: ${quoted(definition.user)}`,
      `    namespace: ${quoted(definition.namespace)}`,
    );
  return `${lines.join('\n')}\n`;
}

function privateFolder(folder: string): void {
  mkdirSync(folder, { mode: 0o700, recursive: true });
  const stat = lstatSync(folder);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o077) !== 0)
    throw new OverlayError(
      `the overlay folder ${folder} is not a private folder of yours (mode 700); nothing was changed`,
    );
}

function createExclusive(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o400);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a new overlay for shell `pid` and returns its path.
 * @throws OverlayError when the cache folder is foreign, shared or cannot be written; nothing is left behind then.
 */
export function writeOverlay(cacheDir: string, pid: number, content: OverlayContent): string {
  const folder = overlayFolder(cacheDir);
  const start = processStartTime(pid);
  try {
    ensurePrivateDir(cacheDir);
    privateFolder(folder);
    for (let sequence = 1; ; sequence++) {
      const name = { pid, start, sequence };
      const own = join(folder, overlayDirName(name));
      try {
        mkdirSync(own, { mode: 0o700 });
      } catch (error) {
        if ((error as { code?: string }).code === 'EEXIST') continue;
        throw error;
      }
      const path = join(own, overlayFileName(name));
      try {
        // The lock first: there is never a moment when kubectl could write the overlay.
        createExclusive(`${path}.lock`, '');
        createExclusive(path, overlayText(content, pid));
      } catch (error) {
        rmSync(own, { recursive: true, force: true });
        throw error;
      }
      return path;
    }
  } catch (cause) {
    if (cause instanceof OverlayError) throw cause;
    const message = (cause as Error).message;
    throw new OverlayError(`cannot write this shell's overlay in ${folder}: ${message}; nothing was changed`, {
      cause,
    });
  }
}
