/** Runs the built CLI as a real process in a throw-away HOME, so tests never touch the real ~/.kube. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { boundByPermissions } from './no-dac.js';

export const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'kctx-guard.js');

export interface Sandbox {
  root: string;
  home: string;
  env: Record<string, string>;
  write(relative: string, text: string): string;
}

export function makeSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'kctx-cli-'));
  const home = join(root, 'home');
  mkdirSync(home);
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    KCTX_GUARD_DIR: join(root, 'cache'),
    XDG_STATE_HOME: join(root, 'state'),
    XDG_CONFIG_HOME: join(root, 'config'),
    NO_COLOR: '1',
  };
  const write = (relative: string, text: string): string => {
    const path = join(root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  return { root, home, env, write };
}

export function runCli(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
  options: { boundByPermissions?: boolean } = {},
): { status: number | null; stdout: string; stderr: string } {
  const argv: [string, ...string[]] = [process.execPath, BIN, ...args];
  const [command, ...rest] = options.boundByPermissions ? boundByPermissions(argv) : argv;
  const result = spawnSync(command, rest, { env, cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function kubeconfig(
  current: string,
  contexts: { name: string; cluster: string; namespace?: string; server: string }[],
): string {
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${JSON.stringify(current)}`, 'contexts:'];
  for (const c of contexts) {
    lines.push(
      `- name: ${JSON.stringify(c.name)}`,
      '  context:',
      `    cluster: ${JSON.stringify(c.cluster)}`,
      '    user: u',
    );
    if (c.namespace) lines.push(`    namespace: ${JSON.stringify(c.namespace)}`);
  }
  lines.push('clusters:');
  for (const c of contexts)
    lines.push(`- name: ${JSON.stringify(c.cluster)}`, '  cluster:', `    server: ${JSON.stringify(c.server)}`);
  lines.push('users:', '- name: u', '  user:', '    token: SECRET-TOKEN-DO-NOT-LEAK');
  return `${lines.join('\n')}\n`;
}
