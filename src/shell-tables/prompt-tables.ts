/**
 * The prompt's own tables: helm's environment variables that move its target (shown as a
 * `[helm: …]` marker, compared at every prompt), and the commands that show the segment in the
 * show-on-command mode (KCTX_GUARD_SHOW=on-command). Nothing here is shell syntax. Pure.
 */

/** How the marker names a helm variable; `secret` ones are named without their value. */
export interface HelmTargetVariable {
  readonly variable: string;
  readonly label: string;
  readonly secret: boolean;
}

/** helm's settings that change which cluster, namespace or identity it acts on (helm 3 `helm env`). */
export const HELM_TARGET_ENV: readonly HelmTargetVariable[] = [
  { variable: 'HELM_KUBECONTEXT', label: 'context', secret: false },
  { variable: 'HELM_NAMESPACE', label: 'ns', secret: false },
  { variable: 'HELM_KUBEAPISERVER', label: 'server', secret: false },
  { variable: 'HELM_KUBEASUSER', label: 'as', secret: false },
  { variable: 'HELM_KUBEASGROUPS', label: 'as-groups', secret: false },
  { variable: 'HELM_KUBETOKEN', label: 'token', secret: true },
];

/** A value longer than this is cut (with `…`): the marker must not push the prompt off the line. */
export const HELM_VALUE_MAX = 40;

/** The commands whose command line shows the segment in the show-on-command mode. */
export const SHOW_ON_COMMAND = [
  'kubectl',
  'helm',
  'k9s',
  'kubecolor',
  'flux',
  'argocd',
  'kubectx',
  'kubens',
  'stern',
  'kctx-guard',
] as const;

/** The terminal background on danger with KCTX_GUARD_TERMINAL_COLOR=on (OSC 11, an X11 colour spec): a dark red. */
export const TERMINAL_DANGER_BG = 'rgb:48/00/00';

/**
 * The tables as template values: `HELM_VARS` the names (the environment comparison) and their count,
 * `HELM_ENV` `VARIABLE=label` for a value shown and `VARIABLE/label` for a value never shown.
 */
export function promptTables(): Record<string, string | readonly string[] | number> {
  const names = HELM_TARGET_ENV.map(({ variable }) => variable);
  return {
    HELM_VARS: names,
    HELM_VAR_COUNT: names.length,
    HELM_ENV: HELM_TARGET_ENV.map(({ variable, label, secret }) => `${variable}${secret ? '/' : '='}${label}`),
    HELM_VALUE_MAX,
    SHOW_COMMANDS: [...SHOW_ON_COMMAND],
    TERMINAL_DANGER_BG,
    // fish binds each key that can spell a command's name (it cannot watch every key): lowercase letters, digits, - and _.
    SHOW_KEYS: [...'abcdefghijklmnopqrstuvwxyz0123456789-_'],
  };
}
