/** The text shown before a guarded command runs: what will happen, where, and why we ask. Pure. */
import type { Resolution } from '../kubeconfig/index.js';
import { sanitizeName } from '../render/index.js';
import type { Classification } from '../rules/index.js';
import type { CommandLine } from './argv.js';
import { maskArgv } from './audit.js';
import type { Decision } from './decide.js';

const safe = (value: string | undefined | null): string => sanitizeName(value ?? '', 120);

export function summary(
  tool: string,
  argv: string[],
  line: CommandLine,
  resolution: Resolution,
  classification: Classification | undefined,
  decision: Decision,
  problems: string[],
): string {
  const target = resolution.ok ? resolution.target : undefined;
  const level = classification?.level ?? (resolution.ok ? 'unclassified' : 'unknown');
  const namespace = line.target.allNamespaces ? '(all namespaces)' : (line.target.namespace ?? target?.namespace);
  const rows = [
    `kctx-guard: ${sanitizeName([tool, ...maskArgv(argv)].join(' '), 300)}`,
    `  cluster    ${safe(target?.cluster)}  [${level.toUpperCase()}]`,
    `  context    ${safe(target?.context ?? (resolution.ok ? '' : resolution.context))}`,
    `  namespace  ${safe(namespace)}`,
    `  server     ${safe(line.target.server ?? target?.server)}`,
  ];
  const objects = line.words.slice(1).join(' ');
  if (objects) rows.push(`  objects    ${safe(objects)}`);
  rows.push(...decision.reasons.map((reason) => `  ! ${sanitizeName(reason, 400)}`));
  rows.push(...problems.map((problem) => `  (config: ${safe(problem)})`));
  return rows.join('\n');
}
