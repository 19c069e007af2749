/**
 * Every command path of kubectl 1.32 and helm 3.17 with its aliases and flags, as the tools' own
 * help prints them ('' holds the global flags). `-n,--namespace=` takes a value (attached or the
 * next word), `--dry-run?` takes one only when attached with `=`, `--all` is a boolean.
 * test/guard/flags.test.ts asserts this equals what the installed tools print; the guard and the
 * shell templates read flags from here and nowhere else.
 */
import type { Tool } from './flags.js';

export interface CommandFlags {
  flags: string;
  aliases?: string[];
}

export const FLAG_TABLE: Record<Tool, Record<string, CommandFlags>> = {
  kubectl: {
    '': {
      flags:
        '--as= --as-group= --as-uid= --cache-dir= --certificate-authority= --client-certificate= --client-key= --cluster= --context= --disable-compression --insecure-skip-tls-verify --kubeconfig= --log-flush-frequency= --match-server-version -n,--namespace= --password= --profile= --profile-output= --request-timeout= -s,--server= --tls-server-name= --token= --user= --username= -v,--v= --vmodule= --warnings-as-errors',
    },
    annotate: {
      flags:
        '--all -A,--all-namespaces --allow-missing-template-keys --dry-run? --field-manager= --field-selector= -f,--filename= -k,--kustomize= --list --local -o,--output= --overwrite -R,--recursive --resource-version= -l,--selector= --show-managed-fields --template=',
    },
    'api-resources': {
      flags: '--api-group= --cached --categories= --namespaced --no-headers -o,--output= --sort-by= --verbs=',
    },
    'api-versions': { flags: '' },
    apply: {
      flags:
        '--all --allow-missing-template-keys --cascade? --dry-run? --field-manager= -f,--filename= --force --force-conflicts --grace-period= -k,--kustomize= --openapi-patch -o,--output= --overwrite --prune --prune-allowlist= -R,--recursive -l,--selector= --server-side --show-managed-fields --subresource= --template= --timeout= --validate? --wait',
    },
    'apply edit-last-applied': {
      flags:
        '--allow-missing-template-keys --field-manager= -f,--filename= -k,--kustomize= -o,--output= -R,--recursive --show-managed-fields --template= --validate? --windows-line-endings',
    },
    'apply set-last-applied': {
      flags:
        '--allow-missing-template-keys --create-annotation --dry-run? -f,--filename= -o,--output= --show-managed-fields --template=',
    },
    'apply view-last-applied': {
      flags: '--all -f,--filename= -k,--kustomize= -o,--output= -R,--recursive -l,--selector=',
    },
    attach: { flags: '-c,--container= --pod-running-timeout= -q,--quiet -i,--stdin -t,--tty' },
    auth: { flags: '' },
    'auth can-i': { flags: '-A,--all-namespaces --list --no-headers -q,--quiet --subresource=' },
    'auth reconcile': {
      flags:
        '--allow-missing-template-keys --dry-run? -f,--filename= -k,--kustomize= -o,--output= -R,--recursive --remove-extra-permissions --remove-extra-subjects --show-managed-fields --template=',
    },
    'auth whoami': { flags: '--allow-missing-template-keys -o,--output= --show-managed-fields --template=' },
    autoscale: {
      flags:
        '--allow-missing-template-keys --cpu-percent= --dry-run? --field-manager= -f,--filename= -k,--kustomize= --max= --min= --name= -o,--output= -R,--recursive --save-config --show-managed-fields --template=',
    },
    certificate: { flags: '' },
    'certificate approve': {
      flags:
        '--allow-missing-template-keys -f,--filename= --force -k,--kustomize= -o,--output= -R,--recursive --show-managed-fields --template=',
    },
    'certificate deny': {
      flags:
        '--allow-missing-template-keys -f,--filename= --force -k,--kustomize= -o,--output= -R,--recursive --show-managed-fields --template=',
    },
    'cluster-info': { flags: '' },
    'cluster-info dump': {
      flags:
        '-A,--all-namespaces --allow-missing-template-keys --namespaces= -o,--output= --output-directory= --pod-running-timeout= --show-managed-fields --template=',
    },
    completion: { flags: '' },
    config: { flags: '' },
    'config current-context': { flags: '' },
    'config delete-cluster': { flags: '' },
    'config delete-context': { flags: '' },
    'config delete-user': { flags: '' },
    'config get-clusters': { flags: '' },
    'config get-contexts': { flags: '--no-headers -o,--output=' },
    'config get-users': { flags: '' },
    'config rename-context': { flags: '' },
    'config set': { flags: '--set-raw-bytes' },
    'config set-cluster': {
      flags:
        '--certificate-authority= --embed-certs --insecure-skip-tls-verify --proxy-url= --server= --tls-server-name=',
    },
    'config set-context': { flags: '--cluster= --current --namespace= --user=' },
    'config set-credentials': {
      flags:
        '--auth-provider= --auth-provider-arg= --client-certificate= --client-key= --embed-certs --exec-api-version= --exec-arg= --exec-command= --exec-env= --exec-interactive-mode= --exec-provide-cluster-info --password= --token= --username=',
    },
    'config unset': { flags: '' },
    'config use-context': { flags: '' },
    'config view': {
      flags:
        '--allow-missing-template-keys --flatten --merge --minify -o,--output= --raw --show-managed-fields --template=',
    },
    cordon: { flags: '--dry-run? -l,--selector=' },
    cp: { flags: '-c,--container= --no-preserve --retries=' },
    create: {
      flags:
        '--allow-missing-template-keys --dry-run? --edit --field-manager= -f,--filename= -k,--kustomize= -o,--output= --raw= -R,--recursive --save-config -l,--selector= --show-managed-fields --template= --validate? --windows-line-endings',
    },
    'create clusterrole': {
      flags:
        '--aggregation-rule= --allow-missing-template-keys --dry-run? --field-manager= --non-resource-url= -o,--output= --resource= --resource-name= --save-config --show-managed-fields --template= --validate? --verb=',
    },
    'create clusterrolebinding': {
      flags:
        '--allow-missing-template-keys --clusterrole= --dry-run? --field-manager= --group= -o,--output= --save-config --serviceaccount= --show-managed-fields --template= --user= --validate?',
    },
    'create configmap': {
      flags:
        '--allow-missing-template-keys --append-hash --dry-run? --field-manager= --from-env-file= --from-file= --from-literal= -o,--output= --save-config --show-managed-fields --template= --validate?',
    },
    'create cronjob': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= --image= -o,--output= --restart= --save-config --schedule= --show-managed-fields --template= --validate?',
    },
    'create deployment': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= --image= -o,--output= --port= -r,--replicas= --save-config --show-managed-fields --template= --validate?',
    },
    'create ingress': {
      flags:
        '--allow-missing-template-keys --annotation= --class= --default-backend= --dry-run? --field-manager= -o,--output= --rule= --save-config --show-managed-fields --template= --validate?',
    },
    'create job': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= --from= --image= -o,--output= --save-config --show-managed-fields --template= --validate?',
    },
    'create namespace': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= -o,--output= --save-config --show-managed-fields --template= --validate?',
    },
    'create poddisruptionbudget': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= --max-unavailable= --min-available= -o,--output= --save-config --selector= --show-managed-fields --template= --validate?',
    },
    'create priorityclass': {
      flags:
        '--allow-missing-template-keys --description= --dry-run? --field-manager= --global-default -o,--output= --preemption-policy= --save-config --show-managed-fields --template= --validate? --value=',
    },
    'create quota': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= --hard= -o,--output= --save-config --scopes= --show-managed-fields --template= --validate?',
    },
    'create role': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= -o,--output= --resource= --resource-name= --save-config --show-managed-fields --template= --validate? --verb=',
    },
    'create rolebinding': {
      flags:
        '--allow-missing-template-keys --clusterrole= --dry-run? --field-manager= --group= -o,--output= --role= --save-config --serviceaccount= --show-managed-fields --template= --user= --validate?',
    },
    'create secret': { flags: '' },
    'create secret docker-registry': {
      flags:
        '--allow-missing-template-keys --append-hash --docker-email= --docker-password= --docker-server= --docker-username= --dry-run? --field-manager= --from-file= -o,--output= --save-config --show-managed-fields --template= --validate?',
    },
    'create secret generic': {
      flags:
        '--allow-missing-template-keys --append-hash --dry-run? --field-manager= --from-env-file= --from-file= --from-literal= -o,--output= --save-config --show-managed-fields --template= --type= --validate?',
    },
    'create secret tls': {
      flags:
        '--allow-missing-template-keys --append-hash --cert= --dry-run? --field-manager= --key= -o,--output= --save-config --show-managed-fields --template= --validate?',
    },
    'create service': { flags: '' },
    'create service clusterip': {
      flags:
        '--allow-missing-template-keys --clusterip= --dry-run? --field-manager= -o,--output= --save-config --show-managed-fields --tcp= --template= --validate?',
    },
    'create service externalname': {
      flags:
        '--allow-missing-template-keys --dry-run? --external-name= --field-manager= -o,--output= --save-config --show-managed-fields --tcp= --template= --validate?',
    },
    'create service loadbalancer': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= -o,--output= --save-config --show-managed-fields --tcp= --template= --validate?',
    },
    'create service nodeport': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= --node-port= -o,--output= --save-config --show-managed-fields --tcp= --template= --validate?',
    },
    'create serviceaccount': {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= -o,--output= --save-config --show-managed-fields --template= --validate?',
    },
    'create token': {
      flags:
        '--allow-missing-template-keys --audience= --bound-object-kind= --bound-object-name= --bound-object-uid= --duration= -o,--output= --show-managed-fields --template=',
    },
    debug: {
      flags:
        '--arguments-only --attach -c,--container= --copy-to= --custom= --env= -f,--filename= --image= --image-pull-policy= --keep-annotations --keep-init-containers --keep-labels --keep-liveness --keep-readiness --keep-startup --profile= -q,--quiet --replace --same-node --set-image= --share-processes -i,--stdin --target= -t,--tty',
    },
    delete: {
      flags:
        '--all -A,--all-namespaces --cascade? --dry-run? --field-selector= -f,--filename= --force --grace-period= --ignore-not-found -i,--interactive -k,--kustomize= --now -o,--output= --raw= -R,--recursive -l,--selector= --timeout= --wait',
    },
    describe: {
      flags:
        '-A,--all-namespaces --chunk-size= -f,--filename= -k,--kustomize= -R,--recursive -l,--selector= --show-events',
    },
    diff: {
      flags:
        '--concurrency= --field-manager= -f,--filename= --force-conflicts -k,--kustomize= --prune --prune-allowlist= -R,--recursive -l,--selector= --server-side --show-managed-fields',
    },
    drain: {
      flags:
        '--chunk-size= --delete-emptydir-data --disable-eviction --dry-run? --force --grace-period= --ignore-daemonsets --pod-selector= -l,--selector= --skip-wait-for-delete-timeout= --timeout=',
    },
    edit: {
      flags:
        '--allow-missing-template-keys --field-manager= -f,--filename= -k,--kustomize= -o,--output= --output-patch -R,--recursive --save-config --show-managed-fields --subresource= --template= --validate? --windows-line-endings',
    },
    events: {
      flags:
        '-A,--all-namespaces --allow-missing-template-keys --chunk-size= --for= --no-headers -o,--output= --show-managed-fields --template= --types= -w,--watch',
    },
    exec: { flags: '-c,--container= -f,--filename= --pod-running-timeout= -q,--quiet -i,--stdin -t,--tty' },
    explain: { flags: '--api-version= -o,--output= --recursive' },
    expose: {
      flags:
        '--allow-missing-template-keys --cluster-ip= --dry-run? --external-ip= --field-manager= -f,--filename= -k,--kustomize= -l,--labels= --load-balancer-ip= --name= -o,--output= --override-type= --overrides= --port= --protocol= -R,--recursive --save-config --selector= --session-affinity= --show-managed-fields --target-port= --template= --type=',
    },
    get: {
      flags:
        '-A,--all-namespaces --allow-missing-template-keys --chunk-size= --field-selector= -f,--filename= --ignore-not-found -k,--kustomize= -L,--label-columns= --no-headers -o,--output= --output-watch-events --raw= -R,--recursive -l,--selector= --server-print --show-kind --show-labels --show-managed-fields --sort-by= --subresource= --template= -w,--watch --watch-only',
    },
    kustomize: {
      flags:
        '--as-current-user --enable-alpha-plugins --enable-helm -e,--env= --helm-api-versions= --helm-command= --helm-debug --helm-kube-version= --load-restrictor= --mount= --network --network-name= -o,--output=',
    },
    label: {
      flags:
        '--all -A,--all-namespaces --allow-missing-template-keys --dry-run? --field-manager= --field-selector= -f,--filename= -k,--kustomize= --list --local -o,--output= --overwrite -R,--recursive --resource-version= -l,--selector= --show-managed-fields --template=',
    },
    logs: {
      flags:
        '--all-containers --all-pods -c,--container= -f,--follow --ignore-errors --insecure-skip-tls-verify-backend --limit-bytes= --max-log-requests= --pod-running-timeout= --prefix -p,--previous -l,--selector= --since= --since-time= --tail= --timestamps',
    },
    patch: {
      flags:
        '--allow-missing-template-keys --dry-run? --field-manager= -f,--filename= -k,--kustomize= --local -o,--output= -p,--patch= --patch-file= -R,--recursive --show-managed-fields --subresource= --template= --type=',
    },
    plugin: { flags: '' },
    'plugin list': { flags: '--name-only' },
    'port-forward': { flags: '--address= --pod-running-timeout=' },
    proxy: {
      flags:
        '--accept-hosts= --accept-paths= --address= --api-prefix= --append-server-path --disable-filter --keepalive= -p,--port= --reject-methods= --reject-paths= -u,--unix-socket= -w,--www= -P,--www-prefix=',
    },
    replace: {
      flags:
        '--allow-missing-template-keys --cascade? --dry-run? --field-manager= -f,--filename= --force --grace-period= -k,--kustomize= -o,--output= --raw= -R,--recursive --save-config --show-managed-fields --subresource= --template= --timeout= --validate? --wait',
    },
    rollout: { flags: '' },
    'rollout history': {
      flags:
        '--allow-missing-template-keys -f,--filename= -k,--kustomize= -o,--output= -R,--recursive --revision= -l,--selector= --show-managed-fields --template=',
    },
    'rollout pause': {
      flags:
        '--allow-missing-template-keys --field-manager= -f,--filename= -k,--kustomize= -o,--output= -R,--recursive -l,--selector= --show-managed-fields --template=',
    },
    'rollout restart': {
      flags:
        '--allow-missing-template-keys --field-manager= -f,--filename= -k,--kustomize= -o,--output= -R,--recursive -l,--selector= --show-managed-fields --template=',
    },
    'rollout resume': {
      flags:
        '--allow-missing-template-keys --field-manager= -f,--filename= -k,--kustomize= -o,--output= -R,--recursive -l,--selector= --show-managed-fields --template=',
    },
    'rollout status': {
      flags: '-f,--filename= -k,--kustomize= -R,--recursive --revision= -l,--selector= --timeout= -w,--watch',
    },
    'rollout undo': {
      flags:
        '--allow-missing-template-keys --dry-run? -f,--filename= -k,--kustomize= -o,--output= -R,--recursive -l,--selector= --show-managed-fields --template= --to-revision=',
    },
    run: {
      flags:
        '--allow-missing-template-keys --annotations= --attach --cascade? --command --dry-run? --env= --expose --field-manager= -f,--filename= --force --grace-period= --image= --image-pull-policy= -k,--kustomize= -l,--labels= --leave-stdin-open -o,--output= --override-type= --overrides= --pod-running-timeout= --port= --privileged -q,--quiet -R,--recursive --restart= --rm --save-config --show-managed-fields -i,--stdin --template= --timeout= -t,--tty --wait',
    },
    scale: {
      flags:
        '--all --allow-missing-template-keys --current-replicas= --dry-run? -f,--filename= -k,--kustomize= -o,--output= -R,--recursive --replicas= --resource-version= -l,--selector= --show-managed-fields --template= --timeout=',
    },
    set: { flags: '' },
    'set env': {
      flags:
        '--all --allow-missing-template-keys -c,--containers= --dry-run? -e,--env= --field-manager= -f,--filename= --from= --keys= -k,--kustomize= --list --local -o,--output= --overwrite --prefix= -R,--recursive --resolve -l,--selector= --show-managed-fields --template=',
    },
    'set image': {
      flags:
        '--all --allow-missing-template-keys --dry-run? --field-manager= -f,--filename= -k,--kustomize= --local -o,--output= -R,--recursive -l,--selector= --show-managed-fields --template=',
    },
    'set resources': {
      flags:
        '--all --allow-missing-template-keys -c,--containers= --dry-run? --field-manager= -f,--filename= -k,--kustomize= --limits= --local -o,--output= -R,--recursive --requests= -l,--selector= --show-managed-fields --template=',
    },
    'set selector': {
      flags:
        '--all --allow-missing-template-keys --dry-run? --field-manager= -f,--filename= --local -o,--output= -R,--recursive --resource-version= --show-managed-fields --template=',
    },
    'set serviceaccount': {
      flags:
        '--all --allow-missing-template-keys --dry-run? --field-manager= -f,--filename= -k,--kustomize= --local -o,--output= -R,--recursive --show-managed-fields --template=',
    },
    'set subject': {
      flags:
        '--all --allow-missing-template-keys --dry-run? --field-manager= -f,--filename= --group= -k,--kustomize= --local -o,--output= -R,--recursive -l,--selector= --serviceaccount= --show-managed-fields --template= --user=',
    },
    taint: {
      flags:
        '--all --allow-missing-template-keys --dry-run? --field-manager= -o,--output= --overwrite -l,--selector= --show-managed-fields --template= --validate?',
    },
    top: { flags: '' },
    'top node': { flags: '--no-headers -l,--selector= --show-capacity --sort-by= --use-protocol-buffers' },
    'top pod': {
      flags:
        '-A,--all-namespaces --containers --field-selector= --no-headers -l,--selector= --sort-by= --sum --use-protocol-buffers',
    },
    uncordon: { flags: '--dry-run? -l,--selector=' },
    version: { flags: '--client -o,--output=' },
    wait: {
      flags:
        '--all -A,--all-namespaces --allow-missing-template-keys --field-selector= -f,--filename= --for= --local -o,--output= -R,--recursive -l,--selector= --show-managed-fields --template= --timeout=',
    },
  },
  helm: {
    '': {
      flags:
        '--burst-limit= --debug -h,--help --kube-apiserver= --kube-as-group= --kube-as-user= --kube-ca-file= --kube-context= --kube-insecure-skip-tls-verify --kube-tls-server-name= --kube-token= --kubeconfig= -n,--namespace= --qps= --registry-config= --repository-cache= --repository-config=',
    },
    completion: { flags: '' },
    'completion bash': { flags: '--no-descriptions' },
    'completion fish': { flags: '--no-descriptions' },
    'completion powershell': { flags: '--no-descriptions' },
    'completion zsh': { flags: '--no-descriptions' },
    create: { flags: '-p,--starter=' },
    dependency: { flags: '', aliases: ['dep', 'dependencies'] },
    'dependency build': {
      flags:
        '--ca-file= --cert-file= --insecure-skip-tls-verify --key-file= --keyring= --password= --plain-http --skip-refresh --username= --verify',
    },
    'dependency list': { flags: '--max-col-width=', aliases: ['ls'] },
    'dependency update': {
      flags:
        '--ca-file= --cert-file= --insecure-skip-tls-verify --key-file= --keyring= --password= --plain-http --skip-refresh --username= --verify',
      aliases: ['up'],
    },
    env: { flags: '' },
    get: { flags: '' },
    'get all': { flags: '--revision= --template=' },
    'get hooks': { flags: '--revision=' },
    'get manifest': { flags: '--revision=' },
    'get metadata': { flags: '-o,--output= --revision=' },
    'get notes': { flags: '--revision=' },
    'get values': { flags: '-a,--all -o,--output= --revision=' },
    history: { flags: '--max= -o,--output=', aliases: ['hist'] },
    install: {
      flags:
        '--atomic --ca-file= --cert-file= --create-namespace --dependency-update --description= --devel --disable-openapi-validation --dry-run? --enable-dns --force -g,--generate-name --hide-notes --hide-secret --insecure-skip-tls-verify --key-file= --keyring= -l,--labels= --name-template= --no-hooks -o,--output= --pass-credentials --password= --plain-http --post-renderer= --post-renderer-args= --render-subchart-notes --replace --repo= --set= --set-file= --set-json= --set-literal= --set-string= --skip-crds --skip-schema-validation --take-ownership --timeout= --username= -f,--values= --verify --version= --wait --wait-for-jobs',
    },
    lint: {
      flags:
        '--kube-version= --quiet --set= --set-file= --set-json= --set-literal= --set-string= --skip-schema-validation --strict -f,--values= --with-subcharts',
    },
    list: {
      flags:
        '-a,--all -A,--all-namespaces -d,--date --deployed --failed -f,--filter= -m,--max= --no-headers --offset= -o,--output= --pending -r,--reverse -l,--selector= -q,--short --superseded --time-format= --uninstalled --uninstalling',
      aliases: ['ls'],
    },
    package: {
      flags:
        '--app-version= --ca-file= --cert-file= -u,--dependency-update -d,--destination= --insecure-skip-tls-verify --key= --key-file= --keyring= --passphrase-file= --password= --plain-http --sign --username= --version=',
    },
    plugin: { flags: '' },
    'plugin install': { flags: '--version=', aliases: ['add'] },
    'plugin list': { flags: '', aliases: ['ls'] },
    'plugin uninstall': { flags: '', aliases: ['rm', 'remove'] },
    'plugin update': { flags: '', aliases: ['up'] },
    pull: {
      flags:
        '--ca-file= --cert-file= -d,--destination= --devel --insecure-skip-tls-verify --key-file= --keyring= --pass-credentials --password= --plain-http --prov --repo= --untar --untardir= --username= --verify --version=',
      aliases: ['fetch'],
    },
    push: {
      flags: '--ca-file= --cert-file= --insecure-skip-tls-verify --key-file= --password= --plain-http --username=',
    },
    registry: { flags: '' },
    'registry login': {
      flags: '--ca-file= --cert-file= --insecure --key-file= -p,--password= --password-stdin -u,--username=',
    },
    'registry logout': { flags: '' },
    repo: { flags: '' },
    'repo add': {
      flags:
        '--allow-deprecated-repos --ca-file= --cert-file= --force-update --insecure-skip-tls-verify --key-file= --no-update --pass-credentials --password= --password-stdin --username=',
    },
    'repo index': { flags: '--json --merge= --url=' },
    'repo list': { flags: '-o,--output=', aliases: ['ls'] },
    'repo remove': { flags: '', aliases: ['rm'] },
    'repo update': { flags: '--fail-on-repo-update-fail', aliases: ['up'] },
    rollback: {
      flags:
        '--cleanup-on-fail --dry-run --force --history-max= --no-hooks --recreate-pods --timeout= --wait --wait-for-jobs',
    },
    search: { flags: '' },
    'search hub': { flags: '--endpoint= --fail-on-no-result --list-repo-url --max-col-width= -o,--output=' },
    'search repo': {
      flags: '--devel --fail-on-no-result --max-col-width= -o,--output= -r,--regexp --version= -l,--versions',
    },
    show: { flags: '', aliases: ['inspect'] },
    'show all': {
      flags:
        '--ca-file= --cert-file= --devel --insecure-skip-tls-verify --key-file= --keyring= --pass-credentials --password= --plain-http --repo= --username= --verify --version=',
    },
    'show chart': {
      flags:
        '--ca-file= --cert-file= --devel --insecure-skip-tls-verify --key-file= --keyring= --pass-credentials --password= --plain-http --repo= --username= --verify --version=',
    },
    'show crds': {
      flags:
        '--ca-file= --cert-file= --devel --insecure-skip-tls-verify --key-file= --keyring= --pass-credentials --password= --plain-http --repo= --username= --verify --version=',
    },
    'show readme': {
      flags:
        '--ca-file= --cert-file= --devel --insecure-skip-tls-verify --key-file= --keyring= --pass-credentials --password= --plain-http --repo= --username= --verify --version=',
    },
    'show values': {
      flags:
        '--ca-file= --cert-file= --devel --insecure-skip-tls-verify --jsonpath= --key-file= --keyring= --pass-credentials --password= --plain-http --repo= --username= --verify --version=',
    },
    status: { flags: '-o,--output= --revision= --show-desc --show-resources' },
    template: {
      flags:
        '-a,--api-versions= --atomic --ca-file= --cert-file= --create-namespace --dependency-update --description= --devel --disable-openapi-validation --dry-run? --enable-dns --force -g,--generate-name --hide-notes --include-crds --insecure-skip-tls-verify --is-upgrade --key-file= --keyring= --kube-version= -l,--labels= --name-template= --no-hooks --output-dir= --pass-credentials --password= --plain-http --post-renderer= --post-renderer-args= --release-name --render-subchart-notes --replace --repo= --set= --set-file= --set-json= --set-literal= --set-string= -s,--show-only= --skip-crds --skip-schema-validation --skip-tests --take-ownership --timeout= --username= --validate -f,--values= --verify --version= --wait --wait-for-jobs',
    },
    test: { flags: '--filter= --hide-notes --logs --timeout=' },
    uninstall: {
      flags: '--cascade= --description= --dry-run --ignore-not-found --keep-history --no-hooks --timeout= --wait',
      aliases: ['del', 'delete', 'un'],
    },
    upgrade: {
      flags:
        '--atomic --ca-file= --cert-file= --cleanup-on-fail --create-namespace --dependency-update --description= --devel --disable-openapi-validation --dry-run? --enable-dns --force --hide-notes --hide-secret --history-max= --insecure-skip-tls-verify -i,--install --key-file= --keyring= -l,--labels= --no-hooks -o,--output= --pass-credentials --password= --plain-http --post-renderer= --post-renderer-args= --render-subchart-notes --repo= --reset-then-reuse-values --reset-values --reuse-values --set= --set-file= --set-json= --set-literal= --set-string= --skip-crds --skip-schema-validation --take-ownership --timeout= --username= -f,--values= --verify --version= --wait --wait-for-jobs',
    },
    verify: { flags: '--keyring=' },
    version: { flags: '--short --template=' },
  },
};
