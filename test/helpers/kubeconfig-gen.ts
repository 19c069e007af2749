/**
 * Generates random kubeconfig setups (files, symlinks, KUBECONFIG value) for the kubectl
 * differential test: small name pools so names collide across files, odd-but-legal YAML,
 * and now and then something kubectl must reject.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Rng } from './prng.js';
import { Emitter, inline, scalar, type YNode } from './yaml-emit.js';

export type FileKind =
  | 'config'
  | 'missing'
  | 'empty'
  | 'blank'
  | 'comments'
  | 'marker'
  | 'broken'
  | 'directory'
  | 'dangling'
  | 'symlink';

export interface GenFile {
  /** Path relative to the case directory. */
  rel: string;
  kind: FileKind;
  /** Content of regular files. */
  text?: string;
  /** Target of a symlink, relative to the link's directory. */
  linkTo?: string;
  /** Context names the file defines, for the `source` check (empty unless kind is `config`). */
  contexts: string[];
}

export interface GenCase {
  files: GenFile[];
  /** Directories to create (relative), besides the case directory and `home`. */
  dirs: string[];
  /** undefined: KUBECONFIG unset. */
  kubeconfig: string | undefined;
  /** Namespace value → file (relative) whose context definition carries it; unique per definition. */
  namespaceTags: Map<string, string>;
}

/** A value the generator means: a string (rendered in some legal style), a raw plain token, or null. */
type Value = { kind: 'str'; text: string } | { kind: 'raw'; token: string } | { kind: 'null' };

const str = (text: string): Value => ({ kind: 'str', text });

const CONTEXTS = ['c1', 'c2', 'c3', 'c #4'];
const CLUSTERS = ['k1', 'k2', 'k3'];
const USERS = ['u1', 'u2', 'u3'];
/** Plain scalars that YAML 1.1 (go-yaml v2) may read as booleans or numbers; kubectl decides, not us. */
const YAML11_SCALARS = [
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  'true',
  'False',
  '0o17',
  '0O17',
  '1e3',
  '1E3',
  '0x1F',
  '12',
  '.5',
  '+.5',
  '1_000',
  '0777',
  '08',
  '+1',
  '-2.5',
  '.inf',
  '-.Inf',
  '.NaN',
  '0b101',
  '-0b11',
  '1_0.5',
  '1.',
  '+inf',
  'inf',
  'nan',
  '.Nan',
  '0x1p3',
  '0b2',
  '0o8',
  '1.5e',
  '1e',
  '2001-12-14',
  '0x',
  '_1',
  'yES',
  'oN',
  '._5',
  '1e3_0',
  '.1_0',
  '1__0',
  '1_',
  '0xFFFFFFFFFFFFFFFFFFFF',
  '+0x8000000000000000',
  '!!timestamp 2001-12-14',
  '!!int "7"',
  '!!bool "yes"',
  '! 12',
];
const BROKEN = [
  'contexts: [\n  {name: c1\n',
  'current-context: "c1\n',
  'current-context: c1\n  bad: indent\n',
  '\tcurrent-context: c1\n',
  'contexts:\n- name: c1\n  context: {cluster: k1\n',
  'current-context: c1\nusers: *nowhere\n',
  '{current-context: c1\n',
  'current-context: c1\n- c2\n',
  'current-context: [c1]]\n',
];

/** Typed fields kctx-guard never reads but kubectl type-checks: [key, flow token, kubectl accepts it]. */
type Extra = [string, string, boolean];
const CLUSTER_EXTRAS: Extra[] = [
  ['insecure-skip-tls-verify', 'true', true],
  ['insecure-skip-tls-verify', 'yes', true],
  ['disable-compression', 'Off', true],
  ['certificate-authority-data', 'Y2VydA==', true],
  ['certificate-authority-data', '[1, 2, 0x10, 1e2]', true],
  ['proxy-url', 'http://proxy:3128', true],
  ['tls-server-name', 'k.example', true],
  ['extensions', '[{name: e1, extension: {x: 1}}]', true],
  // Extension names clash only with an earlier entry that has an extension.
  ['extensions', '[{name: e1}, {name: e1}]', true],
  ['extensions', '[{name: e1, extension: {}}, {name: e1}]', false],
  ['insecure-skip-tls-verify', '"true"', false],
  ['certificate-authority-data', 'not-base64!', false],
  ['certificate-authority-data', 'Y2VydA', false],
  ['certificate-authority-data', '[256]', false],
  ['proxy-url', '8080', false],
  ['extensions', '5', false],
  ['extensions', '[{name: e, extension: .inf}]', false],
];
const USER_EXTRAS: Extra[] = [
  ['as-groups', '[a, b]', true],
  ['as-user-extra', '{k: [v, ~]}', true],
  ['client-key-data', 'YWJjZB==', true],
  [
    'exec',
    '{command: x, args: [a], env: [{name: A, value: b}], provideClusterInfo: true, interactiveMode: Never}',
    true,
  ],
  ['auth-provider', '{name: gcp, config: {a: b}}', true],
  ['Token', '5', true],
  ['as-groups', 'admin', false],
  ['exec', '{args: "--a"}', false],
  ['exec', '{env: [{name: A, value: 1}]}', false],
  ['token', '12', false],
  ['auth-provider', '{config: {a: 1}}', false],
  ['exec', '{provideClusterInfo: "true"}', false],
  ['as-user-extra', '{k: v}', false],
];
const TOP_EXTRAS: Extra[] = [
  ['preferences', '{colors: true}', true],
  ['extensions', '[{name: a}, {name: b, extension: [1]}]', true],
  ['x-notes', '{size: 1e3}', true],
  ['preferences', '[]', false],
  ['preferences', '{colors: 1}', false],
  ['x-notes', '.inf', false],
  ['extensions', '[{name: a}, {name: a}]', false],
];

const isPlainSafe = (text: string): boolean =>
  /^[a-z][a-z0-9-]*[0-9]$/.test(text) || /^https:\/\/[a-z0-9.-]+:[0-9]+$/.test(text);

function quote(rng: Rng, text: string): string {
  return rng.chance(0.5) ? `'${text.replace(/'/g, "''")}'` : JSON.stringify(text);
}

class FileBuilder {
  private anchors = 0;
  /** At most one odd scalar per file, in one file of ten: about half of them make kubectl fail. */
  private oddBudget: number;
  readonly contexts: string[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly letter: string,
    private readonly rel: string,
    private readonly tags: Map<string, string>,
  ) {
    this.oddBudget = rng.chance(0.1) ? 1 : 0;
  }

  /** A value as a node; `block` says block scalars are allowed here. */
  node(value: Value, block: boolean): YNode {
    const { rng } = this;
    if (value.kind === 'null') return scalar(rng.pick(['', '~', 'null', 'Null', 'NULL', '!!null ""', '!!null']));
    if (value.kind === 'raw') return scalar(value.token);
    const { text } = value;
    if (text.endsWith('\n'))
      return block ? { t: 'block', header: '|', line: text.slice(0, -1) } : scalar(JSON.stringify(text));
    const style = rng.weighted<string>([
      [isPlainSafe(text) ? 8 : 0, 'plain'],
      [3, 'quoted'],
      [isPlainSafe(text) ? 0.5 : 0, 'tagged'],
      [block && text !== '' ? 0.6 : 0, 'block'],
    ]);
    if (style === 'plain') return scalar(text);
    if (style === 'tagged') {
      const base64 = Buffer.from(text).toString('base64');
      return scalar(
        rng.pick([`!!str ${text}`, `!local ${text}`, `!<tag:yaml.org,2002:str> ${text}`, `!!binary ${base64}`]),
      );
    }
    if (style === 'block') return { t: 'block', header: rng.pick(['|-', '>-']), line: text };
    return scalar(quote(rng, text));
  }

  /** Now and then swaps a value for a YAML 1.1 plain scalar, so kubectl's typing is exercised. */
  maybeOdd(value: Value, p: number): Value {
    if (this.oddBudget === 0 || !this.rng.chance(p)) return value;
    this.oddBudget--;
    return { kind: 'raw', token: this.rng.pick(YAML11_SCALARS) };
  }

  /** Now and then a typed field kubectl checks and we do not read; one in five of them is wrong. */
  extras(pool: Extra[], p: number): [string, YNode][] {
    if (!this.rng.chance(p)) return [];
    const bad = this.rng.chance(0.2);
    const [key, token] = this.rng.pick(pool.filter(([, , good]) => good !== bad));
    return [[key, scalar(token)]];
  }

  key(name: string): string {
    const roll = this.rng.next();
    if (roll < 0.1) return JSON.stringify(name);
    if (roll < 0.15) return `'${name}'`;
    return name;
  }

  private namespace(index: number): Value | undefined {
    const { rng } = this;
    const tag = `ns-${this.letter}${index}`;
    const choice = rng.weighted<string>([
      [6, 'tag'],
      [2, 'absent'],
      [1, 'null'],
      [0.5, 'empty'],
      [0.3, 'newline'],
    ]);
    if (choice === 'absent') return undefined;
    if (choice === 'null') return { kind: 'null' };
    if (choice === 'empty') return str('');
    if (choice === 'newline') {
      this.tags.set(`${tag}\n`, this.rel);
      return str(`${tag}\n`);
    }
    this.tags.set(tag, this.rel);
    return this.maybeOdd(str(tag), 0.4);
  }

  private contextBody(index: number, flow: boolean, anchored: string[]): YNode {
    const { rng } = this;
    if (anchored.length > 0 && rng.chance(0.05)) return { t: 'alias', name: rng.pick(anchored) };
    const entries: [string, YNode][] = [];
    const block = !flow;
    const cluster = rng.weighted<Value>([
      [30, str(rng.pick(CLUSTERS))],
      [1, str('k9')],
      [1, { kind: 'null' }],
    ]);
    if (rng.chance(0.9)) entries.push([this.key('cluster'), this.node(this.maybeOdd(cluster, 0.15), block)]);
    const user = rng.weighted<Value>([
      [30, str(rng.pick(USERS))],
      [1, str('u9')],
      [1, { kind: 'null' }],
    ]);
    if (rng.chance(0.85)) entries.push([this.key('user'), this.node(this.maybeOdd(user, 0.15), block)]);
    const namespace = this.namespace(index);
    if (namespace) entries.push([this.key('namespace'), this.node(namespace, block)]);
    // Duplicate mapping keys: kubectl keeps the last one.
    if (rng.chance(0.06) && entries.length > 0)
      entries.unshift([entries[entries.length - 1]![0], scalar(`decoy-${this.letter}`)]);
    if (rng.chance(0.04)) entries.push(['extra-field', scalar('ignored')]);
    const shuffled = rng.chance(0.3) ? rng.shuffle(entries) : entries;
    // Merge keys and aliases: go-yaml v2 applies `<<` in place, later keys override it.
    if (anchored.length > 0 && rng.chance(0.12)) {
      const source: YNode =
        rng.chance(0.2) && anchored.length > 1
          ? { t: 'seq', flow: true, items: anchored.map((name) => ({ t: 'alias', name })) }
          : { t: 'alias', name: rng.pick(anchored) };
      shuffled.splice(rng.int(0, shuffled.length), 0, ['<<', source]);
    }
    const body: YNode = { t: 'map', entries: shuffled, flow };
    if (rng.chance(0.15)) {
      const name = `b${this.letter}${this.anchors++}`;
      anchored.push(name);
      return { ...body, anchor: name } as YNode;
    }
    return body;
  }

  /** A named list (`contexts`, `clusters`, `users`); returns the node and the names as kubectl would read them. */
  private named(
    key: string,
    names: string[],
    makeBody: (index: number, flow: boolean) => YNode | null,
    odd: number,
  ): [YNode, string[]] {
    const { rng } = this;
    const listFlow = rng.chance(0.15);
    const read: string[] = [];
    const items: YNode[] = names.map((name, index) => {
      const flow = listFlow || rng.chance(0.2);
      const value = this.maybeOdd(str(name), odd);
      read.push(value.kind === 'raw' ? value.token : name);
      const entries: [string, YNode][] = [[this.key('name'), this.node(value, !flow)]];
      const body = makeBody(index, flow);
      if (body) entries.push([this.key(key), body]);
      return { t: 'map', flow, entries: rng.chance(0.2) ? entries.reverse() : entries };
    });
    return [{ t: 'seq', flow: listFlow, items }, read];
  }

  build(): string {
    const { rng } = this;
    const top: [string, YNode][] = [];
    const aliasable: string[] = [];
    if (rng.chance(0.5)) top.push([this.key('apiVersion'), scalar(rng.chance(0.02) ? 'v2' : 'v1')]);
    if (rng.chance(0.5))
      top.push([this.key('kind'), scalar(rng.chance(0.02) ? rng.pick(['Pod', 'config']) : 'Config')]);
    if (rng.chance(0.8)) {
      const current = rng.weighted<Value>([
        [16, str(rng.pick(CONTEXTS))],
        [1, str('c9')],
        [0.6, str('')],
        [0.4, { kind: 'null' }],
      ]);
      top.push([this.key('current-context'), this.node(this.maybeOdd(current, 0.2), true)]);
      if (rng.chance(0.05)) top.unshift([this.key('current-context'), scalar('decoy')]);
    }
    if (rng.chance(0.03)) top.push(['Current-Context', scalar(rng.pick(CONTEXTS))]);

    const some = (pool: string[]): string[] =>
      rng.shuffle(pool).slice(
        0,
        rng.weighted([
          [1, 0],
          [3, 1],
          [4, 2],
          [4, 3],
          [2, pool.length],
        ]),
      );
    const contextNames = some(CONTEXTS);
    const clusterNames = some(CLUSTERS);
    const userNames = some(USERS);
    // Now and then the same name twice in one list, which kubectl refuses.
    const duplicate = rng.chance(0.03) ? rng.pick(['contexts', 'clusters', 'users']) : '';
    const dup = (names: string[], list: string): string[] =>
      duplicate === list && names.length > 0 ? [...names, rng.pick(names)] : names;
    // A decoy `contexts` list first: duplicate mapping keys, the last one wins.
    if (rng.chance(0.05))
      top.push([
        this.key('contexts'),
        this.named('context', ['c1'], (i, flow) => this.contextBody(90 + i, flow, []), 0)[0],
      ]);
    const [contexts, read] = this.named(
      'context',
      dup(contextNames, 'contexts'),
      (i, flow) => (rng.chance(0.05) ? null : this.contextBody(i, flow, aliasable)),
      0.1,
    );
    this.contexts.push(...read);
    top.push([this.key('contexts'), contexts]);
    top.push([
      this.key('clusters'),
      this.named('cluster', dup(clusterNames, 'clusters'), (_i, flow) => this.clusterBody(flow), 0.1)[0],
    ]);
    top.push([
      this.key('users'),
      this.named('user', dup(userNames, 'users'), (_i, flow) => this.userBody(flow), 0.1)[0],
    ]);
    if (rng.chance(0.1)) top.push([this.key('preferences'), { t: 'map', flow: true, entries: [] }]);
    top.push(...this.extras(TOP_EXTRAS, 0.06));
    // Keep each `contexts` duplicate in order (last wins), shuffle the rest around them.
    const fixed = rng.chance(0.5) ? top : this.keepContextsOrder(rng.shuffle(top), top);
    return this.document({ t: 'map', flow: rng.chance(0.05), entries: fixed });
  }

  /** Shuffling must not swap a decoy `contexts` list after the real one. */
  private keepContextsOrder(shuffled: [string, YNode][], original: [string, YNode][]): [string, YNode][] {
    const isContexts = (entry: [string, YNode]): boolean =>
      entry[0].replace(/["']/g, '') === 'contexts' || entry[0].replace(/["']/g, '') === 'current-context';
    const wanted = original.filter(isContexts);
    let next = 0;
    return shuffled.map((entry) => (isContexts(entry) ? (wanted[next++] as [string, YNode]) : entry));
  }

  private clusterBody(flow: boolean): YNode | null {
    const { rng } = this;
    if (rng.chance(0.05)) return null;
    const entries: [string, YNode][] = [];
    if (rng.chance(0.9))
      entries.push([
        this.key('server'),
        this.node(this.maybeOdd(str(`https://${this.letter}${rng.int(0, 99)}.example:6443`), 0.1), !flow),
      ]);
    if (rng.chance(0.2)) entries.push(['insecure-skip-tls-verify', scalar('true')]);
    if (rng.chance(0.1)) entries.push(['certificate-authority-data', scalar('Y2VydA==')]);
    entries.push(...this.extras(CLUSTER_EXTRAS, 0.06));
    return { t: 'map', flow, entries };
  }

  private userBody(flow: boolean): YNode | null {
    const { rng } = this;
    if (rng.chance(0.05)) return null;
    if (rng.chance(0.1)) return scalar('~');
    const entries: [string, YNode][] = rng.chance(0.7) ? [['token', scalar(quote(rng, 'secret-token'))]] : [];
    if (rng.chance(0.1))
      entries.push([
        'exec',
        {
          t: 'map',
          flow: true,
          entries: [
            ['apiVersion', scalar('client.authentication.k8s.io/v1')],
            ['command', scalar('kubectl-auth')],
          ],
        },
      ]);
    entries.push(...this.extras(USER_EXTRAS, 0.06));
    return { t: 'map', flow, entries };
  }

  private document(root: YNode): string {
    const { rng } = this;
    const emitter = new Emitter(rng);
    const lines: string[] = [];
    if (rng.chance(0.1)) lines.push('# kubeconfig written by a generator');
    if (rng.chance(0.03)) lines.push('%YAML 1.1', '---');
    else if (rng.chance(0.15)) lines.push(rng.pick(['---', '--- # start']));
    lines.push(...(root.t === 'map' && root.flow ? [inline(root)] : emitter.block(root, 0)));
    if (rng.chance(0.03)) lines.push('...');
    // kubectl reads only the first document; what follows a second `---` is never parsed.
    if (rng.chance(0.05))
      lines.push('---', rng.pick(['current-context: c2', 'contexts: [', '\tbroken: [', 'kind: Pod']));
    let text = `${lines.join('\n')}\n`;
    if (rng.chance(0.03)) text = text.replace(/\n/g, '\r\n');
    if (rng.chance(0.02)) text = `\ufeff${text}`;
    return text;
  }
}

/** One random setup: 1–4 files plus how KUBECONFIG names them. */
export function generateCase(rng: Rng, absDir: string): GenCase {
  const tags = new Map<string, string>();
  const dirs: string[] = [];
  const homeMode = rng.chance(0.12);
  const count = homeMode ? 1 : rng.int(1, 4);
  const files: GenFile[] = [];
  const letters = ['a', 'b', 'c', 'd'];
  for (let i = 0; i < count; i++) {
    const letter = letters[i] as string;
    const inSub = !homeMode && rng.chance(0.15);
    const rel = homeMode ? 'home/.kube/config' : inSub ? `cfg/${letter}.yaml` : `${letter}.yaml`;
    if (homeMode) dirs.push('home/.kube');
    if (inSub && !dirs.includes('cfg')) dirs.push('cfg');
    const kind = rng.weighted<FileKind>([
      [70, 'config'],
      [8, 'missing'],
      [3, 'empty'],
      [2, 'blank'],
      [3, 'comments'],
      [2, 'marker'],
      [2, 'broken'],
      [1, 'directory'],
      [1.5, 'dangling'],
      [i > 0 ? 2 : 0, 'symlink'],
    ]);
    const file: GenFile = { rel, kind, contexts: [] };
    if (kind === 'config') {
      const builder = new FileBuilder(rng, letter, rel, tags);
      file.text = builder.build();
      file.contexts = builder.contexts;
    } else if (kind === 'empty') file.text = '';
    else if (kind === 'blank') file.text = rng.pick(['\n', '   \n\n', '\r\n']);
    else if (kind === 'comments') file.text = '# nothing here\n# current-context: c1\n';
    else if (kind === 'marker')
      file.text = rng.pick(['---\n', '--- # empty\n...\n', '---\n---\ncurrent-context: c1\n']);
    else if (kind === 'broken') file.text = rng.pick(BROKEN);
    else if (kind === 'dangling') file.linkTo = 'does-not-exist.yaml';
    else if (kind === 'symlink') {
      const target = files[rng.int(0, files.length - 1)] as GenFile;
      file.linkTo = relativeFrom(rel, target.rel);
      file.contexts = target.kind === 'config' ? target.contexts : [];
      file.text = target.text;
    }
    files.push(file);
  }
  // A decoy home config that must be ignored whenever KUBECONFIG is set and non-empty.
  if (!homeMode && rng.chance(0.3)) {
    dirs.push('home/.kube');
    files.push({
      rel: 'home/.kube/config',
      kind: 'config',
      text: 'current-context: home\ncontexts: [{name: home, context: {namespace: from-home}}]\n',
      contexts: [],
    });
  }
  return {
    files,
    dirs,
    kubeconfig: homeMode
      ? rng.chance(0.8)
        ? undefined
        : ''
      : kubeconfigValue(
          rng,
          files.filter((f) => !f.rel.startsWith('home/')),
          absDir,
          dirs,
        ),
    namespaceTags: tags,
  };
}

function relativeFrom(from: string, to: string): string {
  const depth = from.split('/').length - 1;
  return `${'../'.repeat(depth)}${to}`;
}

function spell(rng: Rng, rel: string, absDir: string, dirs: string[]): string {
  const style = rng.weighted<string>([
    [10, 'plain'],
    [3, 'dot'],
    [3, 'absolute'],
    [0.7, 'dotdot-existing'],
    [0.5, 'dotdot-missing'],
    [0.5, 'double-slash'],
    [0.3, 'trailing-slash'],
    [0.3, 'tilde'],
  ]);
  switch (style) {
    case 'dot':
      return `./${rel}`;
    case 'absolute':
      return `${absDir}/${rel}`;
    case 'dotdot-existing':
      if (!dirs.includes('sub')) dirs.push('sub');
      return `sub/../${rel}`;
    case 'dotdot-missing':
      return `nosuchdir/../${rel}`;
    case 'double-slash':
      return `.//${rel}`;
    case 'trailing-slash':
      return `${rel}/`;
    case 'tilde':
      return `~/${rel}`;
    default:
      return rel;
  }
}

function kubeconfigValue(rng: Rng, files: GenFile[], absDir: string, dirs: string[]): string {
  if (rng.chance(0.02)) return rng.pick([':', '::']);
  const entries = files.map((file) => spell(rng, file.rel, absDir, dirs));
  if (rng.chance(0.15)) entries.splice(rng.int(0, entries.length), 0, rng.pick(['nope.yaml', `${absDir}/gone/config`]));
  if (rng.chance(0.15) && entries.length > 0) entries.splice(rng.int(0, entries.length), 0, rng.pick(entries));
  if (rng.chance(0.1) && files.length > 0)
    entries.splice(rng.int(0, entries.length), 0, spell(rng, rng.pick(files).rel, absDir, dirs));
  let value = entries.join(rng.chance(0.15) ? '::' : ':');
  if (rng.chance(0.1)) value = `:${value}`;
  if (rng.chance(0.1)) value = `${value}:`;
  return value;
}

/** Writes a generated case under `dir` (which must exist and be empty); `dir/home` is always created. */
export async function materialize(genCase: GenCase, dir: string): Promise<void> {
  await mkdir(join(dir, 'home'), { recursive: true });
  for (const sub of genCase.dirs) await mkdir(join(dir, sub), { recursive: true });
  for (const file of genCase.files) {
    const path = join(dir, file.rel);
    await mkdir(dirname(path), { recursive: true });
    if (file.kind === 'directory') await mkdir(path, { recursive: true });
    else if (file.kind === 'dangling' || file.kind === 'symlink') await symlink(file.linkTo as string, path);
    else if (file.kind !== 'missing') await writeFile(path, file.text ?? '');
  }
}
