/**
 * The LEAP replay (issue 12) in real interactive bash, zsh and fish: the user's ~/.kube/config has
 * `prod-leap` and `temple`; a deploy tool opens a nested shell on a temporary kubeconfig whose
 * context `leap` names nothing dangerous but reaches prod-leap's API server with its CA. The prompt
 * shows danger and says why, and the guard asks as on prod-leap, for `leap`, with the reason. The
 * real daemon, the hook as `init` prints it, the real guard; a recording stand-in kubectl.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/daemon.js';
import { answerGuard, endGuardShells, enterNestedShell, runLine, startGuardShell } from '../helpers/guard.js';
import { identityKubeconfig } from '../helpers/identity-kubeconfig.js';
import { SHELL_KINDS } from '../helpers/pty-shell.js';
import { stripSgr } from '../helpers/tmux.js';

const cleanups: string[] = [];

beforeAll(ensureBuilt);
afterEach(() => endGuardShells(cleanups));

const REASON = 'same API server as prod-leap (~/.kube/config)';

describe.each(SHELL_KINDS)('%s: LEAP replay', (kind) => {
  it('a nested shell on `leap` (prod-leap’s server and CA) shows danger with the reason; the guard asks for leap', async () => {
    const home = identityKubeconfig('temple', [
      { name: 'prod-leap', server: 'https://leap.example.invalid', ca: 'leap' },
      { name: 'temple', server: 'https://temple.example.invalid', ca: 'temple' },
    ]);
    const { s, shell, hook } = await startGuardShell(kind, home, 'temple', 'temple:default', cleanups);
    const tmp = mkdtempSync(join(tmpdir(), 'deploy-'));
    cleanups.push(tmp);
    const deploy = join(tmp, 'kubeconfig-leap.yaml');
    // Another spelling of the same server: identity is the normalised URL, not the text.
    writeFileSync(
      deploy,
      identityKubeconfig('leap', [{ name: 'leap', server: 'https://LEAP.example.invalid:443/', ca: 'leap' }]),
    );
    await enterNestedShell(shell, hook, { name: 'KUBECONFIG', value: deploy }, '@N@', /leap:default \[[^\]]+\] @N@/);
    expect(stripSgr(shell.output())).toContain(`leap:default [${REASON}] @N@`);
    expect((await runLine(shell, 'echo "level=$KCTX_GUARD_LEVEL"')).output).toContain('level=danger');
    s.clearLogs();

    // Mutating, not destructive: only a danger cluster asks, so this asks because of the identity alone.
    let result = await answerGuard(shell, 'kubectl scale deployment web --replicas=3', 'temple');
    expect(stripSgr(result.output)).toMatch(/cluster\s+leap\s+\[DANGER\]/);
    expect(stripSgr(result.output)).toContain(`on a danger-level cluster (${REASON})`);
    expect(stripSgr(result.output)).toContain('Type the cluster name (leap)');
    expect(result.status).toBe(1);
    expect(s.toolLog()).toBe('');

    result = await answerGuard(shell, 'kubectl delete ns prod', 'temple');
    expect(stripSgr(result.output)).toContain(`on a danger-level cluster (${REASON})`);
    expect(result.status).toBe(1);
    expect(s.toolLog()).toBe('');

    result = await answerGuard(shell, 'kubectl delete ns prod', 'leap');
    expect(result.status).toBe(0);
    expect(s.toolLog()).toBe('kubectl [delete] [ns] [prod]\n');
  });
});
