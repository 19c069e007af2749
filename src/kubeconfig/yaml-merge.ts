/**
 * Re-applies YAML `<<` merge keys the way go-yaml v2 (kubectl) does, from js-yaml's node events:
 * entries are applied in document order, so a merge overrides keys written before it.
 */
import type { EventType, State } from 'js-yaml';

const MERGE_TAG = 'tag:yaml.org,2002:merge';

interface Frame {
  kind: string | null;
  tag: string | null;
  result: unknown;
  children: Frame[];
}

/** The recorded tree does not line up with js-yaml's result (an exotic construct): keep js-yaml's value. */
class Mismatch extends Error {}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const isMapping = (value: unknown): value is Record<string, unknown> =>
  isObject(value) && Object.getPrototypeOf(value) === Object.prototype;

function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export class NodeRecorder {
  private readonly stack: Frame[] = [{ kind: null, tag: null, result: undefined, children: [] }];
  private readonly collections = new WeakMap<object, Frame>();
  private readonly building = new Set<Frame>();
  /** Each anchored node is rebuilt once and shared by its aliases, as js-yaml shares it. */
  private readonly built = new Map<Frame, unknown>();

  /** js-yaml calls this when it starts and finishes composing each node. */
  readonly listener = (event: EventType, state: State): void => {
    if (event === 'open') {
      this.stack.push({ kind: null, tag: null, result: undefined, children: [] });
      return;
    }
    const frame = this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    if (!frame || !parent) return;
    frame.kind = state.kind;
    frame.tag = (state as State & { tag: string | null }).tag;
    frame.result = state.result;
    if (
      (frame.kind === 'mapping' || frame.kind === 'sequence') &&
      isObject(frame.result) &&
      !this.collections.has(frame.result)
    ) {
      this.collections.set(frame.result, frame);
    }
    parent.children.push(frame);
  };

  /** The document rebuilt with go-yaml's merge order, or `loaded` when the events cannot be trusted. */
  rebuild(loaded: unknown): unknown {
    const root = this.stack[0]?.children[0];
    if (!root) return loaded;
    try {
      return this.build(root);
    } catch (error) {
      if (error instanceof Mismatch) return loaded;
      throw error;
    }
  }

  private build(start: Frame): unknown {
    let frame = start;
    // A node that js-yaml first tried as a block mapping wraps the real node, with the same result.
    while (frame.children.length === 1 && isObject(frame.result) && frame.children[0]?.result === frame.result)
      frame = frame.children[0];
    if (frame.kind === 'sequence') {
      if (!Array.isArray(frame.result) || frame.children.length !== frame.result.length) throw new Mismatch();
      return frame.children.map((child) => this.build(child));
    }
    if (frame.kind === 'mapping') return this.mapping(frame);
    if (frame.kind === null && isObject(frame.result)) {
      // An alias: rebuild the anchored collection.
      const target = this.collections.get(frame.result);
      if (!target || this.building.has(target)) throw new Mismatch();
      if (this.built.has(target)) return this.built.get(target);
      this.building.add(target);
      try {
        const value = this.build(target);
        this.built.set(target, value);
        return value;
      } finally {
        this.building.delete(target);
      }
    }
    return frame.result;
  }

  private mapping(frame: Frame): Record<string, unknown> {
    const { children } = frame;
    if (children.length % 2 !== 0 || !isObject(frame.result)) throw new Mismatch();
    const out: Record<string, unknown> = {};
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i] as Frame;
      const value = this.build(children[i + 1] as Frame);
      if (key.tag !== MERGE_TAG) {
        put(out, String(this.build(key)), value);
        continue;
      }
      // go-yaml v2: a list of mappings is merged last to first, so earlier ones win among themselves.
      const sources = Array.isArray(value) ? [...value].reverse() : [value];
      for (const source of sources) {
        if (!isMapping(source)) throw new Error('a merge key (<<) needs a mapping or a list of mappings');
        for (const [k, v] of Object.entries(source)) put(out, k, v);
      }
    }
    const keys = (record: object): string => Object.keys(record).sort().join('\u0000');
    if (keys(out) !== keys(frame.result)) throw new Mismatch();
    return out;
  }
}
