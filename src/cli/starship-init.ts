/**
 * `kctx-guard init starship`: the snippet of either way (env_var modules for shells with the hook,
 * the custom module without it), and `--write`, which merges it into the user's starship.toml
 * (src/cli/starship-merge.ts) atomically, keeping a copy of the file as it was.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homeDir, type Env } from '../locations.js';
import { fillStarship } from '../render/index.js';
import { starshipFormatPrefix } from '../shell-tables/index.js';

/** The TOML snippet of one way, filled in: `custom` for the module without the hook. */
export function starshipSnippet(shellDir: string, renderedDir: string, custom: boolean): string {
  const template = readFileSync(join(shellDir, custom ? 'starship-custom.toml' : 'starship.toml'), 'utf8');
  return fillStarship(template, join(renderedDir, 'kctx-guard-starship.bash'));
}

/** Where starship reads its configuration: $STARSHIP_CONFIG, else ~/.config/starship.toml. */
export function starshipConfigPath(env: Env): string {
  return env['STARSHIP_CONFIG'] || join(homeDir(env), '.config', 'starship.toml');
}

/**
 * Merges the snippet into `file` (created when missing) and returns a sentence for the user.
 * @throws StarshipMergeError (nothing written) when the file cannot be merged safely.
 */
export async function writeStarshipConfig(file: string, snippet: string, custom: boolean): Promise<string> {
  const { mergeStarship } = await import('./starship-merge.js');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const formatPrefix = custom ? '${custom.kctx_guard}' : starshipFormatPrefix();
  // The snippet's opening comments tell how to merge it by hand: in the merged file one line says whence.
  const tables = `# kctx-guard (kctx-guard init starship${custom ? ' --custom' : ''} --write)\n${snippet.replace(/^(#[^\n]*\n)+/, '')}`;
  const merged = mergeStarship(existing, { tables, formatPrefix }, file);
  const mode = existsSync(file) ? statSync(file).mode & 0o777 : 0o644;
  if (existsSync(file)) writeFileSync(`${file}.kctx-guard.bak`, existing, { mode });
  const temp = join(dirname(file), `.${Date.now()}-${process.pid}.kctx-guard.tmp`);
  writeFileSync(temp, merged, { mode });
  renameSync(temp, file);
  const copy = existing === '' ? '' : ` (the file as it was: ${file}.kctx-guard.bak)`;
  return `added kctx-guard's ${custom ? 'custom module' : 'level modules'} to ${file}, first in its format${copy}`;
}
