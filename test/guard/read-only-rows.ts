/**
 * Command lines for the read-only table (src/guard/read-only.ts): a hand-written list with the
 * answer each must get, and every row the table and the flag table generate (every spelling of every
 * read-only command and of every other command path, behind and between global flags of each arity,
 * with help flags and unknown flags in each place). test/guard/read-only.test.ts checks the answers;
 * test/shell/guard-allowlist.test.ts requires every shell's pre-check to give TypeScript's answer.
 */
import type { Tool } from '../../src/guard/argv.js';
import { FLAG_TABLE } from '../../src/guard/flag-table.js';
import { flagSet } from '../../src/guard/flags.js';
import { DEFAULT_DESTRUCTIVE } from '../../src/guard/operations.js';
import { READ_ONLY } from '../../src/guard/read-only.js';

export type Row = [Tool, string[]];

const words = (line: string): string[] => line.split(' ').map((word) => (word === "''" ? '' : word));

/** [command line, read-only] — `''` stands for an empty argument. */
export const HAND_ROWS: [string, boolean][] = [
  ['kubectl get pods', true],
  ['kubectl --context x -n y get pods', true],
  ['kubectl -nprod --context=x get pods -o wide', true],
  ['kubectl --log-flush-frequency 5s get pods', true],
  ['kubectl -v 4 --request-timeout 3s describe pod web-1', true],
  ['kubectl logs -f deploy/web', true],
  ['kubectl top pod -A', true],
  ['kubectl explain pods.spec', true],
  ['kubectl api-resources', true],
  ['kubectl api-versions', true],
  ['kubectl version --client', true],
  ['kubectl cluster-info', true],
  ['kubectl --context x cluster-info', true],
  ['kubectl cluster-info dump', false],
  ['kubectl cluster-info dump --output-directory /tmp/d', false],
  ['kubectl config view --raw', true],
  ['kubectl config current-context', true],
  ['kubectl --kubeconfig /k config get-contexts', true],
  ['kubectl config --kubeconfig /k get-clusters', true],
  ['kubectl config get-users', true],
  ['kubectl config', true],
  ['kubectl config use-context prod', false],
  ['kubectl config set-context --current --namespace x', false],
  ['kubectl config delete-context old', false],
  ['kubectl auth can-i delete pods', true],
  ['kubectl auth whoami', true],
  ['kubectl auth reconcile -f rbac.yaml', false],
  ['kubectl diff -f app.yaml', true],
  ['kubectl events -w', true],
  ['kubectl wait --for=condition=Ready pod/web', true],
  ['kubectl kustomize overlays/prod', true],
  ['kubectl completion zsh', true],
  ['kubectl __complete delete ns ""', true],
  ['kubectl __completeNoDesc get pods', true],
  ['kubectl help delete', true],
  ['kubectl options', true],
  ['kubectl plugin list', true],
  ['kubectl rollout status deploy/web', true],
  ['kubectl rollout history deploy/web', true],
  ['kubectl rollout restart deploy/web', false],
  ['kubectl rollout undo deploy/web', false],
  ['kubectl', true],
  ['kubectl --context x', true],
  ['kubectl --help', true],
  ['kubectl -h', true],
  ['kubectl delete --help', true],
  ['kubectl delete ns prod -h', true],
  ['kubectl --help delete ns prod', true],
  ['kubectl delete ns -l -h', false],
  ['kubectl delete ns prod --help=false', false],
  ['kubectl exec web -- kubectl --help', false],
  ['kubectl foo bar', false],
  ['kubectl neat get pods', false],
  ['kubectl exec -it web -- sh', false],
  ['kubectl cp web:/etc/passwd .', false],
  ['kubectl attach web', false],
  ['kubectl port-forward svc/db 5432', false],
  ['kubectl proxy', false],
  ['kubectl debug node/n1 -it --image=busybox', false],
  ['kubectl run tmp --image=busybox', false],
  ['kubectl certificate approve csr-1', false],
  ['kubectl apply -f app.yaml', false],
  ['kubectl delete namespace prod', false],
  ['kubectl --log-flush-frequency 5s delete ns prod', false],
  ['kubectl -n get delete ns prod', false],
  ['kubectl --brand-new get pods', false],
  ['kubectl --brand-new=x get pods', true],
  ['kubectl config --brand-new view', false],
  ['kubectl -- get pods', false],
  ["kubectl '' get pods", true],
  ["kubectl config '' use-context prod", false],
  ['kubectl - get', false],
  ['helm list -A', true],
  ['helm ls', true],
  ['helm --kube-context prod -n web status web', true],
  ['helm get values web', true],
  ['helm history web', true],
  ['helm hist web', true],
  ['helm show values ./chart', true],
  ['helm inspect chart ./chart', true],
  ['helm template web ./chart', true],
  ['helm search repo nginx', true],
  ['helm repo list', true],
  ['helm repo ls', true],
  ['helm env', true],
  ['helm version', true],
  ['helm lint ./chart', true],
  ['helm dependency list ./chart', true],
  ['helm dep ls ./chart', true],
  ['helm plugin list', true],
  ['helm help upgrade', true],
  ['helm upgrade --help', true],
  ['helm', true],
  ['helm repo add bitnami https://charts.bitnami.com/bitnami', false],
  ['helm install web ./chart', false],
  ['helm upgrade web ./chart', false],
  ['helm uninstall web', false],
  ['helm del web', false],
  ['helm un web', false],
  ['helm rollback web 3', false],
  ['helm test web', false],
  ['helm diff upgrade web ./chart', false],
  ['helm --brand-new list', false],
];

export const handRows = (): [Row, boolean][] =>
  HAND_ROWS.map(([line, readOnly]) => {
    const [tool, ...argv] = words(line);
    return [[tool as Tool, argv], readOnly];
  });

const TOOLS: Tool[] = ['kubectl', 'helm'];

/** Every spelling of a command path: the path and its aliases, word by word. */
function spellings(tool: Tool, path: string): string[][] {
  const parts = path.split(' ');
  let out: string[][] = [[]];
  parts.forEach((_, i) => {
    const prefix = parts.slice(0, i + 1).join(' ');
    const names = [parts[i]!, ...(FLAG_TABLE[tool][prefix]?.aliases ?? [])];
    out = out.flatMap((head) => names.map((name) => [...head, name]));
  });
  return out;
}

/**
 * Global flags of each arity, long and short, the value attached and apart (its value spelled like a
 * read-only verb, so reading it as the verb would show), and flags the tables do not know.
 */
const GLOBAL_USES: Record<Tool, string[][]> = {
  kubectl: [
    ['--context', 'get'],
    ['--context=get'],
    ['-n', 'get'],
    ['-nget'],
    ['-n=get'],
    ['-v', '4'],
    ['--insecure-skip-tls-verify'],
    ['--brand-new'],
    ['--brand-new=get'],
    ['-Z'],
  ],
  helm: [
    ['--kube-context', 'list'],
    ['--kube-context=list'],
    ['-n', 'list'],
    ['-nlist'],
    ['--debug'],
    ['--brand-new'],
    ['--brand-new=list'],
    ['-Z'],
  ],
};

/** Rows the tables generate: each command with global and unknown flags in front, between and behind, and help. */
export function generatedRows(): Row[] {
  const rows: Row[] = [];
  for (const tool of TOOLS) {
    const paths = new Set([...Object.keys(FLAG_TABLE[tool]).filter(Boolean), ...READ_ONLY[tool].verbs]);
    const commands = [...paths].flatMap((path) => spellings(tool, path));
    commands.push(['foo'], ['foo', 'bar']);
    for (const command of commands) {
      rows.push([tool, command], [tool, [...command, 'x']], [tool, [...command, '--help']], [tool, [...command, '-h']]);
      rows.push([tool, [...command, '--brand-new', '-h']], [tool, [...command, '--', '--help']]);
      for (const flags of GLOBAL_USES[tool]) {
        rows.push([tool, [...flags, ...command, 'x']]);
        if (command.length > 1) rows.push([tool, [command[0]!, ...flags, ...command.slice(1)]]);
      }
    }
    // Every global flag in front of a read-only verb that is a value flag's value if it takes one.
    const globals = flagSet(tool, []);
    const verb = tool === 'kubectl' ? 'get' : 'list';
    for (const name of globals.long.keys()) rows.push([tool, [`--${name}`, verb, 'delete', 'x']]);
    for (const letter of globals.short.keys()) rows.push([tool, [`-${letter}`, verb, 'delete', 'x']]);
    for (const source of DEFAULT_DESTRUCTIVE.filter((pattern) => pattern.startsWith(`${tool} `)))
      rows.push([tool, source.split(' ').slice(1)]);
  }
  return rows;
}
