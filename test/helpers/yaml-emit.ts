/** A small YAML emitter with random-but-legal styles (block/flow, quoting, anchors, comments) for generated kubeconfigs. */
import type { Rng } from './prng.js';

/** A YAML node; scalars carry their final token text, chosen by the caller. */
export type YNode =
  | { t: 'scalar'; token: string }
  /** A block scalar header (`|-`, `>-`, `|`) and its one line of content; only legal in block context. */
  | { t: 'block'; header: string; line: string }
  | { t: 'map'; entries: [string, YNode][]; flow: boolean; anchor?: string }
  | { t: 'seq'; items: YNode[]; flow: boolean }
  | { t: 'alias'; name: string };

export const scalar = (token: string): YNode => ({ t: 'scalar', token });

/** Emits a flow (inline) rendering; block-only nodes are turned into quoted scalars. */
export function inline(node: YNode): string {
  switch (node.t) {
    case 'scalar':
      return node.token === '' ? '~' : node.token;
    case 'block': {
      const text = node.header.startsWith('|') && !node.header.endsWith('-') ? `${node.line}\n` : node.line;
      return JSON.stringify(text);
    }
    case 'alias':
      return `*${node.name}`;
    case 'map': {
      const body = node.entries.map(([key, value]) => `${key}: ${inline(value)}`).join(', ');
      return `${node.anchor ? `&${node.anchor} ` : ''}{${body}}`;
    }
    case 'seq':
      return `[${node.items.map(inline).join(', ')}]`;
  }
}

function isBlockCollection(node: YNode): node is Extract<YNode, { t: 'map' | 'seq' }> {
  return (node.t === 'map' || node.t === 'seq') && !node.flow;
}

export class Emitter {
  constructor(private readonly rng: Rng) {}

  private comment(pad: string): string[] {
    return this.rng.chance(0.06)
      ? [`${pad}# ${this.rng.pick(['note', 'managed by hand', 'TODO: clean up', '---not a marker'])}`]
      : [];
  }

  private trailing(): string {
    return this.rng.chance(0.05) ? ' # trailing comment' : '';
  }

  /** Lines for a block-context node at `indent` spaces (the node itself must be a block collection). */
  block(node: YNode, indent: number): string[] {
    const pad = ' '.repeat(indent);
    if (node.t === 'map' && !node.flow) {
      const lines: string[] = [];
      for (const [key, value] of node.entries) {
        lines.push(...this.comment(pad));
        lines.push(...this.entry(pad, key, value, indent));
      }
      return lines.length > 0 ? lines : [`${pad}{}`];
    }
    if (node.t === 'seq' && !node.flow) {
      const lines: string[] = [];
      for (const item of node.items) {
        lines.push(...this.comment(pad));
        if (
          isBlockCollection(item) &&
          (item.t === 'seq' || item.entries.length > 0) &&
          !(item.t === 'map' && item.anchor)
        ) {
          const inner = this.block(item, indent + 2);
          const first = inner[0] ?? '';
          lines.push(`${pad}- ${first.slice(indent + 2)}`, ...inner.slice(1));
        } else if (item.t === 'map' && item.anchor && !item.flow) {
          lines.push(`${pad}- &${item.anchor}`, ...this.block({ ...item, anchor: undefined } as YNode, indent + 2));
        } else {
          lines.push(`${pad}- ${inline(item)}${this.trailing()}`);
        }
      }
      return lines.length > 0 ? lines : [`${pad}[]`];
    }
    return [`${pad}${inline(node)}`];
  }

  private entry(pad: string, key: string, value: YNode, indent: number): string[] {
    switch (value.t) {
      case 'scalar':
        return [
          value.token === '' ? `${pad}${key}:${this.trailing()}` : `${pad}${key}: ${value.token}${this.trailing()}`,
        ];
      case 'block':
        return [`${pad}${key}: ${value.header}`, `${pad}  ${value.line}`];
      case 'alias':
        return [`${pad}${key}: *${value.name}${this.trailing()}`];
      case 'map':
        if (value.flow || value.entries.length === 0) return [`${pad}${key}: ${inline(value)}${this.trailing()}`];
        return [
          `${pad}${key}:${value.anchor ? ` &${value.anchor}` : ''}`,
          ...this.block({ ...value, anchor: undefined } as YNode, indent + 2),
        ];
      case 'seq': {
        if (value.flow || value.items.length === 0) return [`${pad}${key}: ${inline(value)}${this.trailing()}`];
        // A block sequence may sit at its key's indentation or deeper; both are common in kubeconfigs.
        return [`${pad}${key}:`, ...this.block(value, this.rng.chance(0.5) ? indent : indent + 2)];
      }
    }
  }
}

/**
 * A double-quoted YAML scalar holding exactly `text`: JSON's escapes are YAML's, and DEL and the
 * C1 controls are escaped too, since kubectl (go-yaml) refuses them raw in a file.
 */
export function yamlQuote(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
