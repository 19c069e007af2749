/**
 * `kctx-guard <command> --help` as a user reads it at 80 columns: oclif reflows every description to the
 * terminal's width, so a description wrapped by hand comes out broken in the middle of its sentences.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/cli.js';
import { BIN, ensureBuilt, REPO } from '../helpers/daemon.js';

/** What oclif assumes when stdout is not a terminal; OCLIF_COLUMNS is the width it reads first (@oclif/core's screen.js). */
const WIDTH = 80;
/** The sections oclif fills from `description`s and wraps: the command's, its arguments' and its flags'. */
const WRAPPED_SECTIONS = new Set(['DESCRIPTION', 'ARGUMENTS', 'FLAGS']);

/** The lines of the wrapped sections, a blank line between paragraphs and between sections. */
function wrappedSectionLines(help: string): string[] {
  const lines: string[] = [];
  let inside = false;
  for (const line of help.split('\n')) {
    if (/^[A-Z][A-Z ]*$/.test(line)) {
      inside = WRAPPED_SECTIONS.has(line);
      lines.push('');
    } else if (inside) lines.push(line.trimEnd());
  }
  return lines;
}

/**
 * Lines cut in the middle of a paragraph: a line shorter than half the width, followed in the same
 * paragraph by one that carries on its sentence (starts with a lowercase letter or `(`). Those come
 * from a hand-made line break that oclif wrapped again just before it. A row of an aligned table
 * (words, two or more spaces, words) is short on purpose and is not counted.
 */
function brokenLines(help: string, width: number): string[] {
  const lines = wrappedSectionLines(help);
  const broken: string[] = [];
  for (const [index, line] of lines.entries()) {
    const next = lines[index + 1] ?? '';
    const isRow = /\S {2,}\S/.test(line.trim());
    if (line.trim() !== '' && line.length < width / 2 && !isRow && /^[a-z(]/.test(next.trimStart()))
      broken.push(`${line.trim()} ⏎ ${next.trim()}`);
  }
  return broken;
}

describe('brokenLines', () => {
  it('finds a sentence cut after a short line, in prose and in a table row', () => {
    const help = [
      'DESCRIPTION',
      "  Honours this shell's KUBECONFIG. Reads the daemon's cache when it is fresh;",
      '  otherwise',
      '  (daemon stopped, cache stale) computes the answer directly and says so.',
      '',
      '  zsh   (~/.zshrc)      eval "$(kctx-guard completion zsh)"          (after',
      '  compinit)',
      '  or once:        kctx-guard completion zsh',
    ].join('\n');
    expect(brokenLines(help, WIDTH)).toEqual([
      'otherwise ⏎ (daemon stopped, cache stale) computes the answer directly and says so.',
      'compinit) ⏎ or once:        kctx-guard completion zsh',
    ]);
  });

  it('leaves whole paragraphs, short table rows and the other sections alone', () => {
    const help = [
      'DESCRIPTION',
      '  Show the cluster, namespace and danger level kubectl would use in this',
      '  shell.',
      '',
      '  ns <namespace>   this shell only',
      '  ns -             back to the namespace before the last ns in this shell',
      '',
      'EXAMPLES',
      '  $ kctx-guard ns',
      '  payments',
    ].join('\n');
    expect(brokenLines(help, WIDTH)).toEqual([]);
  });
});

describe('kctx-guard <command> --help', () => {
  beforeAll(ensureBuilt);

  it(`has no paragraph broken by hand at ${WIDTH} columns, for any command`, async () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, { hidden?: boolean }>;
    };
    const ids = Object.entries(manifest.commands)
      .filter(([, command]) => !command.hidden)
      .map(([id]) => id);
    // The manifest lists every command: an empty or partial one would make this test pass on nothing.
    expect(ids).toEqual(expect.arrayContaining(['use', 'ns', 'init', 'completion', 'config:init', 'rules:test']));

    const { env } = makeSandbox();
    const run = promisify(execFile);
    const helps: (readonly [string, string])[] = [];
    // A few at a time: every one is a node process, and the machine may have two cores.
    const queue = [...ids];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const { stdout } = await run(process.execPath, [BIN, ...id.split(':'), '--help'], {
          env: { ...env, OCLIF_COLUMNS: String(WIDTH) },
          timeout: 30_000,
        });
        helps.push([id, stdout]);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    for (const [id, help] of helps) expect(help, id).toContain('\nDESCRIPTION\n');
    const broken = Object.fromEntries(
      helps.map(([id, help]) => [id, brokenLines(help, WIDTH)] as const).filter(([, lines]) => lines.length > 0),
    );
    expect(broken).toEqual({});
  });
});
