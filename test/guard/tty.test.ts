/**
 * The question on a real terminal (a tmux pane): a line typed before the question appeared does
 * not answer it, and a bracketed paste does not count as typing the cluster name.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shq } from '../harness/shell.mjs';
import { BIN, kubeconfig, makeSandbox } from '../helpers/cli.js';

const PROD = { name: 'prod-admin', cluster: 'prod-eu', server: 'https://10.0.0.1' };
const sockets: string[] = [];
let started = 0;

afterEach(() => {
  for (const socket of sockets.splice(0)) {
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  }
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Starts the guard in a pane once the file `go` exists, so keys can be typed before it runs. */
function start(): { tmux: (...args: string[]) => string; go: () => void; screen: () => Promise<string> } {
  const box = makeSandbox();
  box.write('home/.kube/config', kubeconfig('prod-admin', [PROD]));
  const go = join(box.root, 'go');
  const env = Object.entries(box.env)
    .map(([name, value]) => `${name}=${shq(value)}`)
    .join(' ');
  const script = box.write(
    'run.sh',
    [
      `while [ ! -e ${shq(go)} ]; do sleep 0.05; done`,
      `env -i ${env} ${shq(process.execPath)} ${shq(BIN)} __guard kubectl -- delete ns x`,
      'echo "STATUS=$?"',
      'sleep 600',
      '',
    ].join('\n'),
  );
  const socket = `kctx-guard-tty-${process.pid}-${started++}`;
  sockets.push(socket);
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  tmux('-f', '/dev/null', 'new-session', '-d', '-x', '200', '-y', '50', `sh ${shq(script)}`);
  return {
    tmux,
    go: () => writeFileSync(go, ''),
    screen: async () => tmux('capture-pane', '-p', '-J'),
  };
}

async function waitFor(screen: () => Promise<string>, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const text = await screen();
    if (pattern.test(text)) return text;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${pattern}:\n${await screen()}`);
}

const QUESTION = /Type the cluster name \(prod-eu\)/;

describe('the question on a terminal', () => {
  it('discards what was typed before it, whole lines and half lines', async () => {
    const pane = start();
    pane.tmux('send-keys', '-l', 'prod-eu\n');
    pane.tmux('send-keys', '-l', 'prod-e');
    await waitFor(pane.screen, /prod-e$/m);
    pane.go();
    await waitFor(pane.screen, QUESTION);
    await sleep(300);
    expect(await pane.screen()).not.toContain('STATUS=');
    pane.tmux('send-keys', '-l', 'nope\n');
    const after = await waitFor(pane.screen, /STATUS=\d/);
    expect(after).toContain('you typed "nope"');
    expect(after).toContain('STATUS=1');
  });

  it('runs when the name is typed', async () => {
    const pane = start();
    pane.go();
    await waitFor(pane.screen, QUESTION);
    pane.tmux('send-keys', '-l', 'prod-eu\n');
    expect(await waitFor(pane.screen, /STATUS=\d/)).toContain('STATUS=0');
  });

  it.each([
    ['with its newline', 'prod-eu\n', false],
    ['then Enter', 'prod-eu', true],
  ])('does not take a pasted name (%s)', async (_, text, enter) => {
    const pane = start();
    pane.go();
    await waitFor(pane.screen, QUESTION);
    pane.tmux('set-buffer', text);
    pane.tmux('paste-buffer', '-p');
    if (enter) pane.tmux('send-keys', 'Enter');
    const after = await waitFor(pane.screen, /STATUS=\d/);
    expect(after).toContain('a pasted name does not count');
    expect(after).toContain('STATUS=1');
  });
});
