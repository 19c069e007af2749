/**
 * A js-yaml schema that resolves plain scalars the way kubectl's YAML reader (go-yaml v2,
 * YAML 1.1) does, so `namespace: yes` or `name: 0o17` are not strings for us either.
 * Booleans and numbers load as `NonString` markers: kubeconfig fields we read must be strings.
 */
import yaml from 'js-yaml';

export class NonString {
  constructor(
    readonly kind: 'boolean' | 'number',
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

const BOOLEANS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF',
]);

const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_FLOAT = /^[-+]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|inf|infinity|nan)$/i;
const GO_HEX_FLOAT = /^[-+]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][-+]?[0-9]+$/;
const YAML_SPECIAL_FLOAT = /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;

/** True when go-yaml v2 would resolve this plain scalar to a number. */
export function isYaml11Number(text: string): boolean {
  if (!/^[-+.0-9]/.test(text)) return false;
  if (YAML_SPECIAL_FLOAT.test(text)) return true;
  const digits = text.replace(/_/g, '');
  return GO_INT.test(digits) || GO_FLOAT.test(text) || GO_HEX_FLOAT.test(text);
}

const booleanType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && BOOLEANS.has(data),
  construct: (data: string) => new NonString('boolean', data),
});

const numberType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && isYaml11Number(data),
  construct: (data: string) => new NonString('number', data),
});

const floatType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && isYaml11Number(data),
  construct: (data: string) => new NonString('number', data),
});

// js-yaml 4 exports its built-in types at run time; @types/js-yaml does not declare them.
const builtins = (yaml as unknown as { types: Record<'null' | 'merge', yaml.Type> }).types;

export const KUBECTL_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtins.null, booleanType, numberType, builtins.merge],
  explicit: [floatType],
});

/**
 * Loads one YAML document like kubectl: YAML 1.1 scalars, duplicate keys allowed (last wins).
 * Throws js-yaml's `YAMLException` (with line and column) on syntax errors.
 */
export function loadKubectlYaml(text: string, filename: string): unknown {
  return yaml.load(text, { schema: KUBECTL_YAML_SCHEMA, json: true, filename });
}
