/**
 * go-yaml v2's (kubectl's) limits on a loaded document, checked without recursion so no depth or
 * alias bomb can overflow our stack: no anchor containing itself, at most 10,000 levels of nesting
 * (go-yaml's scanner and Go's JSON decoder both stop there), and no "excessive aliasing".
 */
import { NonString } from './yaml11.js';

/** go-yaml's max_indents / max_flow_level, and encoding/json's maxNestingDepth. */
export const MAX_DEPTH = 10_000;

/**
 * go-yaml v2 decode.go `allowedAliasRatio`: the share of decode operations that may come from
 * alias expansion, 99% up to 400,000 operations, falling linearly to 10% at 4,000,000.
 */
export function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

/** go-yaml's test, made before every decode operation once both counts are past its floor. */
export function excessiveAliasing(aliasCount: number, decodeCount: number): boolean {
  return aliasCount > 100 && decodeCount > 1000 && aliasCount / decodeCount > allowedAliasRatio(decodeCount);
}

type Node = Record<string, unknown> | unknown[];

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !(value instanceof NonString);

/** The decode operations go-yaml spends on a node: itself, and each key and value below it. */
function operationsOf(node: Node, sizes: WeakMap<object, number>): number {
  let total = 1;
  const add = (child: unknown): void => {
    total += isNode(child) ? (sizes.get(child) ?? 1) : 1;
  };
  if (Array.isArray(node)) for (const item of node) add(item);
  else
    for (const key of Object.keys(node)) {
      total += 1;
      add(node[key]);
    }
  return total;
}

interface Frame {
  node: Node;
  children: unknown[];
  next: number;
}

/**
 * Walks a loaded document in go-yaml's decode order. A collection met again is an alias (js-yaml
 * shares the object): go-yaml decodes it again in full, which is what its alias limit counts.
 * Aliases of scalars and `<<` merges are counted as the values they produce (js-yaml keeps no trace
 * of them); only documents of millions of nodes could tell the difference.
 * @throws Error with go-yaml's reason when a limit is exceeded.
 */
export function checkGoYamlLimits(document: unknown): void {
  const sizes = new WeakMap<object, number>();
  const depths = new WeakMap<object, number>();
  const open = new Set<object>();
  let decodes = 1; // the document node
  let aliases = 0;
  const count = (operations: number, aliased: boolean): void => {
    decodes += operations;
    if (aliased) aliases += operations;
    if (excessiveAliasing(aliases, decodes)) throw new Error('document contains excessive aliasing');
  };
  const stack: Frame[] = [];
  const enter = (value: unknown): void => {
    if (!isNode(value)) {
      count(1, false);
      return;
    }
    if (open.has(value)) throw new Error("an anchor's value contains an alias to itself");
    const size = sizes.get(value);
    if (size !== undefined) {
      // An alias: one operation for the alias node, then the whole anchored value again.
      count(1, false);
      count(size, true);
      return;
    }
    count(1, false);
    if (stack.length >= MAX_DEPTH) throw new Error(`exceeded max depth of ${MAX_DEPTH}`);
    open.add(value);
    const children = Array.isArray(value) ? value : Object.values(value);
    stack.push({ node: value, children, next: 0 });
  };
  enter(document);
  for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
    if (frame.next < frame.children.length) {
      if (!Array.isArray(frame.node)) count(1, false); // the key
      enter(frame.children[frame.next++]);
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    let depth = 0;
    for (const child of frame.children) if (isNode(child)) depth = Math.max(depth, depths.get(child) ?? 0);
    if (depth + 1 + stack.length > MAX_DEPTH) throw new Error(`exceeded max depth of ${MAX_DEPTH}`);
    depths.set(frame.node, depth + 1);
    sizes.set(frame.node, operationsOf(frame.node, sizes));
  }
}
