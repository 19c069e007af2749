/**
 * The declaration a cluster makes about itself: the ConfigMap `kctx-guard` in `kube-public`, with
 * `data.level` (danger, warn, safe or unclassified) and an optional `data.alias` (the name shown).
 * This file reads the API server's answer into a declaration, or says why it is not one; the text
 * is the cluster's, so nothing from it reaches a message except a level already checked. Pure.
 */
import { LEVELS, type Level } from '../rules/types.js';

export const DECLARATION_NAMESPACE = 'kube-public';
export const DECLARATION_NAME = 'kctx-guard';
/** How status, rules test and the prompt's note name where a level came from. */
export const DECLARATION_SOURCE = `ConfigMap ${DECLARATION_NAMESPACE}/${DECLARATION_NAME}`;
/** The API path the daemon GETs, as `kubectl get configmap kctx-guard -n kube-public` does. */
export const DECLARATION_PATH = `/api/v1/namespaces/${DECLARATION_NAMESPACE}/configmaps/${DECLARATION_NAME}`;

/** Longer than a Kubernetes object name may be is not a name anyone meant. */
const MAX_ALIAS = 253;
const KNOWN_KEYS = new Set(['level', 'alias']);

export interface ClusterDeclaration {
  level: Level;
  alias: string | undefined;
}

export interface ReadDeclaration {
  /** Undefined when the ConfigMap holds no usable level. */
  declaration: ClusterDeclaration | undefined;
  /** What was not understood (and ignored), for status. */
  problems: string[];
}

/** A value quoted for a message: short, and only printable ASCII (status prints it as the cluster wrote it otherwise). */
const quoted = (value: string): string =>
  JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value).replace(/[^\x20-\x7e]/g, '?');

/** Reads a ConfigMap as the API server returns it (`GET …/configmaps/kctx-guard`). */
export function readDeclaration(body: unknown): ReadDeclaration {
  const data = (body as { data?: unknown } | null)?.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { declaration: undefined, problems: [`${DECLARATION_SOURCE} has no data (set data.level)`] };
  const fields = data as Record<string, unknown>;
  const problems = Object.keys(fields)
    .filter((key) => !KNOWN_KEYS.has(key))
    .map((key) => `${DECLARATION_SOURCE}: unknown key ${quoted(key)} (ignored; known: level, alias)`);
  const raw = typeof fields['level'] === 'string' ? fields['level'].trim() : undefined;
  let level: Level | undefined;
  if (raw === undefined) problems.push(`${DECLARATION_SOURCE} has no data.level (one of ${LEVELS.join(', ')})`);
  else if ((LEVELS as readonly string[]).includes(raw)) level = raw as Level;
  else problems.push(`${DECLARATION_SOURCE}: level ${quoted(raw)} is not one of ${LEVELS.join(', ')} (ignored)`);
  const aliasText = typeof fields['alias'] === 'string' ? fields['alias'].trim() : '';
  let alias: string | undefined;
  if (aliasText.length > MAX_ALIAS)
    problems.push(`${DECLARATION_SOURCE}: alias is longer than ${MAX_ALIAS} characters (ignored)`);
  else if (aliasText !== '') alias = aliasText;
  return { declaration: level === undefined ? undefined : { level, alias }, problems };
}
