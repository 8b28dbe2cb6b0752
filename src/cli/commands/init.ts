import * as path from 'node:path';
import { createNodeHost, isWritable } from '../../compiler/host.js';
import { displayPathFor } from '../../compiler/load/read.js';
import { kubernetesLabel } from '../../compiler/identity.js';
import type { CliIO } from '../io.js';

const MODELINE = '# yaml-language-server: $schema=./node_modules/paws/spec/workload.schema.json';

function workloadFile(name: string): string {
  return `${MODELINE}
# A paws workload (Score-compatible). It names no environment: paws resolves each resource per environment.
# Validate with "paws validate", see what each environment gets with "paws plan", write it with "paws compile".
apiVersion: paws.dev/v1
metadata:
  name: ${name}
service:
  ports:
    http:
      port: 80
      targetPort: 8080
containers:
  main:
    image: "."             # built by CI: supplied with --image
    variables:
      LOG_LEVEL: info
    connections: [db]      # DB_HOST, DB_PORT, DB_NAME, DB_DATABASE, DB_USERNAME, DB_PASSWORD
    readinessProbe:
      httpGet: { port: 8080, path: /ready }
resources:
  db:
    type: postgres
`;
}

const PLATFORM_FILE = `# yaml-language-server: $schema=../node_modules/paws/spec/environment.schema.json
# Environments. Resource definitions (how each resource type is made in each environment) come from
# paws's built-in catalog until you add your own here: see "paws catalog" and the README.
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: dev }
spec:
  type: development
  argocd: { repoURL: https://git.example.com/deploy.git, path: out, automated: true }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec:
  type: staging
  kubernetes: { server: https://staging.k8s.example.com }
  argocd: { repoURL: https://git.example.com/deploy.git, path: out, automated: true }
  terraform:
    backend: { s3: { bucket: example-tfstate, key: paws/staging.tfstate, region: eu-west-1 } }
    providers: { aws: { region: eu-west-1 } }
  secretStore: { kind: ClusterSecretStore, name: aws-secrets-manager, publish: aws-secrets-manager }
  dns: { zone: staging.example.com, target: gateway.staging.example.com }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec:
  type: production
  extends: staging
  kubernetes: { server: https://prod.k8s.example.com }
  argocd: { automated: false }
  terraform:
    backend: { s3: { bucket: example-tfstate, key: paws/prod.tfstate, region: eu-west-1 } }
  dns: { zone: example.com, target: gateway.example.com }
  defaults: { replicas: 2 }
`;

/** Scaffolds paws.yaml (and with --platform a starter platform folder); never overwrites a file. */
export function runInit(flags: { name?: string; platform?: boolean }, io: CliIO): number {
  const host = io.host ?? createNodeHost();
  if (!isWritable(host)) throw new Error('the host cannot write files');
  const cwd = host.cwd();
  const name = kubernetesLabel(flags.name ?? path.posix.basename(cwd));
  if (name.length < 2) {
    io.stderr(
      `error: "${name}" is too short for a workload name\n  hint: pass --name with 2–63 characters of a-z, 0-9 and "-"\n`,
    );
    return 1;
  }
  const files: [string, string][] = [[path.posix.join(cwd, 'paws.yaml'), workloadFile(name)]];
  if (flags.platform) files.push([path.posix.join(cwd, 'platform/environments.yaml'), PLATFORM_FILE]);
  const existing = files.filter(([file]) => host.stat(file) !== undefined);
  if (existing.length > 0) {
    io.stderr(
      `error: ${existing.map(([file]) => displayPathFor(host, file)).join(', ')} already exist${existing.length === 1 ? 's' : ''}; paws init does not overwrite\n` +
        '  hint: remove or rename it first, or run paws init in another folder\n',
    );
    return 1;
  }
  for (const [file, content] of files) {
    host.mkdir(path.posix.dirname(file));
    host.writeFile(file, content);
    io.stdout(`created ${displayPathFor(host, file)}\n`);
  }
  io.stdout('next: paws validate --image example:dev, then paws compile --image example:dev\n');
  return 0;
}
