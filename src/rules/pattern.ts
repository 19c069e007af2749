/** Compiles a rule pattern: `/regex/flags` as written, anything else an anchored, case-insensitive glob. Pure. */
import type { Matcher } from './types.js';

export class PatternError extends Error {
  override readonly name = 'PatternError';
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'is');
}

/**
 * @throws PatternError when a `/regex/` does not compile or a pattern is empty.
 */
export function compilePattern(source: string): Matcher {
  if (source === '') throw new PatternError('empty pattern (use "*" to match anything)');
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(source);
  let compiled: RegExp;
  if (regex) {
    try {
      compiled = new RegExp(regex[1]!, regex[2]!.replace(/[gy]/g, ''));
    } catch (cause) {
      throw new PatternError(`invalid regular expression ${source}: ${(cause as Error).message}`, { cause });
    }
  } else {
    compiled = globToRegExp(source);
  }
  return { source, test: (value) => compiled.test(value) };
}
