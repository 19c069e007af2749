/** The commented starter config.yaml that `kctx-guard config init` writes: valid as written, and equal in effect to no file. */

export const STARTER_CONFIG = `# kctx-guard danger rules (reference: docs/rules.md in the kctx-guard repository).
# The daemon watches this file: saving it recolours every prompt.
# Check the result with:   kctx-guard rules            (every context, its level and rule)
#                          kctx-guard rules test --context prod-eu   (one target, explained)
#
# Rules are tried in order; the first rule whose fields all match decides.
# Fields: context, cluster, server, namespace, user. A pattern is a glob (* ? [abc] [!abc],
# anchored, case-insensitive) or a /regex/flags. Levels: danger, warn, safe, unclassified.
# Optional: label (text before the cluster), symbol (replaces ⎈), color (a name or 0-255).
#
# Remove the "#" in front of the rules you want (keep the two-space indentation).
rules:
#  - cluster: "gke_acme-prod_*"
#    level: danger
#    label: PROD
#  - server: "/\\\\.prod\\\\.acme\\\\.internal(:\\\\d+)?$/"
#    level: danger
#  - context: "dev-*"
#    namespace: "kube-system"
#    level: warn
#    symbol: "⚠"
#    color: magenta
#  - context: "*"
#    user: "readonly-*"
#    level: safe

# Your rules come first; the built-in defaults (production names → danger, staging names →
# warn, kind/k3d/minikube/localhost → safe) are tried after them.
# Set to false to use only your rules (everything unmatched is then unclassified).
defaults: true

# The guard asks you to type the cluster name before these commands run on a danger cluster,
# and before deleting a protected namespace on any cluster. Both lists replace the defaults
# (shown here) when given; remove the "#" in front of the whole section to change them.
# guard:
#   destructive:
#     - kubectl delete
#     - kubectl drain
#     - kubectl replace --force
#     - kubectl apply --prune
#     - kubectl scale --replicas=0
#     - kubectl config delete-context
#     - kubectl config delete-cluster
#     - kubectl config delete-user
#     - helm uninstall
#     - helm delete
#     - helm rollback
#   protected-namespaces: [kube-system, kube-public, prod, production]

# Ask each cluster your shells use for the level its admins declare (the ConfigMap kctx-guard in
# kube-public, read with your own credentials in the background; see docs/rules.md). Off unless set.
# cluster-levels:
#   fetch: true
#   ttl: 1h
`;
