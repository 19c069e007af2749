/**
 * The cache entry file: one field a line, so shells read it with `read`; text only, never a control
 * character; refused when a field would break that.
 */
import { describe, expect, it } from 'vitest';
import { ENTRY_MAGIC, PATH_SEPARATOR, parseEntry, serializeEntry, type Entry } from '../../src/cache/index.js';
import { sanitizeName, segmentParts } from '../../src/render/index.js';

function sampleEntry(overrides: Partial<Entry> = {}): Entry {
  const context = 'prod-eu\n$(touch x)\u202E';
  const segment = segmentParts({
    level: 'danger',
    context,
    cluster: 'gke_acme_prod',
    namespace: '100%',
    label: 'PROD',
    symbol: undefined,
    color: undefined,
    error: undefined,
    kubeconfigMarker: 'k.yaml',
    configBroken: true,
  });
  return {
    key: '%2Fhome%2Fa%2F.kube%2Fk.yaml',
    freshnessPaths: [
      '/home/a/.kube/k.yaml',
      '/home/a/.kube',
      '/home/a/.config/kctx-guard/config.yaml',
      '/home/a/.config/kctx-guard',
    ],
    level: 'danger',
    segment,
    plain: { context: sanitizeName(context), cluster: 'gke_acme_prod', namespace: '100%' },
    details: {
      kubeconfigValue: '/home/a/.kube/k.yaml',
      cwd: null,
      kubeconfig: ['/home/a/.kube/k.yaml'],
      context,
      cluster: 'gke_acme_prod',
      namespace: '100%',
      user: 'alice\u2028',
      server: 'https://api.prod.example.com',
      source: '/home/a/.kube/k.yaml',
      level: 'danger',
      rule: 'default: production names (cluster)',
      label: 'PROD',
      error: null,
      errorCode: null,
      errorFile: null,
      configFile: '/home/a/.config/kctx-guard/config.yaml',
      configProblems: [
        {
          file: '/home/a/.config/kctx-guard/config.yaml',
          line: 3,
          message: 'rule 1: level "x" is not one of danger, warn, safe, unclassified',
        },
      ],
      computedAt: '2025-01-02T03:04:05.678Z',
    },
    ...overrides,
  };
}

describe('serializeEntry / parseEntry', () => {
  it.each([
    ['a danger entry with hostile raw names in the details', sampleEntry()],
    ['no freshness paths', sampleEntry({ freshnessPaths: [] })],
    ['one freshness path', sampleEntry({ freshnessPaths: ['/k'] })],
    ['the default key (empty)', sampleEntry({ key: '' })],
    ['an error entry', sampleEntry({ level: 'error' })],
    ['unicode paths', sampleEntry({ freshnessPaths: ['/home/ü/☸/😀.yaml', '/home/ü/☸'] })],
  ])('round-trips %s', (_why, entry) => {
    expect(parseEntry(serializeEntry(entry))).toEqual(entry);
  });

  it('writes the documented 13 lines, each ending in a newline', () => {
    const entry = sampleEntry();
    const text = serializeEntry(entry);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toEqual([
      `${ENTRY_MAGIC} 2`,
      entry.key,
      entry.freshnessPaths.join('\u001f'),
      'danger',
      '1;31',
      '⎈',
      'PROD gke_acme_prod/prod-eu^J$(touch x)<U+202E>:100%',
      '[KUBECONFIG=k.yaml]',
      '[config.yaml broken]',
      'prod-eu^J$(touch x)<U+202E>',
      'gke_acme_prod',
      '100%',
      JSON.stringify(entry.details),
    ]);
  });

  it.each([
    ['key', (entry: Entry) => Object.assign(entry, { key: 'a\nb' })],
    ['freshnessPaths', (entry: Entry) => Object.assign(entry, { freshnessPaths: ['/a\nb'] })],
  ])('refuses a newline in %s', (field, spoil) => {
    const entry = sampleEntry();
    spoil(entry);
    expect(() => serializeEntry(entry)).toThrow(new RegExp(`${field} contains a newline`));
  });

  // What a hook shows never holds a control character: the hook's colours are the only ones.
  it.each(['symbol', 'text', 'marker', 'note', 'context', 'cluster', 'namespace'])(
    'refuses a control character in %s',
    (field) => {
      for (const bad of ['x\ny', '\u001b]52;c;eA==\u0007', '\u009b2J', '\u007f']) {
        const entry = sampleEntry();
        const where = (field in entry.segment ? entry.segment : entry.plain) as unknown as Record<string, string>;
        where[field] = bad;
        expect(() => serializeEntry(entry), JSON.stringify(bad)).toThrow(
          new RegExp(`${field} contains a (control character|newline)`),
        );
      }
    },
  );

  it.each(['1;31m\u001b]0;x', '31m', 'red', ' '])('refuses a colour that is not an SGR token: %j', (sgr) => {
    const entry = sampleEntry();
    entry.segment.sgr = sgr;
    expect(() => serializeEntry(entry)).toThrow(/not an SGR token/);
  });

  it('refuses a freshness path holding the 0x1F separator, which would split into two wrong paths', () => {
    expect(() => serializeEntry(sampleEntry({ freshnessPaths: [`/a${PATH_SEPARATOR}b`] }))).toThrow(/0x1F/);
  });

  const good = serializeEntry(sampleEntry());
  const lines = good.split('\n');
  it.each([
    ['an empty file', ''],
    ['another format', 'hello\n'],
    ['another version', good.replace(`${ENTRY_MAGIC} 2`, `${ENTRY_MAGIC} 1`)],
    ['a colour that is not an SGR token', good.replace('\n1;31\n', '\n1;31m\u001b]52;c;eA==\u0007\n')],
    ['a file cut after a line', `${lines.slice(0, 8).join('\n')}\n`],
    ['a file cut inside the details', good.slice(0, -10)],
    ['a file without its last newline', good.slice(0, -1)],
    ['an unknown level', good.replace('\ndanger\n', '\nscary\n')],
  ])('refuses %s', (_why, text) => {
    expect(() => parseEntry(text)).toThrow();
  });
});
