/**
 * The oldest shell each hook runs in, and the one line an older shell gets instead of the hook: the
 * init check (shell/templates/<shell>/check.*) and `doctor` both say it, from this table. Pure.
 */
import type { ShellName } from '../render/index.js';

export interface ShellMinimum {
  readonly major: number;
  readonly minor: number;
  /** What to do about it, after the dash. */
  readonly advice: string;
}

export const SHELL_MINIMUM: Record<ShellName, ShellMinimum> = {
  bash: { major: 4, minor: 4, advice: 'on macOS: brew install bash, or use zsh' },
  zsh: { major: 5, minor: 3, advice: 'on macOS: brew install zsh' },
  fish: { major: 3, minor: 3, advice: 'on macOS: brew install fish' },
};

/** The line's two fixed parts; the shell's version goes between them. */
export function tooOldParts(shell: ShellName): { head: string; tail: string } {
  const { major, minor, advice } = SHELL_MINIMUM[shell];
  return { head: `kctx-guard needs ${shell} ${major}.${minor} or newer; this is `, tail: ` — ${advice}` };
}

/**
 * The version as the check prints it: bash `major.minor` (BASH_VERSION `3.2.57(1)-release` is 3.2),
 * zsh and fish the leading digits and dots of ZSH_VERSION / FISH_VERSION as they are.
 */
export function shownVersion(shell: ShellName, version: string): string {
  const digits = /^[0-9.]*/.exec(version)![0];
  if (shell !== 'bash') return shell === 'fish' ? version : digits;
  const [major = '', minor = ''] = digits.split('.');
  return `${major}.${minor}`;
}

/** True when `version` (BASH_VERSION, ZSH_VERSION or FISH_VERSION) is older than the hook needs; an unreadable version is too old. */
export function isTooOld(shell: ShellName, version: string): boolean {
  const match = /^([0-9]+)\.([0-9]+)/.exec(version);
  if (!match) return shell !== 'fish';
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const need = SHELL_MINIMUM[shell];
  return major < need.major || (major === need.major && minor < need.minor);
}

/** The line an older shell prints instead of loading the hook, or undefined when `version` is new enough. */
export function tooOldLine(shell: ShellName, version: string): string | undefined {
  if (!isTooOld(shell, version)) return undefined;
  const { head, tail } = tooOldParts(shell);
  return `${head}${shownVersion(shell, version)}${tail}`;
}

/**
 * fish's `switch` patterns for versions older than the minimum (fish's globs have `*` and `?` only, and
 * `string` is missing before fish 2.3): every older major, and each older minor of the same major
 * as `M.n`, `M.n.*`, `M.nb*` (betas) and `M.n-*` (builds from git).
 */
export function fishTooOldPatterns(): string[] {
  const { major, minor } = SHELL_MINIMUM.fish;
  const patterns: string[] = [];
  for (let m = 0; m < major; m++) patterns.push(`${m}.*`);
  for (let n = 0; n < minor; n++)
    patterns.push(`${major}.${n}`, `${major}.${n}.*`, `${major}.${n}b*`, `${major}.${n}-*`);
  return patterns;
}

/** The placeholders of the init check: @MIN_MAJOR!@, @MIN_MINOR!@, @TOO_OLD_HEAD@, @TOO_OLD_TAIL@, @FISH_TOO_OLD@. */
export function minimumTables(shell: ShellName): Record<string, string | number | string[]> {
  const { head, tail } = tooOldParts(shell);
  return {
    MIN_MAJOR: SHELL_MINIMUM[shell].major,
    MIN_MINOR: SHELL_MINIMUM[shell].minor,
    TOO_OLD_HEAD: head,
    TOO_OLD_TAIL: tail,
    FISH_TOO_OLD: fishTooOldPatterns(),
  };
}
