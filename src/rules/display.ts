/**
 * Display names: the short name the prompt shows (and the guard accepts) for a context or cluster.
 * The user's `display` rules are tried first, in order, first match wins; then, unless `shorten:
 * false`, the built-in shortening of cloud providers' generated names. A name nothing matches is
 * shown as it is. The full names stay in `status`. Pure.
 */

export const DISPLAY_FIELDS = ['context', 'cluster'] as const;
export type DisplayField = (typeof DISPLAY_FIELDS)[number];

/** Visible characters per name in the prompt, after sanitizing; longer names lose their middle. */
export const DEFAULT_MAX_LENGTH = 40;
export const MIN_MAX_LENGTH = 8;
/** The sanitizer's own cap (render/sanitize.ts MAX_NAME_LENGTH): a longer limit would never apply. */
export const MAX_MAX_LENGTH = 64;

export interface DisplayRule {
  /** Where the rule comes from, e.g. `config.yaml:12 (display rule 1)`. */
  origin: string;
  /** The field it renames; undefined: both. */
  field: DisplayField | undefined;
  /** Anchored: the whole name must match. */
  regex: RegExp;
  /** `$name`, `${name}`, `$1` and `$$`, already checked against the regex's groups. */
  template: string;
}

export interface DisplayConfig {
  rules: DisplayRule[];
  /** The built-in shortening of EKS, eksctl and GKE names. */
  shorten: boolean;
  maxLength: number;
}

export function defaultDisplay(): DisplayConfig {
  return { rules: [], shorten: true, maxLength: DEFAULT_MAX_LENGTH };
}

// Formats the cloud CLIs write into kubeconfig; each keeps only the cluster's own name.
const BUILT_IN: { name: string; regex: RegExp; template: string }[] = [
  // `aws eks update-kubeconfig` names the context, cluster and user after the cluster's ARN unless
  // --alias is given: arn:<partition>:eks:<region>:<account>:cluster/<name>, partition aws, aws-cn
  // or aws-us-gov; EKS cluster names are [0-9A-Za-z][A-Za-z0-9_-]* (up to 100).
  // https://docs.aws.amazon.com/cli/latest/reference/eks/update-kubeconfig.html ("--alias …
  // default: the cluster ARN"), https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html
  {
    name: 'EKS ARN',
    regex: /^arn:aws(?:-[a-z]+)*:eks:[a-z0-9-]+:[0-9]{12}:cluster\/(?<name>[0-9A-Za-z][A-Za-z0-9_-]*)$/,
    template: '$name',
  },
  // eksctl names the cluster <name>.<region>.eksctl.io and the context <iam-identity>@<that>.
  // https://eksctl.io/usage/kubeconfig-generation/
  {
    name: 'eksctl',
    regex: /^(?:(?<who>[^@]+)@)?(?<name>[0-9A-Za-z][A-Za-z0-9_-]*)\.[a-z0-9-]+\.eksctl\.io$/,
    template: '$name',
  },
  // `gcloud container clusters get-credentials` names the context, cluster and user
  // gke_<project>_<location>_<cluster>: project IDs hold no underscore (a domain-scoped one holds
  // `example.com:`), locations are zones or regions, cluster names are lowercase letters, digits
  // and hyphens. https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl
  {
    name: 'GKE',
    regex: /^gke_[^_]+_[a-z0-9-]+_(?<name>[a-z][a-z0-9-]*)$/,
    template: '$name',
  },
  // AKS needs no rule here: `az aks get-credentials --name <name>` already names the cluster and
  // context <name> (the context <name>-admin with --admin; the segment shows that context alone, see
  // render/segment.ts). https://learn.microsoft.com/en-us/cli/azure/aks#az-aks-get-credentials
];

/** Fills a checked template from a match. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(
    /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+)\}|([A-Za-z_][A-Za-z0-9_]*|[0-9]+))/g,
    (_, braced, bare) => {
      const ref: string | undefined = braced ?? bare;
      if (ref === undefined) return '$';
      const value = /^[0-9]+$/.test(ref) ? match[Number(ref)] : match.groups?.[ref];
      return value ?? '';
    },
  );
}

/** The references a template makes (`name`, `1`), for checking them against the regex's groups. */
export function templateRefs(template: string): string[] {
  const refs: string[] = [];
  for (const m of template.matchAll(/\$(?:\$|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*|[0-9]+))/g)) {
    const ref = m[1] ?? m[2];
    if (ref !== undefined) refs.push(ref);
  }
  return refs;
}

/**
 * The display name of one name; the name itself when no rule matches or a rule yields nothing. The
 * user's rules come first, then an `alias` the kubeconfig declares for it, then built-in shortening.
 */
export function displayName(name: string, field: DisplayField, config: DisplayConfig, alias?: string): string {
  for (const rule of config.rules) {
    if (rule.field !== undefined && rule.field !== field) continue;
    const match = rule.regex.exec(name);
    if (match) return expand(rule.template, match) || name;
  }
  if (alias !== undefined && alias.trim() !== '') return alias;
  if (config.shorten) {
    for (const rule of BUILT_IN) {
      const match = rule.regex.exec(name);
      if (match) return expand(rule.template, match) || name;
    }
  }
  return name;
}

/** Display names of a target's context and cluster. */
export function displayNames(
  names: { context: string; cluster: string },
  config: DisplayConfig,
  aliases: { context?: string | undefined; cluster?: string | undefined } = {},
): { context: string; cluster: string } {
  return {
    context: displayName(names.context, 'context', config, aliases.context),
    cluster: displayName(names.cluster, 'cluster', config, aliases.cluster),
  };
}
