/**
 * Reads the manifests a kubectl command names with `-f` (files, folders, `-R`), the way kubectl
 * would, to learn which Namespace objects they hold; reports what it cannot see (`-f -`, whose
 * stdin only kubectl may consume, `-k`, URLs, unreadable or unparsable files). Never reads any
 * other file a flag names (`--from-env-file` stays unread). Never throws.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { type CommandLine, flagOn, flagValues } from './argv.js';
import type { Manifests } from './decide.js';

/** Beyond this much text the guard stops reading and counts the rest as unseen. */
const MAX_BYTES = 16 * 1024 * 1024;
const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

function namespacesIn(doc: unknown, out: string[]): void {
  if (typeof doc !== 'object' || doc === null) return;
  const object = doc as { kind?: unknown; metadata?: { name?: unknown }; items?: unknown };
  if (object.kind === 'Namespace' && typeof object.metadata?.name === 'string') out.push(object.metadata.name);
  if (Array.isArray(object.items)) for (const item of object.items) namespacesIn(item, out);
}

export function readManifests(line: CommandLine, cwd: string): Manifests {
  const found: Manifests = { namespaces: [], unseen: [] };
  if (line.tool !== 'kubectl') return found;
  for (const dir of flagValues(line, 'kustomize')) found.unseen.push(`-k ${dir}`);
  const recursive = flagOn(line, 'recursive');
  let budget = MAX_BYTES;
  const readFile = (path: string, shown: string): void => {
    try {
      // A pipe or device (`-f /dev/stdin`) would be consumed: only kubectl may read it.
      const stat = statSync(path);
      if (!stat.isFile() || stat.size > budget) throw new Error('not a regular file, or too large');
      budget -= stat.size;
      for (const doc of yaml.loadAll(readFileSync(path, 'utf8'))) namespacesIn(doc, found.namespaces);
    } catch {
      found.unseen.push(shown);
    }
  };
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      found.unseen.push(dir);
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        found.unseen.push(path);
        continue;
      }
      if (isDir) {
        if (recursive) walk(path);
      } else if (EXTENSIONS.has(extname(entry))) readFile(path, path);
    }
  };
  for (const name of flagValues(line, 'filename')) {
    if (name === '-') found.unseen.push('stdin (-f -)');
    else if (/^https?:\/\//i.test(name)) found.unseen.push(name);
    else {
      const path = resolve(cwd, name);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        found.unseen.push(name);
        continue;
      }
      if (isDir) walk(path);
      else readFile(path, name);
    }
  }
  return found;
}
