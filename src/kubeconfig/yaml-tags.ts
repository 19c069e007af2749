/**
 * Explicit YAML tags as go-yaml v2 (kubectl) reads them: local tags (`!foo`) are ignored,
 * `!!binary` is decoded to a string, `!!timestamp` keeps its text, `!!null ""` is null.
 */
import yaml from 'js-yaml';
import { isPaddedBase64 } from './base64.js';

/** The layouts of go-yaml v2's parseTimestamp: a date, optionally with a time and a zone. */
const TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

const binary = new yaml.Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && isPaddedBase64(data.replace(/[\r\n]/g, '')),
  construct: (data: string) => Buffer.from(data.replace(/[\r\n]/g, ''), 'base64').toString('utf8'),
});

const timestamp = new yaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && TIMESTAMP.test(data),
  construct: (data: string) => data,
});

const explicitNull = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (typeof data === 'string' && NULLS.has(data)),
  construct: () => null,
});

/** Any local tag on any node: go-yaml v2 decodes the node as if untagged, a scalar as a plain string. */
const local = (['scalar', 'sequence', 'mapping'] as const).map(
  (kind) =>
    new yaml.Type('!', {
      kind,
      multi: true,
      resolve: () => true,
      construct: (data: unknown) => data ?? (kind === 'scalar' ? '' : null),
    }),
);

export const GO_YAML_EXPLICIT_TYPES: yaml.Type[] = [binary, timestamp, explicitNull, ...local];
