/** The text shown before a guarded command runs: what will happen, where, and why we ask. Secrets masked. Pure. */
import type { Resolution } from '../kubeconfig/index.js';
import { sanitizeName } from '../render/index.js';
import type { Classification } from '../rules/index.js';
import { parseCommandLine, type CommandLine } from './argv.js';
import type { Decision } from './decide.js';
import { maskArgv, maskUrl } from './secrets.js';

const safe = (value: string | undefined | null): string => sanitizeName(maskUrl(value ?? ''), 120);

export function summary(
  line: CommandLine,
  argv: string[],
  resolution: Resolution,
  classification: Classification | undefined,
  decision: Decision,
  problems: string[],
): string {
  const masked = maskArgv(line.tool, argv);
  const shownLine = parseCommandLine(line.tool, masked);
  const target = resolution.ok ? resolution.target : undefined;
  const level = classification?.level ?? (resolution.ok ? 'unclassified' : 'unknown');
  const namespace = line.target.allNamespaces ? '(all namespaces)' : (line.target.namespace ?? target?.namespace);
  const rows = [
    `kctx-guard: ${sanitizeName([line.tool, ...masked].join(' '), 300)}`,
    `  cluster    ${safe(target?.cluster)}  [${level.toUpperCase()}]`,
    `  context    ${safe(target?.context ?? (resolution.ok ? '' : resolution.context))}`,
    `  namespace  ${safe(namespace)}`,
    `  server     ${safe(line.target.server ?? target?.server)}`,
  ];
  if (line.target.as) rows.push(`  as         ${safe(line.target.as)}`);
  if (line.target.fromEnv.length > 0) rows.push(`  from env   ${safe(line.target.fromEnv.join(' '))}`);
  // After `--`, delete takes more objects; exec, run and debug take the command to run in the pod.
  const afterDash = shownLine.path[0] === 'delete' ? shownLine.afterDash : [];
  const objects = [...shownLine.words.slice(shownLine.path.length), ...afterDash].join(' ');
  // A command the tables do not know (a plugin): its words are arguments, not objects.
  if (objects) rows.push(`  ${shownLine.path.length > 0 ? 'objects    ' : 'arguments  '}${safe(objects)}`);
  rows.push(...decision.reasons.map((reason) => `  ! ${sanitizeName(maskUrl(reason), 400)}`));
  rows.push(...problems.map((problem) => `  (config: ${safe(problem)})`));
  return rows.join('\n');
}
