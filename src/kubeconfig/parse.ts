/**
 * Turns kubeconfig text into the names kctx-guard needs, rejecting exactly the shapes kubectl
 * rejects (wrong kind/apiVersion, non-string names, duplicate names in one file). Pure.
 */
import { KubeconfigError } from './errors.js';
import type { ClusterDefinition, ContextDefinition, KubeconfigFile } from './types.js';
import { loadKubectlYaml, NonString } from './yaml11.js';

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

  /** kubectl turns each named list into a map and refuses a name that appears twice. */
  named<T>(root: Json, key: string, body: string, read: (item: Json | null, where: string) => T): Map<string, T> {
    const out = new Map<string, T>();
    this.list(root[key], key).forEach((raw, index) => {
      const where = `${key}[${index}]`;
      const item = this.mapping(raw, where);
      const name = this.string(item, 'name', where);
      const value = read(this.mapping(item?.[body], `${where}.${body}`), `${where}.${body}`);
      if (out.has(name)) {
        throw new KubeconfigError('duplicate-name', `${key}: the name "${name}" is defined twice in this file`, this.file);
      }
      out.set(name, value);
    });
    return out;
  }
}

/**
 * Parses one kubeconfig file's text.
 * @throws KubeconfigError `unparsable` for YAML or type errors, `duplicate-name` for a name defined twice.
 */
export function parseKubeconfig(text: string, file: string): KubeconfigFile {
  let doc: unknown;
  try {
    doc = loadKubectlYaml(text, file);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new KubeconfigError('unparsable', `not valid YAML: ${reason}`, file, { cause });
  }
  const reader = new Reader(file);
  const root = reader.mapping(doc, 'the document') ?? {};
  const apiVersion = reader.string(root, 'apiVersion', 'the document');
  const kind = reader.string(root, 'kind', 'the document');
  if ((kind !== '' && kind !== 'Config') || (apiVersion !== '' && apiVersion !== 'v1')) {
    throw new KubeconfigError('unparsable', `not a kubeconfig: apiVersion "${apiVersion}", kind "${kind}" (expected v1, Config)`, file);
  }
  const contexts = reader.named<ContextDefinition>(root, 'contexts', 'context', (body, where) => ({
    cluster: reader.string(body, 'cluster', where),
    user: reader.string(body, 'user', where),
    namespace: reader.string(body, 'namespace', where),
  }));
  const clusters = reader.named<ClusterDefinition>(root, 'clusters', 'cluster', (body, where) => ({
    server: reader.string(body, 'server', where),
  }));
  const users = new Set(reader.named(root, 'users', 'user', () => true).keys());
  return { currentContext: reader.string(root, 'current-context', 'the document'), contexts, clusters, users };
}
