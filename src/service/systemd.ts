/** The systemd user unit for the daemon, with every path quoted by systemd's own rules so spaces, quotes, `%` and `$` survive. Pure. */
import { GENERATED_MARKER, type ServicePlan } from './plan.js';

export class ServiceFileError extends Error {
  override readonly name = 'ServiceFileError';
}

/** Control characters cannot be written into a unit or plist line in a way every version reads back. */
export function assertPrintable(value: string, what: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new ServiceFileError(
      `${what} ${JSON.stringify(value)} contains a control character (newline, tab, ESC…), which a service file cannot hold; move it to a path without one and run kctx-guard daemon install again`,
    );
  }
}

/**
 * One word of a systemd command line or assignment: double-quoted when it holds anything but
 * plain path characters, with `\` and `"` backslash-escaped and `%` doubled (specifiers). In
 * command arguments `$` is doubled too (variable expansion); systemd expands neither in the
 * executable's own path, and refuses quotes and backslashes there.
 * @throws ServiceFileError for control characters, or quotes/backslashes in the executable.
 */
export function systemdWord(value: string, where: 'executable' | 'argument' | 'assignment'): string {
  assertPrintable(value, where === 'assignment' ? 'the value' : 'the path');
  if (where === 'executable' && /["'\\]/.test(value)) {
    throw new ServiceFileError(
      `the path ${JSON.stringify(value)} contains a quote or backslash, which systemd does not accept in the program it starts; install node at a path without one (or run kctx-guard daemon run --quiet from your own service manager)`,
    );
  }
  let escaped = value.replace(/%/g, '%%');
  if (where === 'argument') escaped = escaped.replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_./:@+=,-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** @throws ServiceFileError when a path or value holds a control character. */
export function systemdUnit(plan: ServicePlan): string {
  const lines = [
    `# ${GENERATED_MARKER}; remove it with: kctx-guard daemon uninstall`,
    '[Unit]',
    'Description=kctx-guard daemon: keeps the Kubernetes prompt cache true',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${plan.program.map((word, index) => systemdWord(word, index === 0 ? 'executable' : 'argument')).join(' ')}`,
    'ExecReload=kill -HUP $MAINPID',
    'WorkingDirectory=~',
    ...plan.environment.map(([name, value]) => `Environment=${systemdWord(`${name}=${value}`, 'assignment')}`),
    'Restart=on-failure',
    'RestartSec=2',
    '# The daemon writes its own log (see kctx-guard daemon status); with --quiet stdout stays empty.',
    'StandardOutput=journal',
    'StandardError=journal',
    '',
    '[Install]',
    'WantedBy=default.target',
  ];
  return `${lines.join('\n')}\n`;
}
