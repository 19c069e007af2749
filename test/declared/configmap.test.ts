/** Reading the ConfigMap a cluster declares its level in: what counts, what is ignored and said, and that its text stays inert in messages. */
import { describe, expect, it } from 'vitest';
import { readDeclaration } from '../../src/declared/configmap.js';

const configMap = (data: unknown) => ({
  kind: 'ConfigMap',
  apiVersion: 'v1',
  metadata: { name: 'kctx-guard', namespace: 'kube-public' },
  data,
});

describe('readDeclaration', () => {
  it.each([
    ['a level', { level: 'danger' }, { level: 'danger', alias: undefined }, []],
    ['a level and an alias', { level: 'warn', alias: 'leap' }, { level: 'warn', alias: 'leap' }, []],
    [
      'white space around (kubectl --from-file keeps the newline)',
      { level: 'safe\n', alias: ' leap ' },
      { level: 'safe', alias: 'leap' },
      [],
    ],
    ['unclassified is a level', { level: 'unclassified' }, { level: 'unclassified', alias: undefined }, []],
    ['an empty alias is none', { level: 'danger', alias: '' }, { level: 'danger', alias: undefined }, []],
    [
      'a level that is not one',
      { level: 'DANGER' },
      undefined,
      ['ConfigMap kube-public/kctx-guard: level "DANGER" is not one of danger, warn, safe, unclassified (ignored)'],
    ],
    [
      'no level',
      { alias: 'leap' },
      undefined,
      ['ConfigMap kube-public/kctx-guard has no data.level (one of danger, warn, safe, unclassified)'],
    ],
    [
      'an unknown key is said, the level still counts',
      { level: 'danger', owner: 'platform-team' },
      { level: 'danger', alias: undefined },
      ['ConfigMap kube-public/kctx-guard: unknown key "owner" (ignored; known: level, alias)'],
    ],
    [
      'an alias too long to be a name',
      { level: 'warn', alias: 'x'.repeat(254) },
      { level: 'warn', alias: undefined },
      ['ConfigMap kube-public/kctx-guard: alias is longer than 253 characters (ignored)'],
    ],
  ])('%s', (_name, data, declaration, problems) => {
    expect(readDeclaration(configMap(data))).toEqual({ declaration, problems });
  });

  it.each([
    ['no data', configMap(undefined)],
    ['data that is a list', configMap(['danger'])],
    ['not an object', 'danger'],
    ['null', null],
  ])('%s: nothing declared, and said', (_name, body) => {
    expect(readDeclaration(body)).toEqual({
      declaration: undefined,
      problems: ['ConfigMap kube-public/kctx-guard has no data (set data.level)'],
    });
  });

  it('a hostile value is quoted short and printable in the message', () => {
    const { problems } = readDeclaration(configMap({ level: `\u001b[2J$(rm -rf ~)${'x'.repeat(80)}` }));
    expect(problems[0]).toMatch(
      /^ConfigMap kube-public\/kctx-guard: level "\\u001b\[2J\$\(rm -rf ~\)x+\.\.\." is not one/,
    );
    expect(problems[0]).not.toMatch(/[\u0000-\u001f\u007f-\uffff]/u);
  });
});
