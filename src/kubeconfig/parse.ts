/**
 * Turns kubeconfig text into the names kctx-guard needs, rejecting exactly the shapes kubectl
 * rejects (wrong kind/apiVersion, a wrong type in any field kubectl knows, duplicate names in one list). Pure.
 */
import { caSourceOf, declaredExtensionOf } from './declared.js';
import { type DeepReply, parseOnLargeStack } from './deep-parse.js';
import { KubeconfigError } from './errors.js';
import { checkExtensionNames, checkShape } from './shape.js';
import type { ClusterDefinition, ContextDefinition, KubeconfigFile } from './types.js';
import { loadKubectlDocument, NonString } from './yaml11.js';

type Json = Record<string, unknown>;

function describe(value: unknown): string {
  if (value instanceof NonString) return value.kind;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return typeof value;
}

class Reader {
  constructor(private readonly file: string) {}

  fail(where: string, expected: string, value: unknown): never {
    throw new KubeconfigError('unparsable', `${where}: expected ${expected}, found ${describe(value)}`, this.file);
  }

  string(obj: Json | null, key: string, where: string): string {
    const value = obj?.[key];
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') this.fail(`${where}.${key}`, 'a string', value);
    return value;
  }

  mapping(value: unknown, where: string): Json | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof NonString) {
      this.fail(where, 'a mapping', value);
    }
    return value as Json;
  }

  list(value: unknown, where: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(where, 'a list', value);
    return value;
  }

  /** Reads a named list (`contexts`, `clusters`, `users`) in file order, checking every field's type. */
  named<T>(root: Json, key: string, body: string, read: (item: Json | null, where: string) => T): [string, T][] {
    return this.list(root[key], key).map((raw, index) => {
      const where = `${key}[${index}]`;
      const item = this.mapping(raw, where);
      const name = this.string(item, 'name', where);
      return [name, read(this.mapping(item?.[body], `${where}.${body}`), `${where}.${body}`)];
    });
  }

  /** kubectl turns each named list into a map and refuses a name that appears twice. */
  unique<T>(key: string, entries: [string, T][]): Map<string, T> {
    const out = new Map<string, T>();
    for (const [name, value] of entries) {
      if (out.has(name)) {
        throw new KubeconfigError(
          'duplicate-name',
          `${key}: the name "${name}" is defined twice in this file`,
          this.file,
        );
      }
      out.set(name, value);
    }
    return out;
  }
}

/** V8's stack overflow: js-yaml and our walks recurse once per level of nesting. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}

/**
 * Parses one kubeconfig file's text. A document nested too deeply for this thread's stack is
 * parsed again on a worker with a larger one (see deep-parse.ts): kubectl reads 10,000 levels.
 * @throws KubeconfigError `unparsable` for YAML or type errors, `duplicate-name` for a name defined twice.
 */
export function parseKubeconfig(text: string, file: string): KubeconfigFile {
  try {
    return parseOnThisStack(text, file, false);
  } catch (error) {
    if (isStackOverflow(error)) return parseOnLargeStack(text, file);
    throw error;
  }
}

/** The worker's side of parseOnLargeStack: the answer as a message, an overflow reported as such. */
export function parseKubeconfigDeep(text: string, file: string): DeepReply {
  try {
    return { ok: true, config: parseOnThisStack(text, file, true) };
  } catch (error) {
    if (isStackOverflow(error)) return { ok: false, code: 'unparsable', message: '', overflow: true };
    if (error instanceof KubeconfigError)
      return { ok: false, code: error.code, message: error.message, overflow: false };
    throw error;
  }
}

function parseOnThisStack(text: string, file: string, deep: boolean): KubeconfigFile {
  let doc: unknown;
  let shared = true;
  try {
    ({ value: doc, shared } = loadKubectlDocument(text, file, deep));
  } catch (cause) {
    if (isStackOverflow(cause)) throw cause;
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new KubeconfigError('unparsable', `not valid YAML: ${reason}`, file, { cause });
  }
  const reader = new Reader(file);
  const root = reader.mapping(doc, 'the document') ?? {};
  const apiVersion = reader.string(root, 'apiVersion', 'the document');
  const kind = reader.string(root, 'kind', 'the document');
  if ((kind !== '' && kind !== 'Config') || (apiVersion !== '' && apiVersion !== 'v1')) {
    throw new KubeconfigError(
      'unparsable',
      `not a kubeconfig: apiVersion "${apiVersion}", kind "${kind}" (expected v1, Config)`,
      file,
    );
  }
  // kubectl decodes (and type-checks) the whole file before it looks for duplicate names.
  checkShape(root, file, shared);
  const currentContext = reader.string(root, 'current-context', 'the document');
  const contexts = reader.named<ContextDefinition>(root, 'contexts', 'context', (body, where) => ({
    cluster: reader.string(body, 'cluster', where),
    user: reader.string(body, 'user', where),
    namespace: reader.string(body, 'namespace', where),
    declared: declaredExtensionOf(body),
  }));
  const clusters = reader.named<ClusterDefinition>(root, 'clusters', 'cluster', (body, where) => ({
    server: reader.string(body, 'server', where),
    tlsServerName: reader.string(body, 'tls-server-name', where),
    ca: caSourceOf(body, file),
    declared: declaredExtensionOf(body),
  }));
  const users = reader.named(root, 'users', 'user', () => true);
  checkExtensionNames(root, file);
  return {
    currentContext,
    contexts: reader.unique('contexts', contexts),
    clusters: reader.unique('clusters', clusters),
    users: new Set(reader.unique('users', users).keys()),
  };
}
