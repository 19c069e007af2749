/** The cache entry file: one field a line, so shells read it with `read`; refused when a field would break that. */
import { describe, expect, it } from 'vitest';
import { ENTRY_MAGIC, PATH_SEPARATOR, parseEntry, serializeEntry, type Entry } from '../../src/cache/index.js';
import { renderSegments, sanitizeName } from '../../src/render/index.js';

function sampleEntry(overrides: Partial<Entry> = {}): Entry {
  const context = 'prod-eu\n$(touch x)\u202E';
  const segments = renderSegments({
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
    segments,
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

  it('writes the documented 12 lines, each ending in a newline', () => {
    const entry = sampleEntry();
    const text = serializeEntry(entry);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toEqual([
      `${ENTRY_MAGIC} 1`,
      entry.key,
      entry.freshnessPaths.join('\u001f'),
      'danger',
      entry.segments.bash,
      entry.segments.zsh,
      entry.segments.fish,
      entry.segments.plain,
      'prod-eu^J$(touch x)<U+202E>',
      'gke_acme_prod',
      '100%',
      JSON.stringify(entry.details),
    ]);
  });

  it.each([
    ['key', (entry: Entry) => Object.assign(entry, { key: 'a\nb' })],
    ['freshnessPaths', (entry: Entry) => Object.assign(entry, { freshnessPaths: ['/a\nb'] })],
    ['bash', (entry: Entry) => Object.assign(entry.segments, { bash: 'x\ny' })],
    ['zsh', (entry: Entry) => Object.assign(entry.segments, { zsh: 'x\ny' })],
    ['fish', (entry: Entry) => Object.assign(entry.segments, { fish: 'x\ny' })],
    ['plain', (entry: Entry) => Object.assign(entry.segments, { plain: 'x\ny' })],
    ['context', (entry: Entry) => Object.assign(entry.plain, { context: 'x\ny' })],
    ['cluster', (entry: Entry) => Object.assign(entry.plain, { cluster: 'x\ny' })],
    ['namespace', (entry: Entry) => Object.assign(entry.plain, { namespace: 'x\ny' })],
  ])('refuses a newline in %s', (field, spoil) => {
    const entry = sampleEntry();
    spoil(entry);
    expect(() => serializeEntry(entry)).toThrow(new RegExp(`${field} contains a newline`));
  });

  it('refuses a freshness path holding the 0x1F separator, which would split into two wrong paths', () => {
    expect(() => serializeEntry(sampleEntry({ freshnessPaths: [`/a${PATH_SEPARATOR}b`] }))).toThrow(/0x1F/);
  });

  const good = serializeEntry(sampleEntry());
  const lines = good.split('\n');
  it.each([
    ['an empty file', ''],
    ['another format', 'hello\n'],
    ['another version', good.replace(`${ENTRY_MAGIC} 1`, `${ENTRY_MAGIC} 2`)],
    ['a file cut after a line', `${lines.slice(0, 8).join('\n')}\n`],
    ['a file cut inside the details', good.slice(0, -10)],
    ['a file without its last newline', good.slice(0, -1)],
    ['an unknown level', good.replace('\ndanger\n', '\nscary\n')],
  ])('refuses %s', (_why, text) => {
    expect(() => parseEntry(text)).toThrow();
  });
});
