/**
 * Reads config.yaml and the team files it includes, the one way every part of kctx-guard does it
 * (daemon, shells' fallback, status, doctor, rules, guard): only regular files, never more than a
 * kubeconfig's cap, and any file that cannot be read is a problem the prompt and status show.
 */
import { parseRuleConfig, type RuleSet } from '../rules/index.js';
import { MAX_KUBECONFIG_BYTES } from './load.js';
import { FileRefusedError, readRegularFile } from './read-file.js';

export interface RuleFile {
  /** config.yaml's text; undefined when it does not exist or cannot be read. */
  text: string | undefined;
  exists: boolean;
  ruleSet: RuleSet;
}

function reason(error: unknown): string {
  if (error instanceof FileRefusedError) return error.message;
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (error as Error).message;
}

function read(path: string): string {
  try {
    return readRegularFile(path, MAX_KUBECONFIG_BYTES);
  } catch (error) {
    throw new Error(reason(error), { cause: error });
  }
}

/** Never throws: an unreadable config.yaml or include is a problem, and the defaults apply. */
export function readRuleFile(file: string, home: string): RuleFile {
  let text: string | undefined;
  try {
    text = readRegularFile(file, MAX_KUBECONFIG_BYTES);
  } catch (error) {
    if (error instanceof FileRefusedError || (error as { code?: string }).code !== 'ENOENT') {
      const ruleSet = parseRuleConfig(undefined, file);
      const problems = [{ file, line: undefined, message: `cannot read: ${reason(error)}` }];
      return { text: undefined, exists: true, ruleSet: { ...ruleSet, problems } };
    }
    return { text: undefined, exists: false, ruleSet: parseRuleConfig(undefined, file) };
  }
  return { text, exists: true, ruleSet: parseRuleConfig(text, file, { home, read }) };
}
