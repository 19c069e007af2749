/**
 * Each hook draws the segment from an entry's parts itself (protocol version 2): its own colour
 * wrappers (bash `\001…\002`, zsh `%{…%}`, fish raw SGR), data escaped for its prompt (zsh doubles
 * `%`), and every control character of a forged entry dropped. A table run through the real
 * `__kctx_guard_segment` of `kctx-guard init <shell>` in bash, zsh and fish, exact to the byte.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, ensureBuilt, makeEnv } from '../helpers/daemon.js';
import { SHELL_KINDS, writeInit, type ShellKind } from '../helpers/pty-shell.js';
import { HOSTILE_NAMES } from '../render/hostile.js';

beforeAll(ensureBuilt);
afterEach(() => cleanup());

/** sgr, symbol, text, marker, note: lines 5 to 9 of an entry. */
type Parts = [sgr: string, symbol: string, text: string, marker: string, note: string];

/** One word in any of the three shells: letters and digits as they are, every other character as \UXXXXXXXX. */
function word(shell: ShellKind, text: string): string {
  const body = [...text]
    .map((ch) => (/^[A-Za-z0-9]$/.test(ch) ? ch : `\\U${ch.codePointAt(0)!.toString(16).padStart(8, '0')}`))
    .join('');
  if (shell === 'fish') return text === '' ? "''" : body;
  return `$'${body}'`;
}

/** Runs the hook's segment function on each row; returns [segment, plain] per row. */
function draw(shell: ShellKind, rows: Parts[]): [string, string][] {
  const t = makeEnv();
  const init = writeInit(t.root, shell, t.env);
  const calls = rows.map(
    (row) =>
      `__kctx_guard_segment ${row.map((part) => word(shell, part)).join(' ')}; printf '%s\\036%s\\035' "$__kctx_guard_s" "$__kctx_guard_p"`,
  );
  const result = spawnSync(shell, ['-c', [`source ${init}`, ...calls].join('\n')], {
    env: t.env,
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return result.stdout
    .split('\u001d')
    .slice(0, -1)
    .map((pair) => pair.split('\u001e') as [string, string]);
}

const EXACT: [why: string, parts: Parts, expected: Record<ShellKind, string>, plain: string][] = [
  [
    'danger',
    ['1;31', '⎈', 'prod-eu:payments', '', ''],
    {
      bash: '\u0001\u001b[1;31m\u0002⎈ prod-eu:payments\u0001\u001b[0m\u0002',
      zsh: '%{\u001b[1;31m%}⎈ prod-eu:payments%{\u001b[0m%}',
      fish: '\u001b[1;31m⎈ prod-eu:payments\u001b[0m',
    },
    '⎈ prod-eu:payments',
  ],
  [
    'warn',
    ['33', '⎈', 'gke_acme_staging/staging:web', '', ''],
    {
      bash: '\u0001\u001b[33m\u0002⎈ gke_acme_staging/staging:web\u0001\u001b[0m\u0002',
      zsh: '%{\u001b[33m%}⎈ gke_acme_staging/staging:web%{\u001b[0m%}',
      fish: '\u001b[33m⎈ gke_acme_staging/staging:web\u001b[0m',
    },
    '⎈ gke_acme_staging/staging:web',
  ],
  [
    'unclassified: no colour at all',
    ['', '⎈', 'c1/team-a:web', '', ''],
    { bash: '⎈ c1/team-a:web', zsh: '⎈ c1/team-a:web', fish: '⎈ c1/team-a:web' },
    '⎈ c1/team-a:web',
  ],
  [
    'the KUBECONFIG marker first, in bold magenta',
    ['32', '⎈', 'kind-x:default', '[KUBECONFIG=deploy.yaml+1]', ''],
    {
      bash: '\u0001\u001b[1;35m\u0002[KUBECONFIG=deploy.yaml+1] \u0001\u001b[0m\u0002\u0001\u001b[32m\u0002⎈ kind-x:default\u0001\u001b[0m\u0002',
      zsh: '%{\u001b[1;35m%}[KUBECONFIG=deploy.yaml+1] %{\u001b[0m%}%{\u001b[32m%}⎈ kind-x:default%{\u001b[0m%}',
      fish: '\u001b[1;35m[KUBECONFIG=deploy.yaml+1] \u001b[0m\u001b[32m⎈ kind-x:default\u001b[0m',
    },
    '[KUBECONFIG=deploy.yaml+1] ⎈ kind-x:default',
  ],
  [
    'the broken-config note last, in yellow',
    ['1;31', '⎈', 'prod:default', '', '[config.yaml broken]'],
    {
      bash: '\u0001\u001b[1;31m\u0002⎈ prod:default\u0001\u001b[0m\u0002\u0001\u001b[33m\u0002 [config.yaml broken]\u0001\u001b[0m\u0002',
      zsh: '%{\u001b[1;31m%}⎈ prod:default%{\u001b[0m%}%{\u001b[33m%} [config.yaml broken]%{\u001b[0m%}',
      fish: '\u001b[1;31m⎈ prod:default\u001b[0m\u001b[33m [config.yaml broken]\u001b[0m',
    },
    '⎈ prod:default [config.yaml broken]',
  ],
  [
    'zsh doubles % in every part, and its own wrappers stay single',
    ['1;31', '%', '50%% dev:%F{red}', '[KUBECONFIG=%n.yaml]', ''],
    {
      bash: '\u0001\u001b[1;35m\u0002[KUBECONFIG=%n.yaml] \u0001\u001b[0m\u0002\u0001\u001b[1;31m\u0002% 50%% dev:%F{red}\u0001\u001b[0m\u0002',
      zsh: '%{\u001b[1;35m%}[KUBECONFIG=%%n.yaml] %{\u001b[0m%}%{\u001b[1;31m%}%% 50%%%% dev:%%F{red}%{\u001b[0m%}',
      fish: '\u001b[1;35m[KUBECONFIG=%n.yaml] \u001b[0m\u001b[1;31m% 50%% dev:%F{red}\u001b[0m',
    },
    '[KUBECONFIG=%n.yaml] % 50%% dev:%F{red}',
  ],
  [
    'a forged entry: a colour that is not an SGR token becomes bold red, control characters in text go',
    [
      '32m\u001b]52;c;cHduZWQ=\u0007',
      '\u001b]0;PWNED\u0007⎈',
      'kind\u009b2J-dev\u001b[6n:\u0001\u0002\u007fdefault\u001b\\',
      '\u001b]52;c;eA==\u0007[KUBECONFIG=x]',
      '\u009d0;t\u009c',
    ],
    {
      bash: '\u0001\u001b[1;35m\u0002]52;c;eA==[KUBECONFIG=x] \u0001\u001b[0m\u0002\u0001\u001b[1;31m\u0002]0;PWNED⎈ kind2J-dev[6n:default\\\u0001\u001b[0m\u0002\u0001\u001b[33m\u0002 0;t\u0001\u001b[0m\u0002',
      zsh: '%{\u001b[1;35m%}]52;c;eA==[KUBECONFIG=x] %{\u001b[0m%}%{\u001b[1;31m%}]0;PWNED⎈ kind2J-dev[6n:default\\%{\u001b[0m%}%{\u001b[33m%} 0;t%{\u001b[0m%}',
      fish: '\u001b[1;35m]52;c;eA==[KUBECONFIG=x] \u001b[0m\u001b[1;31m]0;PWNED⎈ kind2J-dev[6n:default\\\u001b[0m\u001b[33m 0;t\u001b[0m',
    },
    ']52;c;eA==[KUBECONFIG=x] ]0;PWNED⎈ kind2J-dev[6n:default\\ 0;t',
  ],
];

describe.each(SHELL_KINDS)('%s: __kctx_guard_segment', (shell) => {
  it('draws the exact segment and plain text for each row', () => {
    const out = draw(
      shell,
      EXACT.map(([, parts]) => parts),
    );
    expect(out).toHaveLength(EXACT.length);
    EXACT.forEach(([why, , expected, plain], i) => {
      expect(out[i]![0], why).toBe(expected[shell]);
      expect(out[i]![1], why).toBe(plain);
    });
  });

  it('leaves no control character of any hostile name in any part, apart from its own colours', () => {
    // An entry is one field a line, in UTF-8: no newline, no lone surrogate.
    const names = HOSTILE_NAMES.filter(([, name]) => name.isWellFormed());
    const rows = names.map(([, name]) => Array<string>(5).fill(name.replaceAll('\n', '')) as Parts);
    const out = draw(shell, rows);
    expect(out).toHaveLength(rows.length);
    const ownColours = /\u0001\u001b\[[0-9;]+m\u0002|%\{\u001b\[[0-9;]+m%\}|\u001b\[[0-9;]+m/g;
    for (const [i, [segment, plain]] of out.entries()) {
      const why = names[i]![0];
      expect(segment.replace(ownColours, ''), why).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      // Bidi and invisible characters are the daemon's to make visible (sanitizeName); C0, DEL and C1 go here.
      expect(plain, why).not.toMatch(/\p{Cc}/u);
    }
  });
});
