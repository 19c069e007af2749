/** Appends every guarded decision to guard.log, one JSON line each, with every secret masked (secrets.ts). */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Tool } from './argv.js';
import { maskArgv, maskUrl } from './secrets.js';

export interface AuditRecord {
  /** `ran-unlocked`: ran without asking under a timed unlock; `unlock`/`lock`: one began or ended (tool `kctx-guard`). */
  decision: 'confirmed' | 'aborted' | 'refused' | 'ran-unlocked' | 'unlock' | 'lock';
  tool: Tool | 'kctx-guard';
  argv: string[];
  target: { context: string | null; cluster: string | null; namespace: string | null; server: string | null };
  reasons: string[];
  /** For a timed unlock: the shell it is for and when it ends. */
  unlock?: { shell: number; until: string };
}

/** Never throws: an unwritable log must not block or allow anything by itself. */
export function appendAudit(stateDir: string, record: AuditRecord, now = new Date()): void {
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const line = JSON.stringify({
      time: now.toISOString(),
      ...record,
      argv: record.tool === 'kctx-guard' ? record.argv : maskArgv(record.tool, record.argv),
      target: { ...record.target, server: record.target.server === null ? null : maskUrl(record.target.server) },
      reasons: record.reasons.map(maskUrl),
    });
    appendFileSync(join(stateDir, 'guard.log'), `${line}\n`, { mode: 0o600 });
  } catch {
    // Reported nowhere on purpose: the decision itself was already shown to the user.
  }
}
