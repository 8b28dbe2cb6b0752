// Generates a synthetic monorepo for the benchmark: N workloads (1–3 containers, 2–4 resources over
// 7 types, some shared by id) and three environments: development (in-cluster drivers), staging and
// production (Terraform through the built-in AWS terraform definitions). Deterministic for a given N.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const TYPES = ['postgres', 'redis', 's3', 'sqs', 'dns', 'volume', 'mysql'];

function random(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export function workloadYaml(i, variant = 0) {
  const rnd = random(i + 1);
  const name = `svc-${String(i).padStart(5, '0')}`;
  const resourceCount = 2 + Math.floor(rnd() * 3);
  const resources = [];
  for (let r = 0; r < resourceCount; r++) {
    const type = TYPES[(i + r * 3) % TYPES.length];
    const shared = type === 'postgres' && i % 10 !== 0 ? `\n    id: shared-db-${Math.floor(i / 10)}` : '';
    resources.push(`  r${r}:\n    type: ${type}${shared}`);
  }
  const containers = [];
  const containerCount = 1 + Math.floor(rnd() * 3);
  for (let c = 0; c < containerCount; c++) {
    const vars = resources
      .map((_, r) => r)
      .filter((r) => !['volume', 'dns'].includes(TYPES[(i + r * 3) % TYPES.length]))
      .map((r) => {
        const type = TYPES[(i + r * 3) % TYPES.length];
        const output = type === 's3' ? 'bucket' : type === 'sqs' ? 'url' : 'host';
        return `      R${r}_${output.toUpperCase()}: \${resources.r${r}.${output}}`;
      });
    containers.push(
      `  c${c}:\n    image: registry.example.com/${name}/c${c}:${variant === 0 ? '1.0.0' : '1.0.1'}\n    variables:\n      MODE: "${c}"\n${vars.join('\n')}`,
    );
  }
  return `apiVersion: paws.dev/v1\nmetadata:\n  name: ${name}\nservice:\n  ports:\n    http: { port: 80, targetPort: 8080 }\ncontainers:\n${containers.join('\n')}\nresources:\n${resources.join('\n')}\n`;
}

const ENVIRONMENTS = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: dev }
spec:
  type: development
  argocd: { repoURL: https://git.example.com/deploy.git, path: out }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec:
  type: staging
  argocd: { repoURL: https://git.example.com/deploy.git, path: out, automated: true }
  terraform: { providers: { aws: { region: eu-west-1 } } }
  dns: { zone: staging.example.com, target: gateway.staging.example.com }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec:
  type: production
  argocd: { repoURL: https://git.example.com/deploy.git, path: out }
  terraform: { providers: { aws: { region: eu-west-1 } } }
  dns: { zone: example.com, target: gateway.example.com }
  defaults: { replicas: 2 }
`;

export function generate(dir, n) {
  mkdirSync(path.join(dir, 'platform'), { recursive: true });
  writeFileSync(path.join(dir, 'platform/environments.yaml'), ENVIRONMENTS);
  for (let i = 0; i < n; i++) {
    const folder = path.join(dir, 'services', `svc-${String(i).padStart(5, '0')}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'paws.yaml'), workloadYaml(i));
  }
}
