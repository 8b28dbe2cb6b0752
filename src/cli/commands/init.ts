import * as path from 'node:path';
import { createNodeHost, type Host, isWritable } from '../../compiler/host.js';
import { displayPathFor } from '../../compiler/load/read.js';
import { kubernetesLabel } from '../../compiler/identity.js';
import type { CliIO } from '../io.js';

/** The npm package paws is published as (the command stays `paws`). */
export const PACKAGE_NAME = 'paws-compiler';

/** The spec folder of the paws that runs: dist/cli/commands → spec (src/cli/commands when run from source). */
const OWN_SPEC = new URL('../../../spec/', import.meta.url).pathname;

/**
 * A modeline path that is right from `dir`: the nearest node_modules/paws-compiler upward (a project
 * that installs paws), else the schema of the paws that runs (a global install).
 */
export function schemaReference(host: Host, dir: string, schema: string): string {
  for (let current = dir; ; current = path.posix.dirname(current)) {
    const installed = `${current}/node_modules/${PACKAGE_NAME}/spec/${schema}`;
    if (host.stat(installed)?.kind === 'file') return relativeFrom(dir, installed);
    if (current === path.posix.dirname(current)) break;
  }
  return relativeFrom(dir, `${OWN_SPEC}${schema}`);
}

function relativeFrom(dir: string, file: string): string {
  const relative = path.posix.relative(dir, file);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function workloadFile(name: string, schema: string): string {
  return `# yaml-language-server: $schema=${schema}
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

const platformFile = (schema: string) => `# yaml-language-server: $schema=${schema}
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
    backend: { s3: { bucket: example-tfstate, key: "paws/{{environment}}/{{module}}.tfstate", region: eu-west-1 } }
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
  # The backend comes from staging; its key, "paws/{{environment}}/{{module}}.tfstate", gives prod states of its own.
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
  const files: [string, string][] = [
    [
      path.posix.join(cwd, 'paws.yaml'),
      workloadFile(name, schemaReference(host, cwd, 'workload.schema.json')),
    ],
  ];
  if (flags.platform) {
    const platform = path.posix.join(cwd, 'platform');
    const schema = schemaReference(host, platform, 'environment.schema.json');
    files.push([`${platform}/environments.yaml`, platformFile(schema)]);
  }
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
