/** Runs the built CLI as a real process in a throw-away HOME, so tests never touch the real ~/.kube. */
import { type SpawnSyncOptionsWithStringEncoding, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BIN, makeTempEnv, writeText } from '../harness/env.mjs';
import { boundByPermissions } from './no-dac.js';
import { yamlQuote } from './yaml-emit.js';

export { BIN };

export interface Sandbox {
  root: string;
  home: string;
  env: Record<string, string>;
  write(relative: string, text: string): string;
}

export function makeSandbox(): Sandbox {
  const { root, home, env } = makeTempEnv('cli');
  const write = (relative: string, text: string): string => {
    const path = join(root, relative);
    writeText(path, text);
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

/** `kctx-guard __guard <tool> -- argv` with no controlling terminal, as under cron or CI. */
export function guardWithoutTerminal(env: Record<string, string>, argv: string[], tool = 'kubectl', cwd?: string) {
  // detached: a new session with no controlling terminal. Node's spawnSync honours it, but
  // @types/node leaves it out of the sync options.
  const options: SpawnSyncOptionsWithStringEncoding & { detached: boolean } = {
    env,
    encoding: 'utf8',
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  };
  const result = spawnSync(process.execPath, [BIN, '__guard', tool, '--', ...argv], options);
  return { status: result.status, stderr: result.stderr };
}

export function kubeconfig(
  current: string,
  contexts: { name: string; cluster: string; namespace?: string; server: string }[],
): string {
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${yamlQuote(current)}`, 'contexts:'];
  for (const c of contexts) {
    lines.push(`- name: ${yamlQuote(c.name)}`, '  context:', `    cluster: ${yamlQuote(c.cluster)}`, '    user: u');
    if (c.namespace) lines.push(`    namespace: ${yamlQuote(c.namespace)}`);
  }
  lines.push('clusters:');
  for (const c of contexts)
    lines.push(`- name: ${yamlQuote(c.cluster)}`, '  cluster:', `    server: ${yamlQuote(c.server)}`);
  lines.push('users:', '- name: u', '  user:', '    token: SECRET-TOKEN-DO-NOT-LEAK');
  return `${lines.join('\n')}\n`;
}
