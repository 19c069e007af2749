/**
 * Which namespaces a `kubectl delete` command line removes: named ones (`delete ns a b`,
 * `delete Namespaces/prod`, `delete ns,deploy x`, after `--` too), or every namespace a flag
 * selects (`--all`, `-l`, `--field-selector`), which may include protected ones. Pure.
 */
import { type CommandLine, flagOn, flagValues } from './argv.js';

export interface NamespaceDeletion {
  names: string[];
  /** Set when the command deletes namespaces chosen by a flag: `--all`, `-l app=x`, … */
  selectedBy: string | undefined;
}

/** kubectl matches resource names case-insensitively; `namespaces.v1.` style suffixes name the group. */
export function isNamespaceKind(kind: string): boolean {
  const resource = kind.toLowerCase().split('.')[0]!;
  return resource === 'namespace' || resource === 'namespaces' || resource === 'ns';
}

export function namespaceDeletion(line: CommandLine): NamespaceDeletion {
  const none: NamespaceDeletion = { names: [], selectedBy: undefined };
  if (line.tool !== 'kubectl' || line.path[0] !== 'delete') return none;
  const args = [...line.words.slice(line.path.length), ...line.afterDash];
  const [first, ...rest] = args;
  if (first === undefined) return none;
  const names: string[] = [];
  let typed = false;
  if (!first.includes('/')) {
    typed = first.split(',').some(isNamespaceKind);
    if (typed) names.push(...rest.filter((name) => !name.includes('/')));
  }
  for (const word of args) {
    const slash = word.indexOf('/');
    if (slash !== -1 && isNamespaceKind(word.slice(0, slash))) names.push(word.slice(slash + 1));
  }
  let selectedBy: string | undefined;
  if (typed) {
    const selector = flagValues(line, 'selector')[0];
    const field = flagValues(line, 'field-selector')[0];
    if (flagOn(line, 'all')) selectedBy = '--all';
    else if (selector !== undefined) selectedBy = `--selector ${selector}`;
    else if (field !== undefined) selectedBy = `--field-selector ${field}`;
  }
  return { names, selectedBy };
}
