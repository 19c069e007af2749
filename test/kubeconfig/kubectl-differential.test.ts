/**
 * Differential test: our kubeconfig resolution (paths → load → resolve) against the real kubectl
 * on hundreds of seeded, generated setups plus hand-written edge cases. kubectl is the oracle.
 * Replay: KCTX_DIFF_SEED=<seed> KCTX_DIFF_CASES=<n> [KCTX_DIFF_REPORT=<shown>] npx vitest run test/kubeconfig/kubectl-differential.test.ts
 */
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  kubeconfigFiles,
  resolveTarget,
  type KubeconfigErrorCode,
  type Resolution,
} from '../../src/kubeconfig/index.js';
import { KUBECONFIG_SHAPE, type Shape } from '../../src/kubeconfig/shape.js';
import { loadKubeconfigFiles } from '../../src/pipeline/load.js';
import {
  askKubectl,
  codesForMessage,
  disagreements,
  findKubectl,
  mapLimit,
  type KubectlAnswer,
  type Sandbox,
} from '../helpers/kubectl-oracle.js';
import { generateCase, materialize, type GenCase } from '../helpers/kubeconfig-gen.js';
import { caseSeed, mulberry32 } from '../helpers/prng.js';
import { kubectlOracle } from '../harness/tools.mjs';

// Never skipped: without a kubectl on PATH the harness fetches the pinned one, or this throws.
const KUBECTL = findKubectl();

const DEFAULT_SEED = 0x6b637478;
const SEED = Number(process.env['KCTX_DIFF_SEED'] ?? DEFAULT_SEED) >>> 0;
const CASES_OVERRIDDEN = process.env['KCTX_DIFF_CASES'] !== undefined;
const CASES = Number(process.env['KCTX_DIFF_CASES'] ?? 640);
/** Mismatches printed in full (KCTX_DIFF_REPORT overrides). */
const REPORTED = Number(process.env['KCTX_DIFF_REPORT'] ?? 10);
/** kubectl processes in flight; the machine has two cores. */
const CONCURRENCY = 4;

function ours(box: Sandbox): Resolution {
  return resolveTarget(loadKubeconfigFiles(kubeconfigFiles(box.kubeconfig, box.home, box.cwd)));
}

/** The file the OS opens for `path`; the native call, since Node's own realpath collapses `x/..` lexically. */
function real(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/**
 * The file our target says the context came from must be the one kubectl took it from: known
 * exactly when the namespace is a per-definition tag, else the first file in KUBECONFIG order
 * (our own reading of it, not the product's) whose generated model defines the context.
 */
function checkSource(gen: GenCase, box: Sandbox, source: string, namespace: string, context: string): string[] {
  const ourFile = real(source);
  const tagged = gen.namespaceTags.get(namespace);
  if (tagged !== undefined) {
    const expected = real(join(box.cwd, tagged));
    return ourFile === expected
      ? []
      : [`source: ours ${source}, kubectl took namespace ${JSON.stringify(namespace)} from ${tagged}`];
  }
  const entries = box.kubeconfig
    ? [...new Set(box.kubeconfig.split(':').filter(Boolean))]
    : [join(box.home, '.kube', 'config')];
  const models = new Map(gen.files.map((file) => [real(join(box.cwd, file.rel)), file] as const));
  for (const entry of entries) {
    const file = models.get(real(entry.startsWith('/') ? entry : `${box.cwd}/${entry}`));
    if (file?.contexts.includes(context)) {
      return ourFile === real(join(box.cwd, file.rel))
        ? []
        : [`source: ours ${source}, expected the first file defining ${JSON.stringify(context)}: ${file.rel}`];
    }
  }
  return [];
}

interface CaseResult {
  index: number;
  seed: number;
  gen: GenCase;
  mine: Resolution;
  theirs: KubectlAnswer;
  problems: string[];
  sourceChecked: boolean;
}

async function runCase(kubectl: string, index: number): Promise<CaseResult> {
  const seed = caseSeed(SEED, index);
  const dir = await mkdtemp(join(tmpdir(), 'kctx-diff-'));
  try {
    const gen = generateCase(mulberry32(seed), dir);
    await materialize(gen, dir);
    const box: Sandbox = { cwd: dir, home: join(dir, 'home'), kubeconfig: gen.kubeconfig };
    const mine = ours(box);
    const theirs = await askKubectl(kubectl, box);
    const problems = disagreements(mine, theirs);
    let sourceChecked = false;
    if (mine.ok && theirs.ok && problems.length === 0) {
      problems.push(...checkSource(gen, box, mine.target.source, theirs.namespace, theirs.context));
      sourceChecked = gen.namespaceTags.has(theirs.namespace);
    }
    return { index, seed, gen, mine: relative(mine, dir), theirs, problems, sourceChecked };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Our answer with the temp directory cut out, for readable reports. */
function relative(resolution: Resolution, dir: string): Resolution {
  if (resolution.ok)
    return { ...resolution, target: { ...resolution.target, source: resolution.target.source.replace(dir, '<dir>') } };
  return resolution;
}

function describeResolution(resolution: Resolution): string {
  if (resolution.ok) return JSON.stringify(resolution.target);
  return `error ${resolution.error.code}: ${resolution.error.message} (context ${JSON.stringify(resolution.context)})`;
}

function report(result: CaseResult): string {
  const lines = [
    `case ${result.index} (KCTX_DIFF_SEED=${SEED}, case seed ${result.seed})`,
    `  problems: ${result.problems.join('; ')}`,
    `  KUBECONFIG=${result.gen.kubeconfig === undefined ? '(unset)' : JSON.stringify(result.gen.kubeconfig.replaceAll(/\/[^:]*kctx-diff-[^/:]+/g, '<dir>'))}`,
    `  ours:    ${describeResolution(result.mine)}`,
    `  kubectl: ${JSON.stringify(result.theirs)}`,
  ];
  for (const file of result.gen.files) {
    const what = file.linkTo !== undefined ? ` -> ${file.linkTo}` : '';
    lines.push(`  --- ${file.rel} (${file.kind}${what})`);
    const visible = (line: string): string =>
      line.replace(/[\t\r\ufeff]/g, (c) => ({ '\t': '\\t', '\r': '\\r', '\ufeff': '<BOM>' })[c] ?? c);
    if (file.text !== undefined && file.kind !== 'symlink')
      lines.push(...file.text.split('\n').map((line) => `  | ${visible(line)}`));
  }
  return lines.join('\n');
}

type Entry = string | Buffer | { dir: true } | { link: string };

/** Runs one hand-written setup through both sides; fails on any disagreement. */
async function edge(
  files: Record<string, Entry>,
  kubeconfig: string | undefined,
): Promise<{ mine: Resolution; theirs: KubectlAnswer; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'kctx-edge-'));
  try {
    await mkdir(join(dir, 'home'), { recursive: true });
    for (const [rel, entry] of Object.entries(files)) {
      const path = join(dir, rel);
      await mkdir(dirname(path), { recursive: true });
      if (typeof entry === 'string' || Buffer.isBuffer(entry)) await writeFile(path, entry);
      else if ('dir' in entry) await mkdir(path, { recursive: true });
      else await symlink(entry.link, path);
    }
    const box: Sandbox = { cwd: dir, home: join(dir, 'home'), kubeconfig };
    const mine = ours(box);
    const theirs = await askKubectl(KUBECTL, box);
    expect(disagreements(mine, theirs), `ours ${describeResolution(mine)}\nkubectl ${JSON.stringify(theirs)}`).toEqual(
      [],
    );
    return { mine, theirs, dir };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const BASE =
  'contexts: [{name: c1, context: {cluster: k1, user: u1, namespace: n1}}]\nclusters: [{name: k1, cluster: {server: "https://k1:6443"}}]\nusers: [{name: u1, user: {}}]\n';

type Path = (string | number)[];

/** Every node of the kubeconfig type schema, with its path (lists at index 0, maps at key `k`). */
function shapeNodes(shape: Shape, path: Path = []): { path: Path; shape: Shape }[] {
  const here = path.length > 0 ? [{ path, shape }] : [];
  if (typeof shape === 'string') return here;
  if ('list' in shape) return [...here, ...shapeNodes(shape.list, [...path, 0])];
  if ('map' in shape) return [...here, ...shapeNodes(shape.map, [...path, 'k'])];
  return [...here, ...Object.entries(shape.fields).flatMap(([key, field]) => shapeNodes(field, [...path, key]))];
}

/** A JSON (so also YAML) kubeconfig whose current context resolves, with `value` set at `path`. */
function documentWith(path: Path, value: unknown): string {
  const root: Record<string, unknown> = { 'current-context': 'c1', contexts: [{ name: 'c1' }] };
  let node: Record<string | number, unknown> = root;
  path.forEach((step, index) => {
    if (index === path.length - 1) {
      node[step] = value;
      return;
    }
    const next = path[index + 1];
    node[step] ??= typeof next === 'number' ? [] : {};
    node = node[step] as Record<string | number, unknown>;
  });
  return `${JSON.stringify(root)}\n`;
}

const WRONG: Record<string, unknown> = {
  string: 5,
  bool: 'true',
  bytes: 'not base64!',
  list: 'x',
  map: 'x',
  fields: 'x',
};
const RIGHT: Record<string, unknown> = {
  string: 'ok',
  bool: true,
  bytes: 'YWJj',
  any: { a: 1 },
  list: [],
  map: {},
  fields: {},
};

/** Whole files in YAML's darker corners; each must read the same for us as for kubectl. */
const CTX = 'current-context: c1\ncontexts:\n- name: c1\n  context:\n';
const CORNERS = [
  `current-context: c1\n${BASE}...\ngarbage: [\n`,
  `...\ncurrent-context: c1\n${BASE}`,
  `current-context: c1   \n${BASE}`,
  `current-context: c1\t# tab comment\n${BASE}`,
  `current-context: 'c''1'\n${BASE}`,
  `%YAML 1.2\n---\ncurrent-context: c1\n${BASE}`,
  `%TAG ! tag:example.com,2000:\n---\ncurrent-context: c1\n${BASE}`,
  `current-context: c1\n${BASE}\n# trailing\n--- \n`,
  `current-context: c1\ncontexts: [\n  {name: c1,\n   context: {namespace: x}}\n]\n`,
  `${CTX}    namespace: foo\n      bar\n`,
  `${CTX}    namespace: !!binary YWJj\n`,
  `${CTX}    namespace: !!timestamp 2001-12-14\n`,
  `${CTX}    namespace: 2001-12-14T21:59:43.10-05:00\n`,
  `${CTX}    namespace: !!str\n`,
  `${CTX}    namespace: !!null ""\n`,
  `${CTX}    namespace: !!int "5"\n`,
  `${CTX}    namespace: !custom x\n`,
  `${CTX}    namespace: ! 12\n`,
  `current-context: c1\ncontexts:\n- name: c1\n  context: &a\n    namespace: x\n    self: *a\n`,
  `${CTX}    ? namespace\n    : x\n`,
  `${CTX}    [a, b]: x\n    namespace: y\n`,
  `${CTX}    namespace: "a\\tb\\u00e9"\n`,
  `${CTX}    namespace: >\n      folded\n      text\n\n`,
  `${CTX}    namespace: |+\n      keep\n\n`,
  `${CTX}    namespace: |2\n        indented\n`,
  `${CTX}    <<: {namespace: m}\n`,
  `current-context: c1\nm: &m {namespace: m}\ncontexts:\n- name: c1\n  context:\n    <<: [*m, {namespace: n}]\n`,
  `current-context: c1\nm: &m [1]\ncontexts:\n- name: c1\n  context:\n    <<: *m\n`,
  `${CTX}    "<<": {namespace: m}\n`,
  ...[
    '0x_1F',
    '0xFFFFFFFFFFFFFFFFFFFF',
    '-0x8000000000000000',
    '+0x7FFFFFFFFFFFFFFF',
    '+0x8000000000000000',
    '1__0',
    '_1',
    '1_',
    '.1_0',
    '._1',
    '-.5e-3',
    '1:20',
    '190:20:30',
    '0.',
    "'",
    '.inf',
    '+.Inf',
    '.NaN',
    '0b102',
    '-0b11',
    '0O17',
  ].map((text) => `${CTX}    namespace: ${text}\n`),
  `current-context: c1\r\ncontexts:\r\n- name: c1\r\n  context:\r\n    namespace: |\r\n      crlf\r\n`,
];

/** Nested `depth` levels deep: block mappings, block sequences or flow sequences. */
function nested(kind: 'map' | 'seq' | 'flow', depth: number, indent = ''): string {
  if (kind === 'flow') return ` ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  const lines = Array.from({ length: depth }, (_, i) => `${indent}${' '.repeat(i + 1)}${kind === 'map' ? 'a:' : '-'}`);
  return `\n${lines.join('\n')}\n${indent}${' '.repeat(depth + 1)}x\n`;
}

/** A chain of `count` anchors, each a list of `width` aliases of the one before. */
function laughs(count: number, width: number): string {
  const lines = [`  a0: &a0 [${Array(width).fill('x').join(', ')}]`];
  for (let i = 1; i <= count; i++)
    lines.push(
      `  a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `preferences:\n${lines.join('\n')}\n`;
}

const OK_DOC = `current-context: c1\n${BASE}`;
const withNamespace = (text: string): string => `${CTX}    namespace: ${text}\n`;

/**
 * go-yaml v2's limits, as kubectl 1.32 showed them (issue 9): the expected answer is kubectl's,
 * written down so a change of oracle shows up; the test also asks kubectl itself.
 */
/** A kubeconfig whose namespace is `before`, the raw bytes, then `after` (bytes that are not UTF-8). */
const withBytes = (before: string, bytes: number[], after = ''): Buffer =>
  Buffer.concat([Buffer.from(`${CTX}    namespace: ${before}`), Buffer.from(bytes), Buffer.from(`${after}\n`)]);

const LIMITS: { name: string; text: () => string | Buffer; kubectl: 'ok' | 'error' }[] = [
  // YAML 1.1 line breaks (go-yaml) that YAML 1.2 (js-yaml) takes for characters.
  { name: 'NEL in a plain scalar', text: () => withNamespace('a\u0085b'), kubectl: 'error' },
  { name: 'NEL in a double-quoted scalar (folds to a space)', text: () => withNamespace('"a\u0085b"'), kubectl: 'ok' },
  { name: 'NEL in a single-quoted scalar', text: () => withNamespace("'a\u0085b'"), kubectl: 'ok' },
  { name: 'NEL in a comment', text: () => `${OK_DOC}# note\u0085more: [\n`, kubectl: 'error' },
  { name: 'NEL ending a line', text: () => `${OK_DOC}x: y\u0085z: w\n`, kubectl: 'ok' },
  { name: 'LS in a plain scalar', text: () => withNamespace('a\u2028b'), kubectl: 'error' },
  { name: 'LS in a double-quoted scalar (kept)', text: () => withNamespace('"a\u2028b"'), kubectl: 'ok' },
  { name: 'PS in a single-quoted scalar (kept)', text: () => withNamespace("'a\u2029b'"), kubectl: 'ok' },
  { name: 'PS in a block scalar', text: () => `${OK_DOC}x: |\n  a\u2029b\n`, kubectl: 'error' },
  { name: 'LS in a comment', text: () => `${OK_DOC}# note\u2028more: [\n`, kubectl: 'error' },
  // Bytes that are not UTF-8.
  { name: 'a lone continuation byte in a scalar', text: () => withBytes('a', [0x80], 'b'), kubectl: 'error' },
  { name: '0xFF in a scalar', text: () => withBytes('a', [0xff], 'b'), kubectl: 'error' },
  { name: 'an overlong encoding of "/"', text: () => withBytes('a', [0xc0, 0xaf], 'b'), kubectl: 'error' },
  { name: 'a truncated 3-byte sequence', text: () => withBytes('a', [0xe2, 0x82], 'b'), kubectl: 'error' },
  { name: 'an encoded surrogate', text: () => withBytes('a', [0xed, 0xa0, 0x80], 'b'), kubectl: 'error' },
  { name: 'a valid é, then 0xFE in a comment', text: () => withBytes('\u00e9 #', [0xfe]), kubectl: 'error' },
  {
    name: '5,000 nested block mappings in preferences',
    text: () => `${OK_DOC}preferences:${nested('map', 5000)}`,
    kubectl: 'ok',
  },
  {
    // Not in an extension: `config view` prints those, and 5,000 levels of indented JSON overflow the oracle's buffer.
    name: '5,000 nested block sequences in an unknown top-level field',
    text: () => `${OK_DOC}unknown:${nested('seq', 5000, ' ')}`,
    kubectl: 'ok',
  },
  {
    name: '5,000 nested flow sequences',
    text: () => `${OK_DOC}preferences: {x:${nested('flow', 5000)}}`,
    kubectl: 'ok',
  },
  // Root, preferences and the flow lists: 10,000 levels is the most Go's JSON decoder takes.
  {
    name: '9,998 flow sequences (10,000 levels)',
    text: () => `${OK_DOC}p: {x:${nested('flow', 9998)}}`,
    kubectl: 'ok',
  },
  {
    name: '9,999 flow sequences (10,001 levels)',
    text: () => `${OK_DOC}p: {x:${nested('flow', 9999)}}`,
    kubectl: 'error',
  },
  { name: '50,000 flow sequences', text: () => `${OK_DOC}p:${nested('flow', 50_000)}`, kubectl: 'error' },
  {
    name: '10,001 levels made of aliases',
    text: () =>
      `${OK_DOC}p:\n  a0: &a0 [x]\n${Array.from({ length: 10_001 }, (_, i) => `  a${i + 1}: &a${i + 1} [*a${i}]`).join('\n')}\n`,
    kubectl: 'error',
  },
  { name: 'C1 control U+0080 in a scalar', text: () => withNamespace('a\u0080b'), kubectl: 'error' },
  { name: 'C1 control U+009F in a scalar', text: () => withNamespace('a\u009fb'), kubectl: 'error' },
  { name: 'DEL in a scalar', text: () => withNamespace('a\u007fb'), kubectl: 'error' },
  { name: 'U+FFFE in a scalar', text: () => withNamespace('a\ufffeb'), kubectl: 'error' },
  { name: 'C1 control in a comment', text: () => `${OK_DOC}# c\u0080\n`, kubectl: 'error' },
  { name: 'C1 control just after the first document', text: () => `${OK_DOC}---\nx: a\u0080\n`, kubectl: 'error' },
  {
    name: 'C1 control 5 KiB after the first document (go-yaml never reads it)',
    text: () => `${OK_DOC}---\n${'# padding\n'.repeat(500)}x: a\u0080\n`,
    kubectl: 'ok',
  },
  { name: 'surrogate pair escape', text: () => withNamespace('"a\\ud83d\\ude00"'), kubectl: 'error' },
  { name: 'lone surrogate escape', text: () => withNamespace('"a\\udc00"'), kubectl: 'error' },
  { name: '\\U escape past U+10FFFF', text: () => withNamespace('"\\U00110000"'), kubectl: 'error' },
  { name: '\\U escape of an emoji', text: () => withNamespace('"a\\U0001F600"'), kubectl: 'ok' },
  {
    name: 'surrogate escape in single quotes (no escapes there)',
    text: () => withNamespace("'a\\ud83d'"),
    kubectl: 'ok',
  },
  { name: 'surrogate escape in a plain scalar', text: () => withNamespace('a\\ud83d'), kubectl: 'ok' },
  { name: 'escaped backslash before ud83d', text: () => withNamespace('"a\\\\ud83d"'), kubectl: 'ok' },
  { name: 'billion laughs (9 levels of 10)', text: () => `${OK_DOC}${laughs(8, 10)}`, kubectl: 'error' },
  { name: '3 levels of 10 aliases (11,000 expansions)', text: () => `${OK_DOC}${laughs(3, 10)}`, kubectl: 'error' },
  { name: '1 level of 10 aliases (under 1,000 decodes)', text: () => `${OK_DOC}${laughs(1, 10)}`, kubectl: 'ok' },
];

function errorCode(resolution: Resolution): KubeconfigErrorCode | 'ok' {
  return resolution.ok ? 'ok' : resolution.error.code;
}

describe(`kubeconfig resolution agrees with the real kubectl (${kubectlOracle().version})`, () => {
  it(`matches kubectl on ${CASES} generated cases (seed ${SEED})`, async () => {
    const started = Date.now();
    const results = await mapLimit(
      Array.from({ length: CASES }, (_, i) => i),
      CONCURRENCY,
      (index) => runCase(KUBECTL, index),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const ok = results.filter((result) => result.theirs.ok).length;
    const kubectlCodes = new Map<string, number>();
    for (const result of results) {
      if (result.theirs.ok) continue;
      for (const code of codesForMessage(result.theirs.message))
        kubectlCodes.set(code, (kubectlCodes.get(code) ?? 0) + 1);
    }
    const sourceChecks = results.filter((result) => result.sourceChecked).length;
    console.log(
      `kubectl differential: ${results.length} cases in ${seconds}s, seed ${SEED}: ${ok} ok, ${results.length - ok} errors ${JSON.stringify(Object.fromEntries(kubectlCodes))}, ${sourceChecks} sources checked by namespace tag`,
    );

    const mismatches = results.filter((result) => result.problems.length > 0);
    if (mismatches.length > 0) {
      const shown = mismatches.slice(0, REPORTED);
      expect.fail(
        `${mismatches.length} of ${results.length} cases disagree with kubectl (seed ${SEED}); first ${shown.length}:\n\n${shown.map(report).join('\n\n')}`,
      );
    }
    // The run must not pass vacuously: enough cases, of both outcomes, and every kind of error.
    expect(results.length).toBe(CASES);
    if (!CASES_OVERRIDDEN) {
      expect(results.length).toBeGreaterThanOrEqual(600);
      expect(ok).toBeGreaterThanOrEqual(100);
      expect(results.length - ok).toBeGreaterThanOrEqual(100);
      expect(sourceChecks).toBeGreaterThanOrEqual(50);
      for (const code of [
        'missing-context',
        'missing-cluster',
        'missing-user',
        'no-current-context',
        'unparsable',
        'unreadable',
        'duplicate-name',
      ]) {
        expect(kubectlCodes.get(code) ?? 0, `kubectl errors of kind ${code}`).toBeGreaterThanOrEqual(3);
      }
    }
  }, 300_000);

  it('type-checks every field of the kubeconfig schema exactly where kubectl does', async () => {
    const docs = shapeNodes(KUBECONFIG_SHAPE).flatMap(({ path, shape }) => {
      const kind = typeof shape === 'string' ? shape : (Object.keys(shape)[0] as string);
      const right =
        path.length === 1 && path[0] === 'kind'
          ? 'Config'
          : path.length === 1 && path[0] === 'apiVersion'
            ? 'v1'
            : RIGHT[kind];
      return [WRONG[kind], right].filter((value) => value !== undefined).map((value) => ({ path, value }));
    });
    expect(docs.length).toBeGreaterThan(60);
    const failures = await mapLimit(docs, CONCURRENCY, async ({ path, value }) => {
      const where = `${path.join('.')}: ${JSON.stringify(value)}`;
      try {
        const { mine } = await edge({ 'a.yaml': documentWith(path, value) }, 'a.yaml');
        const wrong = Object.values(WRONG).includes(value);
        return (errorCode(mine) === 'unparsable') === wrong ? [] : [`${where}: ours ${describeResolution(mine)}`];
      } catch (error) {
        return [`${where}: ${(error as Error).message}`];
      }
    });
    expect(failures.flat()).toEqual([]);
  });

  it('agrees with kubectl on YAML corner cases (tags, directives, scalars, anchors, block scalars)', async () => {
    const failures = await mapLimit(CORNERS, CONCURRENCY, async (text) => {
      try {
        await edge({ 'a.yaml': text }, 'a.yaml');
        return [];
      } catch (error) {
        return [`${JSON.stringify(text)}: ${(error as Error).message}`];
      }
    });
    expect(failures.flat()).toEqual([]);
  });

  it("agrees with kubectl at go-yaml's limits: depth, control characters, escapes, aliasing", async () => {
    const failures = await mapLimit(LIMITS, 2, async ({ name, text, kubectl }) => {
      try {
        const { mine, theirs } = await edge({ 'a.yaml': text() }, 'a.yaml');
        const problems = [];
        if ((theirs.ok ? 'ok' : 'error') !== kubectl) problems.push(`kubectl now says ${JSON.stringify(theirs)}`);
        if (!mine.ok && mine.error.code !== 'unparsable') problems.push(`ours: ${describeResolution(mine)}`);
        return problems.map((problem) => `${name}: ${problem}`);
      } catch (error) {
        return [`${name}: ${(error as Error).message}`];
      }
    });
    expect(failures.flat()).toEqual([]);
  }, 300_000);

  it('errors on `namespace: yes` (a YAML 1.1 boolean), accepts it quoted', async () => {
    const plain = await edge(
      { 'a.yaml': 'current-context: c1\ncontexts: [{name: c1, context: {namespace: yes}}]\n' },
      'a.yaml',
    );
    expect(errorCode(plain.mine)).toBe('unparsable');
    const quoted = await edge(
      { 'a.yaml': 'current-context: c1\ncontexts: [{name: c1, context: {namespace: "yes"}}]\n' },
      'a.yaml',
    );
    expect(quoted.mine.ok && quoted.mine.target.namespace).toBe('yes');
  });

  it('reads +inf, 0x1p3 and 2001-12-14 as strings, 1_0.5 and 0o17 as numbers, like go-yaml v2', async () => {
    for (const text of ['+inf', '0x1p3', '2001-12-14', '1.5e']) {
      const { mine } = await edge(
        { 'a.yaml': `current-context: c1\ncontexts: [{name: c1, context: {namespace: ${text}}}]\n` },
        'a.yaml',
      );
      expect(mine.ok && mine.target.namespace).toBe(text);
    }
    for (const text of ['1_0.5', '0o17', '1e3', '.5']) {
      const { mine } = await edge(
        { 'a.yaml': `current-context: c1\ncontexts: [{name: c1, context: {namespace: ${text}}}]\n` },
        'a.yaml',
      );
      expect(errorCode(mine)).toBe('unparsable');
    }
  });

  it('does not take `Current-Context` for current-context', async () => {
    const { mine } = await edge({ 'a.yaml': `Current-Context: c1\n${BASE}` }, 'a.yaml');
    expect(errorCode(mine)).toBe('no-current-context');
  });

  it("KUBECONFIG=':' names no file and does not fall back to ~/.kube/config", async () => {
    const { mine } = await edge({ 'home/.kube/config': `current-context: c1\n${BASE}` }, ':');
    expect(errorCode(mine)).toBe('no-current-context');
    expect(mine.files).toEqual([]);
    const unset = await edge({ 'home/.kube/config': `current-context: c1\n${BASE}` }, undefined);
    expect(unset.mine.ok && unset.mine.target.namespace).toBe('n1');
  });

  it('a directory named in KUBECONFIG is an error; a dangling symlink is skipped as missing', async () => {
    const directory = await edge({ 'a.yaml': `current-context: c1\n${BASE}`, d: { dir: true } }, 'd:a.yaml');
    expect(errorCode(directory.mine)).toBe('unreadable');
    const dangling = await edge(
      { 'a.yaml': `current-context: c1\n${BASE}`, gone: { link: 'nowhere.yaml' } },
      'gone:a.yaml',
    );
    expect(dangling.mine.ok && dangling.mine.target.source).toBe(join(dangling.dir, 'a.yaml'));
  });

  it('opens paths as written: `nosuchdir/../a.yaml` is missing, `a.yaml/` is not a directory', async () => {
    const files = { 'a.yaml': `current-context: c1\n${BASE}` };
    expect(errorCode((await edge(files, 'nosuchdir/../a.yaml')).mine)).toBe('no-current-context');
    expect(errorCode((await edge(files, 'a.yaml/')).mine)).toBe('unreadable');
    expect(errorCode((await edge({ ...files, sub: { dir: true } }, 'sub/../a.yaml')).mine)).toBe('ok');
  });

  it('reads only the first YAML document, like kubectl', async () => {
    const { mine } = await edge({ 'a.yaml': `current-context: c1\n${BASE}---\ncontexts: [\n` }, 'a.yaml');
    expect(mine.ok && mine.target.cluster).toBe('k1');
    const empty = await edge({ 'a.yaml': `---\n---\ncurrent-context: c1\n${BASE}` }, 'a.yaml');
    expect(errorCode(empty.mine)).toBe('no-current-context');
  });

  it('applies `<<` merge keys in place, as go-yaml v2 does (a later merge overrides an earlier key)', async () => {
    const text = `current-context: c1\nbase: &b {cluster: k1, namespace: merged}\ncontexts:\n- name: c1\n  context: {namespace: own, <<: *b}\nclusters: [{name: k1, cluster: {server: "https://k1:6443"}}]\n`;
    const { mine } = await edge({ 'a.yaml': text }, 'a.yaml');
    expect(mine.ok && mine.target.namespace).toBe('merged');
    const list = `current-context: c1\nx: &x {cluster: k1}\ny: &y {cluster: k2}\ncontexts: [{name: c1, context: {<<: [*x, *y]}}]\nclusters: [{name: k1, cluster: {server: "https://k1:6443"}}]\n`;
    const merged = await edge({ 'a.yaml': list }, 'a.yaml');
    expect(merged.mine.ok && merged.mine.target.cluster).toBe('k1');
  });

  it('refuses a name defined twice in one file, takes the first definition across files', async () => {
    const twice = await edge(
      { 'a.yaml': `current-context: c1\n${BASE}contexts: [{name: c1}, {name: c1}]\n` },
      'a.yaml',
    );
    expect(errorCode(twice.mine)).toBe('duplicate-name');
    // Extensions only clash with an earlier entry that carried a (non-null) extension.
    const empty = await edge(
      { 'a.yaml': `current-context: c1\n${BASE}extensions: [{name: e}, {name: e, extension: 1}]\n` },
      'a.yaml',
    );
    expect(errorCode(empty.mine)).toBe('ok');
    const full = await edge(
      { 'a.yaml': `current-context: c1\n${BASE}extensions: [{name: e, extension: 1}, {name: e}]\n` },
      'a.yaml',
    );
    expect(errorCode(full.mine)).toBe('duplicate-name');
    const across = await edge(
      {
        'a.yaml': 'current-context: c1\ncontexts: [{name: c1, context: {namespace: from-a}}]\n',
        'b.yaml': 'contexts: [{name: c1, context: {namespace: from-b, cluster: k1}}]\nclusters: [{name: k1}]\n',
      },
      'nope.yaml::b.yaml:a.yaml:b.yaml',
    );
    expect(across.mine.ok && across.mine.target).toMatchObject({
      namespace: 'from-b',
      cluster: 'k1',
      source: join(across.dir, 'b.yaml'),
    });
  });

  it('keeps the context name when current-context names a missing context', async () => {
    const { mine, theirs } = await edge({ 'a.yaml': `current-context: ghost\n${BASE}` }, 'a.yaml');
    expect(errorCode(mine)).toBe('missing-context');
    expect(theirs.ok ? undefined : theirs.currentContext).toBe('ghost');
  });
});
