/** The rules used when config.yaml has none (and after the user's rules unless `defaults: false`). */
import { compilePattern } from './pattern.js';
import type { Level, MatchField, Rule } from './types.js';

// Whole words only, so "product" or "delivery" are not production; digits may follow ("prod2").
const word = (alternatives: string): string => `/(^|[^a-z0-9])(${alternatives})[0-9]*([^a-z0-9]|$)/i`;

// Danger is tried first, so a production name anywhere wins over a staging name elsewhere
// (context "prod" on cluster "preprod-1" is danger); "pre-prod" is not production.
const GROUPS: { name: string; level: Level; pattern: string; fields: MatchField[] }[] = [
  {
    name: 'production names',
    level: 'danger',
    pattern: word('(?<!pre[-_])(prod|production|prd|live)'),
    fields: ['context', 'cluster', 'server'],
  },
  {
    name: 'staging names',
    level: 'warn',
    pattern: word('stag|stage|staging|stg|uat|qa|preprod|pre-prod|pre_prod'),
    fields: ['context', 'cluster', 'server'],
  },
  {
    name: 'local clusters',
    level: 'safe',
    pattern: '/^(kind-|k3d-|minikube$|docker-desktop$|docker-for-desktop$|rancher-desktop$|orbstack$|colima)/i',
    fields: ['context', 'cluster'],
  },
  {
    name: 'local servers',
    level: 'safe',
    pattern: '/^https?:\\/\\/(localhost|127\\.[0-9.]+|\\[::1\\]|0\\.0\\.0\\.0)(:[0-9]+)?(\\/|$)/i',
    fields: ['server'],
  },
];

export function defaultRules(): Rule[] {
  return GROUPS.flatMap((group) =>
    group.fields.map((field) => ({
      origin: `default: ${group.name} (${field})`,
      match: { [field]: compilePattern(group.pattern) },
      level: group.level,
      label: undefined,
      symbol: undefined,
      color: undefined,
      layer: 'default' as const,
    })),
  );
}
