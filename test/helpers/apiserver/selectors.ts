/** The list filters of the API server double: label and field selectors, the parts the tests use. */
import type { ApiObject } from './api-resources.js';

/** kubectl's label selector grammar, the parts tests use: `a=b`, `a==b`, `a!=b`, `a`, `!a`, comma-joined. */
export function labelsMatch(selector: string | null, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [, key = '', op, value = ''] = /^\s*(!?[^=!\s]+)\s*(==|=|!=)?\s*(.*?)\s*$/.exec(term) ?? [];
    if (op === undefined) return key.startsWith('!') ? !(key.slice(1) in labels) : key in labels;
    return op === '!=' ? labels[key] !== value : labels[key] === value;
  });
}

export function fieldsMatch(selector: string | null, object: ApiObject): boolean {
  if (!selector) return true;
  const fields: Record<string, unknown> = {
    'metadata.name': object.metadata.name,
    'metadata.namespace': object.metadata.namespace,
    'status.phase': object.status?.['phase'],
    'spec.nodeName': object.spec?.['nodeName'],
  };
  return selector.split(',').every((term) => {
    const [, key = '', op, value] = /^([^=!]+)(==|=|!=)(.*)$/.exec(term) ?? [];
    return op === '!=' ? fields[key] !== value : fields[key] === value;
  });
}
