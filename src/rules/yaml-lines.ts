/** Loads YAML remembering the 1-based line of every mapping, mapping key and list item, so config problems can name the right line. Pure. */
import yaml from 'js-yaml';

/** Where a config reader sends a problem: its message and the line it names (undefined: none). */
export type Report = (message: string, line: number | undefined) => void;

export interface LocatedYaml {
  doc: unknown;
  /** Where the document's content starts (also for a lone scalar). */
  docLine: number | undefined;
  /** Where a mapping or list starts. */
  lineOf(node: unknown): number | undefined;
  /** Where `key` is written in `mapping`, else where the mapping starts. */
  keyLine(mapping: unknown, key: string): number | undefined;
  /** Where item `index` of `list` is written, else where the list starts. */
  itemLine(list: unknown, index: number): number | undefined;
}

interface Frame {
  line: number;
  /** Direct children in document order: for a mapping key, value, key, value… */
  children: { result: unknown; line: number }[];
}

/** @throws yaml.YAMLException when the text is not valid YAML. */
export function loadWithLines(text: string, file: string): LocatedYaml {
  const starts = new WeakMap<object, number>();
  const keyLines = new WeakMap<object, Map<string, number>>();
  const itemLines = new WeakMap<object, number[]>();
  const stack: Frame[] = [];
  let docLine: number | undefined;
  const doc = yaml.load(text, {
    filename: file,
    listener(event, state) {
      if (event === 'open') return void stack.push({ line: state.line + 1, children: [] });
      const frame = stack.pop();
      if (frame === undefined) return;
      const result: unknown = state.result;
      if (stack.length === 0) docLine = frame.line;
      stack.at(-1)?.children.push({ result, line: frame.line });
      if (typeof result !== 'object' || result === null) return;
      starts.set(result, frame.line);
      if (Array.isArray(result)) {
        // An empty `-` item has no node of its own; then item lines are unknown, not shifted.
        if (frame.children.length === result.length)
          itemLines.set(
            result,
            frame.children.map((child) => child.line),
          );
      } else {
        const keys = new Map<string, number>();
        for (let i = 0; i < frame.children.length; i += 2) {
          const child = frame.children[i]!;
          if (typeof child.result === 'string' && !keys.has(child.result)) keys.set(child.result, child.line);
        }
        keyLines.set(result, keys);
      }
    },
  });
  const lineOf = (node: unknown): number | undefined =>
    typeof node === 'object' && node !== null ? starts.get(node) : undefined;
  return {
    doc,
    docLine,
    lineOf,
    keyLine: (mapping, key) =>
      (typeof mapping === 'object' && mapping !== null ? keyLines.get(mapping)?.get(key) : undefined) ??
      lineOf(mapping),
    itemLine: (list, index) =>
      (typeof list === 'object' && list !== null ? itemLines.get(list)?.[index] : undefined) ?? lineOf(list),
  };
}
