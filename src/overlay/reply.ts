/**
 * The reply `use` and `ns` give the kctx-guard shell function on stdout, one field a line: the magic
 * line, the shell's new KUBECONFIG (empty: unset it), the name `use -` / `ns -` goes back to, and
 * `end` (so a shell that drops trailing empty lines still sees every field). Pure.
 */
import { OverlayError } from './errors.js';

/** Rendered into the shell templates as @OVERLAY_REPLY@ (src/shell-tables). */
export const OVERLAY_REPLY_MAGIC = 'kctx-guard-overlay 1';

/** @throws OverlayError for a KUBECONFIG with a newline, which no shell function could set from one line. */
export function overlayReply(kubeconfig: string, previous: string): string {
  if (kubeconfig.includes('\n'))
    throw new OverlayError('a KUBECONFIG path contains a newline; kctx-guard cannot pin this shell');
  return `${OVERLAY_REPLY_MAGIC}\n${kubeconfig}\n${previous.replace(/\n/g, ' ')}\nend\n`;
}
