/**
 * `include:` in config.yaml: which level wins when the user's, the team's and the default rules
 * all match (docs/rules.md, "How the sources combine"), where paths are taken from, and
 * that every problem in an included file is the whole config's problem. The parser is pure: files
 * are served from a table here.
 */
import { describe, expect, it } from 'vitest';
import {
  classify,
  decideLevel,
  describeProblem,
  type IncludeReader,
  type Level,
  type MatchField,
  parseRuleConfig,
} from '../../src/rules/index.js';

const HOME = '/home/me';
const CONFIG = '/home/me/.config/kctx-guard/config.yaml';
const TEAM = '/home/me/src/team/kctx-rules.yaml';

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

function reader(files: Record<string, string>): IncludeReader {
  return {
    home: HOME,
    read(path) {
      const text = files[path];
      if (text === undefined) throw new Error('no such file');
      return text;
    },
  };
}

const TEAM_RULES = yaml(
  'rules:',
  '  - {context: "leap", level: danger, label: LEAP}',
  '  - {context: "sandbox-*", level: danger}',
  '  - {context: "ops-*", level: warn}',
);

function parse(config: string, files: Record<string, string> = { [TEAM]: TEAM_RULES }) {
  return parseRuleConfig(config, CONFIG, reader(files));
}

function levelOf(config: string, context: string, files?: Record<string, string>): { level: Level; rule: string } {
  const set = parse(config, files);
  expect(set.problems.map(describeProblem)).toEqual([]);
  const target: Record<MatchField, string> = {
    context,
    cluster: context,
    server: 'https://10.1.2.3',
    namespace: 'default',
    user: 'me',
  };
  const { level, rule } = decideLevel({
    classification: classify(target, set.rules),
    context: { name: context, declared: undefined },
    cluster: { name: context, declared: undefined },
    identity: undefined,
    showFile: (file) => file,
  });
  return { level, rule };
}

describe('precedence: the most dangerous of your-or-default rule and the team’s rule; your rule naming the server is final', () => {
  const mine = yaml(
    'include: ~/src/team/kctx-rules.yaml',
    'rules:',
    '  - {context: "sandbox-me", level: safe}',
    '  - {context: "sandbox-mine", server: "https://10.1.2.3", level: safe}',
    '  - {context: "quiet", level: safe}',
  );
  it.each([
    ['your name rule cannot lower the team’s danger', 'sandbox-me', 'danger', `${TEAM}:3 (rule 2)`],
    ['your rule naming the API server may', 'sandbox-mine', 'safe', `${CONFIG}:4 (rule 2)`],
    ['your rule where the team says nothing', 'quiet', 'safe', `${CONFIG}:5 (rule 3)`],
    ['the team’s rule where yours do not match', 'sandbox-team', 'danger', `${TEAM}:3 (rule 2)`],
    [
      'the team’s warn does not lower the defaults’ danger',
      'ops-prod',
      'danger',
      'default: production names (context)',
    ],
    ['the team’s warn raises what the defaults leave unclassified', 'ops-db', 'warn', `${TEAM}:4 (rule 3)`],
    ['a name only the team knows is dangerous', 'leap', 'danger', `${TEAM}:2 (rule 1)`],
    ['the defaults', 'prod-eu', 'danger', 'default: production names (context)'],
    ['nothing matches', 'temple', 'unclassified', 'no rule matched'],
  ] as [string, string, Level, string][])('%s', (_why, context, level, rule) => {
    expect(levelOf(mine, context)).toEqual({ level, rule });
  });

  it('keeps the team rule’s label', () => {
    const set = parse(yaml('include: ~/src/team/kctx-rules.yaml'));
    expect(set.rules[0]?.label).toBe('LEAP');
  });

  it('defaults: false (yours alone to set) drops the defaults, not the team’s rules', () => {
    const config = yaml('include: ~/src/team/kctx-rules.yaml', 'defaults: false');
    expect(levelOf(config, 'leap').level).toBe('danger');
    expect(levelOf(config, 'prod-eu').level).toBe('unclassified');
  });
});

describe('paths', () => {
  it.each([
    ['~ is your home', '~/src/team/kctx-rules.yaml'],
    ['relative to config.yaml’s folder', '../../src/team/kctx-rules.yaml'],
    ['absolute', TEAM],
    ['a list', `[${TEAM}]`],
  ])('%s', (_why, written) => {
    const set = parse(yaml(`include: ${written}`));
    expect(set.problems).toEqual([]);
    expect(set.included).toEqual([TEAM]);
  });

  it('an included file includes others relative to its own folder, in order, depth first', () => {
    const files = {
      [TEAM]: yaml('include: [eu.yaml, us.yaml]', 'rules:', '  - {context: "a", level: warn}'),
      '/home/me/src/team/eu.yaml': yaml('include: common/base.yaml', 'rules:', '  - {context: "b", level: warn}'),
      '/home/me/src/team/common/base.yaml': yaml('rules:', '  - {context: "c", level: warn}'),
      '/home/me/src/team/us.yaml': yaml('rules:', '  - {context: "d", level: warn}'),
    };
    const set = parse(yaml(`include: ${TEAM}`), files);
    expect(set.problems).toEqual([]);
    expect(set.included).toEqual([
      TEAM,
      '/home/me/src/team/eu.yaml',
      '/home/me/src/team/common/base.yaml',
      '/home/me/src/team/us.yaml',
    ]);
    expect(set.rules.slice(0, 4).map((rule) => rule.match.context?.source)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('problems are loud: the whole config is set aside, the defaults stay, and each is named', () => {
  const A = '/home/me/src/team/a.yaml';
  const B = '/home/me/src/team/b.yaml';
  it.each([
    [
      'a missing file',
      yaml('include: ~/src/team/gone.yaml'),
      {},
      [`${CONFIG}:1: include "~/src/team/gone.yaml": cannot read /home/me/src/team/gone.yaml: no such file`],
    ],
    [
      'bad YAML in the team file (its line)',
      yaml(`include: ${A}`),
      { [A]: 'rules:\n  - {context: [\n' },
      [expect.stringMatching(new RegExp(`^${A}:\\d+: not valid YAML: `))],
    ],
    [
      'a bad rule in the team file (its file and line)',
      yaml(`include: ${A}`),
      { [A]: yaml('rules:', '  - {context: x, level: dangr}') },
      [`${A}:2: rule 1: level "dangr" is not one of danger, warn, safe, unclassified`],
    ],
    [
      'a key only config.yaml may set',
      yaml(`include: ${A}`),
      { [A]: yaml('defaults: false') },
      [
        `${A}:1: unknown top-level key "defaults" in an included file (allowed: rules, include; the rest is yours to set in config.yaml)`,
      ],
    ],
    [
      'a loop',
      yaml(`include: ${A}`),
      { [A]: 'include: b.yaml\n', [B]: 'include: a.yaml\n' },
      [`${B}:1: include loop: ${CONFIG} → ${A} → ${B} → ${A}`],
    ],
    [
      'config.yaml including itself',
      yaml('include: config.yaml'),
      {},
      [`${CONFIG}:1: include loop: ${CONFIG} → ${CONFIG}`],
    ],
    [
      'includes nested too deep',
      yaml('include: /t/1.yaml'),
      {
        '/t/1.yaml': 'include: 2.yaml\n',
        '/t/2.yaml': 'include: 3.yaml\n',
        '/t/3.yaml': 'include: 4.yaml\n',
        '/t/4.yaml': '',
      },
      [`/t/3.yaml:1: include "4.yaml": includes nest more than 3 deep (${CONFIG} → /t/1.yaml → /t/2.yaml → /t/3.yaml)`],
    ],
    ['not a path', yaml('include: {path: x}'), {}, [`${CONFIG}:1: "include" must be a path or a list of paths`]],
  ] as [string, string, Record<string, string>, unknown[]][])('%s', (_why, config, files, problems) => {
    const set = parse(config, files);
    expect(set.problems.map(describeProblem)).toEqual(problems);
    expect(set.rules.map((rule) => rule.origin).every((origin) => origin.startsWith('default:'))).toBe(true);
  });

  it('three levels deep is allowed', () => {
    const files = { '/t/1.yaml': 'include: 2.yaml\n', '/t/2.yaml': 'include: 3.yaml\n', '/t/3.yaml': TEAM_RULES };
    expect(parse(yaml('include: /t/1.yaml'), files).problems).toEqual([]);
  });

  it('a path that could not be read is still listed, so creating it is a change', () => {
    expect(parse(yaml('include: ~/src/team/gone.yaml'), {}).included).toEqual(['/home/me/src/team/gone.yaml']);
  });
});
