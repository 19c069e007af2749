/**
 * kubectl decodes a whole kubeconfig into typed Go structs (client-go clientcmd/api/v1) and
 * refuses the file for a wrong type anywhere, even in parts kctx-guard never reads; so do we.
 */
import { isPaddedBase64 } from './base64.js';
import { KubeconfigError } from './errors.js';
import { INFINITE, isByte, sound } from './shape-sound.js';
import { NonString } from './yaml11.js';

/** `bytes` is Go's []byte: a base64 string, or a list of integers 0–255. `any` is a RawExtension. */
export type Shape =
  | 'string'
  | 'bool'
  | 'bytes'
  | 'any'
  | { list: Shape }
  | { map: Shape }
  | { fields: Record<string, Shape> };

const extensions: Shape = { list: { fields: { name: 'string', extension: 'any' } } };
const named = (body: string, shape: Shape): Shape => ({ list: { fields: { name: 'string', [body]: shape } } });

const cluster: Shape = {
  fields: {
    server: 'string',
    'tls-server-name': 'string',
    'insecure-skip-tls-verify': 'bool',
    'certificate-authority': 'string',
    'certificate-authority-data': 'bytes',
    'proxy-url': 'string',
    'disable-compression': 'bool',
    extensions,
  },
};

const exec: Shape = {
  fields: {
    command: 'string',
    args: { list: 'string' },
    env: { list: { fields: { name: 'string', value: 'string' } } },
    apiVersion: 'string',
    installHint: 'string',
    provideClusterInfo: 'bool',
    interactiveMode: 'string',
  },
};

const user: Shape = {
  fields: {
    'client-certificate': 'string',
    'client-certificate-data': 'bytes',
    'client-key': 'string',
    'client-key-data': 'bytes',
    token: 'string',
    tokenFile: 'string',
    as: 'string',
    'as-uid': 'string',
    'as-groups': { list: 'string' },
    'as-user-extra': { map: { list: 'string' } },
    username: 'string',
    password: 'string',
    'auth-provider': { fields: { name: 'string', config: { map: 'string' } } },
    exec,
    extensions,
  },
};

/** client-go's v1.Config, field names as kubectl matches them (case-sensitively). */
export const KUBECONFIG_SHAPE: Shape = {
  fields: {
    kind: 'string',
    apiVersion: 'string',
    preferences: { fields: { colors: 'bool', extensions } },
    clusters: named('cluster', cluster),
    users: named('user', user),
    contexts: named('context', { fields: { cluster: 'string', user: 'string', namespace: 'string', extensions } }),
    'current-context': 'string',
    extensions,
  },
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof NonString);

function typeName(value: unknown): string {
  if (value instanceof NonString) return value.kind;
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

type Fail = (where: string, expected: string, value: unknown) => never;
/** Aliased nodes are shared objects: each is checked once per shape, so alias-heavy files stay cheap. */
type Seen = WeakMap<object, Set<Shape>>;

function fits(shape: Shape, value: unknown, where: string, fail: Fail, seen: Seen): void {
  if (value === null || value === undefined || shape === 'any') return;
  if (typeof value === 'object') {
    const shapes = seen.get(value) ?? new Set<Shape>();
    if (shapes.has(shape)) return;
    seen.set(value, shapes.add(shape));
  }
  if (shape === 'string') {
    if (typeof value !== 'string') fail(where, 'a string', value);
  } else if (shape === 'bool') {
    if (!(value instanceof NonString && value.kind === 'boolean')) fail(where, 'a boolean', value);
  } else if (shape === 'bytes') {
    if (typeof value === 'string') {
      if (!isPaddedBase64(value)) fail(where, 'base64 data', value);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (!isByte(item)) fail(`${where}[${index}]`, 'a byte (0-255)', item);
      });
    } else fail(where, 'base64 data', value);
  } else if ('list' in shape) {
    if (!Array.isArray(value)) fail(where, 'a list', value);
    for (const [index, item] of value.entries()) fits(shape.list, item, `${where}[${index}]`, fail, seen);
  } else if ('map' in shape) {
    if (!isRecord(value)) fail(where, 'a mapping', value);
    for (const [key, item] of Object.entries(value)) fits(shape.map, item, `${where}.${key}`, fail, seen);
  } else {
    if (!isRecord(value)) fail(where, 'a mapping', value);
    for (const [key, field] of Object.entries(shape.fields))
      fits(field, value[key], where ? `${where}.${key}` : key, fail, seen);
  }
}

/** kubectl converts YAML to JSON first, and JSON has no infinity or NaN: one anywhere fails the file. */
function finite(value: unknown, where: string, fail: Fail, seen: WeakSet<object>): void {
  if (value instanceof NonString) {
    if (INFINITE.test(value.text)) fail(where, 'a finite number (JSON has no infinity or NaN)', value);
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) for (const [index, item] of value.entries()) finite(item, `${where}[${index}]`, fail, seen);
  else for (const [key, item] of Object.entries(value)) finite(item, where ? `${where}.${key}` : key, fail, seen);
}

/**
 * Checks a loaded kubeconfig document against kubectl's types. `shared`: the document may hold
 * aliased nodes (see loadKubectlDocument); when it does not, one cheap pass settles the usual case.
 * @throws KubeconfigError `unparsable` naming the first misfit.
 */
export function checkShape(document: unknown, file: string, shared = true): void {
  if (!shared && sound(KUBECONFIG_SHAPE, document)) return;
  const fail = (where: string, expected: string, value: unknown): never => {
    throw new KubeconfigError(
      'unparsable',
      `${where || 'the document'}: expected ${expected}, found ${typeName(value)}`,
      file,
    );
  };
  finite(document, '', fail, new WeakSet());
  fits(KUBECONFIG_SHAPE, document, '', fail, new WeakMap());
}

/**
 * kubectl's duplicate-name rule for `extensions` lists (top level, preferences, each cluster,
 * user and context): a name repeats an earlier entry only if that entry had a non-null extension.
 * @throws KubeconfigError `duplicate-name`.
 */
export function checkExtensionNames(document: unknown, file: string): void {
  if (!isRecord(document)) return;
  const check = (owner: unknown, where: string): void => {
    const list = isRecord(owner) ? owner['extensions'] : undefined;
    if (!Array.isArray(list)) return;
    const seen = new Set<string>();
    for (const item of list) {
      const name = isRecord(item) && typeof item['name'] === 'string' ? item['name'] : '';
      if (seen.has(name))
        throw new KubeconfigError('duplicate-name', `${where}extensions: the name "${name}" is defined twice`, file);
      if (isRecord(item) && item['extension'] !== null && item['extension'] !== undefined) seen.add(name);
    }
  };
  check(document, '');
  check(document['preferences'], 'preferences.');
  for (const [key, body] of [
    ['clusters', 'cluster'],
    ['users', 'user'],
    ['contexts', 'context'],
  ] as const) {
    const list = document[key];
    if (!Array.isArray(list)) continue;
    for (const [index, item] of list.entries())
      check(isRecord(item) ? item[body] : undefined, `${key}[${index}].${body}.`);
  }
}
