/** The launchd agent property list for the daemon, every value XML-escaped. Pure. */
import { join } from 'node:path';
import { GENERATED_MARKER, LAUNCHD_LABEL, type ServicePlan } from './plan.js';
import { assertPrintable } from './systemd.js';

/** Escapes text for an XML element or comment-free attribute. */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function string(value: string, what: string): string {
  assertPrintable(value, what);
  return `<string>${xmlEscape(value)}</string>`;
}

/** @throws ServiceFileError when a path or value holds a control character. */
export function launchdPlist(plan: ServicePlan): string {
  const env = plan.environment.map(
    ([name, value]) => `\t\t<key>${xmlEscape(name)}</key>\n\t\t${string(value, 'the value')}`,
  );
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- ${GENERATED_MARKER}; remove it with: kctx-guard daemon uninstall -->`,
    '<plist version="1.0">',
    '<dict>',
    `\t<key>Label</key>\n\t<string>${LAUNCHD_LABEL}</string>`,
    '\t<key>ProgramArguments</key>\n\t<array>',
    ...plan.program.map((word) => `\t\t${string(word, 'the path')}`),
    '\t</array>',
    ...(env.length > 0 ? ['\t<key>EnvironmentVariables</key>\n\t<dict>', ...env, '\t</dict>'] : []),
    `\t<key>WorkingDirectory</key>\n\t${string(plan.home, 'the path')}`,
    '\t<key>RunAtLoad</key>\n\t<true/>',
    '\t<key>KeepAlive</key>\n\t<dict>\n\t\t<key>SuccessfulExit</key>\n\t\t<false/>\n\t</dict>',
    '\t<key>ProcessType</key>\n\t<string>Background</string>',
    `\t<key>StandardOutPath</key>\n\t${string(join(plan.logDir, 'launchd.out.log'), 'the path')}`,
    `\t<key>StandardErrorPath</key>\n\t${string(join(plan.logDir, 'launchd.err.log'), 'the path')}`,
    '</dict>',
    '</plist>',
  ];
  return `${lines.join('\n')}\n`;
}
