/** Appends every guarded decision to guard.log, one JSON line each, with secrets in argv masked. */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_FLAG = /token|password|passwd|secret|credential|key-data|client-key/i;

/** Masks the values of secret-looking flags: `--token=x`, `--token x`, `--password x`. */
export function maskArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^(--?[^=]+)(=.*)?$/.exec(arg);
    if (match && arg.startsWith('-') && SECRET_FLAG.test(match[1]!)) {
      if (match[2] !== undefined) out.push(`${match[1]}=***`);
      else {
        out.push(arg);
        if (i + 1 < argv.length) {
          out.push('***');
          i++;
        }
      }
    } else out.push(arg);
  }
  return out;
}

export interface AuditRecord {
  decision: 'confirmed' | 'aborted' | 'refused';
  tool: string;
  argv: string[];
  target: { context: string | null; cluster: string | null; namespace: string | null; server: string | null };
  reasons: string[];
}

/** Never throws: an unwritable log must not block or allow anything by itself. */
export function appendAudit(stateDir: string, record: AuditRecord, now = new Date()): void {
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const line = JSON.stringify({ time: now.toISOString(), ...record, argv: maskArgv(record.argv) });
    appendFileSync(join(stateDir, 'guard.log'), `${line}\n`, { mode: 0o600 });
  } catch {
    // Reported nowhere on purpose: the decision itself was already shown to the user.
  }
}
