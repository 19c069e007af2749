/** renderSegments: the exact prompt text per shell, and that no name can escape its escaping. */
import { describe, expect, it } from 'vitest';
import { renderSegments, type DisplayLevel, type SegmentInput, type Segments } from '../../src/render/index.js';
import { FORBIDDEN, HOSTILE_NAMES } from './hostile.js';

const ESC = '\u001b';

const input = (fields: Partial<SegmentInput>): SegmentInput => ({
  level: 'unclassified',
  context: 'dev',
  cluster: 'dev',
  namespace: 'default',
  label: undefined,
  symbol: undefined,
  color: undefined,
  error: undefined,
  kubeconfigMarker: undefined,
  configBroken: false,
  ...fields,
});

/** Each shell's colour sequences as the renderer adds them; everything left is data. */
const COLOUR: Record<keyof Segments, RegExp | undefined> = {
  bash: /\u0001\u001b\[[0-9;]+m\u0002/g,
  zsh: /%\{\u001b\[[0-9;]+m%\}/g,
  fish: /\u001b\[[0-9;]+m/g,
  plain: undefined,
};
const dataOf = (shell: keyof Segments, text: string): string =>
  COLOUR[shell] ? text.replace(COLOUR[shell], '') : text;

describe('exact segments', () => {
  const danger = input({ level: 'danger', context: 'prod-eu', cluster: 'prod-eu', namespace: 'payments' });
  const warn = input({ level: 'warn', context: 'staging', cluster: 'gke_acme_staging', namespace: 'web' });
  const safe = input({ level: 'safe', context: 'kind-dev', cluster: 'kind-dev', namespace: 'default' });

  it.each([
    ['danger', danger, 'bash', '\u0001\u001b[1;31m\u0002⎈ prod-eu:payments\u0001\u001b[0m\u0002'],
    ['danger', danger, 'zsh', '%{\u001b[1;31m%}⎈ prod-eu:payments%{\u001b[0m%}'],
    ['danger', danger, 'fish', '\u001b[1;31m⎈ prod-eu:payments\u001b[0m'],
    ['danger', danger, 'plain', '⎈ prod-eu:payments'],
    ['warn', warn, 'bash', '\u0001\u001b[33m\u0002⎈ gke_acme_staging/staging:web\u0001\u001b[0m\u0002'],
    ['warn', warn, 'zsh', '%{\u001b[33m%}⎈ gke_acme_staging/staging:web%{\u001b[0m%}'],
    ['warn', warn, 'fish', '\u001b[33m⎈ gke_acme_staging/staging:web\u001b[0m'],
    ['warn', warn, 'plain', '⎈ gke_acme_staging/staging:web'],
    ['safe', safe, 'bash', '\u0001\u001b[32m\u0002⎈ kind-dev:default\u0001\u001b[0m\u0002'],
    ['safe', safe, 'zsh', '%{\u001b[32m%}⎈ kind-dev:default%{\u001b[0m%}'],
    ['safe', safe, 'fish', '\u001b[32m⎈ kind-dev:default\u001b[0m'],
    ['safe', safe, 'plain', '⎈ kind-dev:default'],
  ] as [string, SegmentInput, keyof Segments, string][])('%s in %s', (_level, segmentInput, shell, expected) => {
    expect(renderSegments(segmentInput)[shell]).toBe(expected);
  });

  it('unclassified has no colour in any shell', () => {
    expect(
      renderSegments(input({ level: 'unclassified', context: 'team-a', cluster: 'c1', namespace: 'web' })),
    ).toEqual({
      bash: '⎈ c1/team-a:web',
      zsh: '⎈ c1/team-a:web',
      fish: '⎈ c1/team-a:web',
      plain: '⎈ c1/team-a:web',
    });
  });

  it.each([
    [
      'a label goes before the name',
      { level: 'danger', context: 'prod-eu', cluster: 'prod-eu', label: 'PROD' },
      '%{\u001b[1;31m%}⎈ PROD prod-eu:default%{\u001b[0m%}',
    ],
    ['a symbol replaces ⎈', { level: 'warn', symbol: '⚠' }, '%{\u001b[33m%}⚠ dev:default%{\u001b[0m%}'],
    [
      'a colour name replaces the level colour, danger stays bold',
      { level: 'danger', color: 'magenta' },
      '%{\u001b[1;35m%}⎈ dev:default%{\u001b[0m%}',
    ],
    ['a palette colour', { level: 'warn', color: '208' }, '%{\u001b[38;5;208m%}⎈ dev:default%{\u001b[0m%}'],
    [
      'a colour on an unclassified target',
      { level: 'unclassified', color: 'cyan' },
      '%{\u001b[36m%}⎈ dev:default%{\u001b[0m%}',
    ],
    ['an empty namespace still shows the colon', { level: 'safe', namespace: '' }, '%{\u001b[32m%}⎈ dev:%{\u001b[0m%}'],
    ['no cluster shows the context alone', { level: 'safe', cluster: '' }, '%{\u001b[32m%}⎈ dev:default%{\u001b[0m%}'],
  ] as [string, Partial<SegmentInput>, string][])('zsh: %s', (_why, fields, expected) => {
    expect(renderSegments(input(fields)).zsh).toBe(expected);
  });
});

describe('markers', () => {
  it('the error state is bold red and says why', () => {
    const out = renderSegments(
      input({
        level: 'error',
        context: 'prod-eu',
        cluster: undefined,
        namespace: undefined,
        error: 'current-context "prod-eu" names a context that no file defines',
      }),
    );
    expect(out.plain).toBe('⎈ ✖ prod-eu: current-context "prod-eu" names a context that no file defines');
    expect(out.zsh).toBe(
      '%{\u001b[1;31m%}⎈ ✖ prod-eu: current-context "prod-eu" names a context that no file defines%{\u001b[0m%}',
    );
  });

  it('the error state without a context', () => {
    const out = renderSegments(
      input({
        level: 'error',
        context: undefined,
        cluster: undefined,
        namespace: undefined,
        error: 'current-context is not set (no kubeconfig file exists)',
      }),
    );
    expect(out.plain).toBe('⎈ ✖ current-context is not set (no kubeconfig file exists)');
    expect(out.fish).toBe('\u001b[1;31m⎈ ✖ current-context is not set (no kubeconfig file exists)\u001b[0m');
  });

  it('a long or multi-line error reason is cut and kept on one line', () => {
    const out = renderSegments(
      input({ level: 'error', context: undefined, error: `not valid YAML\n${'x'.repeat(200)}` }),
    );
    expect(out.plain).toBe(`⎈ ✖ not valid YAML^J${'x'.repeat(63)}…`);
  });

  it('the KUBECONFIG marker comes first, in bold magenta', () => {
    const out = renderSegments(
      input({ level: 'safe', context: 'kind-x', cluster: 'kind-x', kubeconfigMarker: 'deploy.yaml+1' }),
    );
    expect(out.plain).toBe('[KUBECONFIG=deploy.yaml+1] ⎈ kind-x:default');
    expect(out.bash).toBe(
      '\u0001\u001b[1;35m\u0002[KUBECONFIG=deploy.yaml+1] \u0001\u001b[0m\u0002\u0001\u001b[32m\u0002⎈ kind-x:default\u0001\u001b[0m\u0002',
    );
  });

  it('the broken-config marker comes last, in yellow', () => {
    const out = renderSegments(input({ level: 'danger', context: 'prod', cluster: 'prod', configBroken: true }));
    expect(out.plain).toBe('⎈ prod:default [config.yaml broken]');
    expect(out.fish).toBe('\u001b[1;31m⎈ prod:default\u001b[0m\u001b[33m [config.yaml broken]\u001b[0m');
  });

  it.each([
    ['no marker when not asked', input({}), false, false],
    ['both markers', input({ kubeconfigMarker: 'k.yaml', configBroken: true }), true, true],
    [
      'both markers in the error state',
      input({ level: 'error', error: 'boom', kubeconfigMarker: 'k.yaml', configBroken: true }),
      true,
      true,
    ],
  ] as [string, SegmentInput, boolean, boolean][])('%s', (_why, segmentInput, kubeconfig, broken) => {
    for (const text of Object.values(renderSegments(segmentInput))) {
      expect(text.includes('[KUBECONFIG=k.yaml]')).toBe(kubeconfig);
      expect(text.includes('[config.yaml broken]')).toBe(broken);
    }
  });
});

describe('zsh escaping', () => {
  it.each([
    ['a percent in the namespace', { namespace: '100%' }, '⎈ dev:100%%'],
    ['a prompt escape in the context', { context: '%F{red}x%f', cluster: '' }, '⎈ %%F{red}x%%f:default'],
    ['a literal-sequence opener', { context: '%{', cluster: '' }, '⎈ %%{:default'],
    ['percent in label and symbol', { label: '50%', symbol: '%' }, '%% 50%% dev:default'],
    ['percent in the KUBECONFIG marker', { kubeconfigMarker: '%n.yaml' }, '[KUBECONFIG=%%n.yaml] ⎈ dev:default'],
  ] as [string, Partial<SegmentInput>, string][])('doubles %s', (_why, fields, expected) => {
    const zsh = renderSegments(input({ ...fields, level: 'unclassified' })).zsh.replace(COLOUR.zsh!, '');
    expect(zsh).toBe(expected);
  });

  it('leaves its own colour wrappers single', () => {
    const zsh = renderSegments(input({ level: 'danger', namespace: '%' })).zsh;
    expect(zsh).toBe('%{\u001b[1;31m%}⎈ dev:%%%{\u001b[0m%}');
  });
});

describe('hostile names in every field, level and shell', () => {
  const levels: DisplayLevel[] = ['danger', 'warn', 'safe', 'unclassified', 'error'];
  const fields = ['context', 'cluster', 'namespace', 'label', 'symbol', 'kubeconfigMarker', 'error'] as const;
  const cases = HOSTILE_NAMES.flatMap(([why, name]) => fields.map((field) => [why, field, name] as const));

  it.each(cases)('%s in %s', (_why, field, name) => {
    for (const level of levels) {
      const out = renderSegments(input({ level, [field]: name, configBroken: true }));
      for (const shell of ['bash', 'zsh', 'fish', 'plain'] as const) {
        const data = dataOf(shell, out[shell]);
        // Nothing but our own colour sequences carries a control, bidi or invisible character.
        expect(data, `${level} ${shell}`).not.toMatch(FORBIDDEN);
        // Once its escaping is undone, every shell shows exactly the plain text.
        expect(shell === 'zsh' ? data.replaceAll('%%', '%') : data, `${level} ${shell}`).toBe(out.plain);
      }
      // zsh: every % of the data is doubled.
      expect(dataOf('zsh', out.zsh).replaceAll('%%', ''), level).not.toContain('%');
      // bash: \001 \002 only around colours; fish and plain never have them; plain has no ESC.
      expect(out.bash.replace(COLOUR.bash!, ''), level).not.toMatch(/[\u0001\u0002\u001b]/);
      expect(out.fish, level).not.toMatch(/[\u0001\u0002]/);
      expect(out.plain, level).not.toMatch(/[\u0001\u0002\u001b]/);
      // Names are capped at 64 characters, the error reason at 80.
      expect(out.plain, level).not.toContain('x'.repeat(field === 'error' ? 81 : 65));
      expect([...out.plain].length, level).toBeLessThanOrEqual(64 * 3 + 80 + 40);
    }
  });

  it('hostile text stays visible, not dropped', () => {
    const out = renderSegments(
      input({ level: 'danger', context: '$(touch x)', cluster: 'dev\u202Edorp', namespace: '\u001b[2J' }),
    );
    expect(out.plain).toBe('⎈ dev<U+202E>dorp/$(touch x):^[[2J');
  });

  it('ESC appears in the fish and bash segments only inside colour sequences', () => {
    const out = renderSegments(input({ level: 'warn', context: '\u001b[32mSAFE' }));
    expect(out.fish.split(ESC).length - 1).toBe(2);
    expect(out.bash.split(ESC).length - 1).toBe(2);
  });
});
