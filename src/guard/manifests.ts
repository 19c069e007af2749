/**
 * Reads the manifests a kubectl command names with `-f` (files, folders, `-R`), the way kubectl
 * would, to learn which objects they hold (Namespace objects count for the protected-namespace
 * rule; every named object for the blast radius); reports what it cannot see (`-f -`, whose
 * stdin only kubectl may consume, `-k`, URLs, unreadable or unparsable files). Never reads any
 * other file a flag names (`--from-env-file` stays unread). Never throws.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { type CommandLine, flagOn, flagValues } from './argv.js';
import type { ManifestObject, Manifests } from './decide.js';

/** Beyond this much text the guard stops reading and counts the rest as unseen. */
const MAX_BYTES = 16 * 1024 * 1024;
const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);
/** Objects kept for the blast radius, which looks up only a few of them anyway. */
const MAX_OBJECTS = 1000;

/** The objects in one YAML document: itself, or the items of a `kind: List`. */
function objectsIn(doc: unknown, found: { namespaces: string[]; objects: ManifestObject[] }): void {
  if (typeof doc !== 'object' || doc === null) return;
  const object = doc as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
    items?: unknown;
  };
  const name = object.metadata?.name;
  if (object.kind === 'Namespace' && typeof name === 'string') found.namespaces.push(name);
  if (typeof object.kind === 'string' && typeof name === 'string' && found.objects.length < MAX_OBJECTS) {
    const namespace = object.metadata?.namespace;
    found.objects.push({
      apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : '',
      kind: object.kind,
      name,
      namespace: typeof namespace === 'string' && namespace !== '' ? namespace : undefined,
    });
  }
  if (Array.isArray(object.items)) for (const item of object.items) objectsIn(item, found);
}

export function readManifests(line: CommandLine, cwd: string): Manifests {
  const found: Manifests & { objects: ManifestObject[] } = { namespaces: [], unseen: [], objects: [] };
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
      for (const doc of yaml.loadAll(readFileSync(path, 'utf8'))) objectsIn(doc, found);
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
