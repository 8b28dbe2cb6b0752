import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { environmentTerraform } from './support/terraform.js';

// A write-only value is sent only when its version changes: rotation raises the version, and a
// replaced resource replaces what publishes its outputs.
const environment = (rotation: string) => `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: staging }
spec:
  type: staging
${rotation}  terraform: { providers: { aws: { region: eu-west-1 } } }
`;
const workload = (annotation: string) => `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: nginxinc/nginx-unprivileged:1.27, variables: { DB: "\${resources.db.password}", OTHER: "\${resources.other.password}" } } }
resources:
  db:
    type: postgres
${annotation}  other: { type: postgres }
`;

async function versions(rotation: string, annotation: string) {
  const result = await compile(
    {},
    createMemoryHost({ 'platform/env.yaml': environment(rotation), 'paws.yaml': workload(annotation) }),
  );
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const tf = environmentTerraform(result.files, 'staging');
  const of = (name: string) => ({
    password: tf.resource.aws_db_instance[name].password_wo_version,
    published: tf.resource.aws_secretsmanager_secret_version[name].secret_string_wo_version,
    resend: tf.resource.aws_secretsmanager_secret_version[name].lifecycle?.replace_triggered_by,
  });
  return { db: of('postgres_default_api_db'), other: of('postgres_default_api_other') };
}

describe('rotation of generated secrets', () => {
  it('by default version 1, and the published secret is replaced when its database is', async () => {
    const { db } = await versions('', '');
    expect(db).toEqual({ password: 1, published: 1, resend: ['aws_db_instance.postgres_default_api_db'] });
  });

  it('the environment’s rotation raises every version together', async () => {
    const { db, other } = await versions('  rotation: 2\n', '');
    expect([db.password, db.published, other.password, other.published]).toEqual([3, 3, 3, 3]);
  });

  it('paws.dev/rotation on a resource rotates that resource alone', async () => {
    const { db, other } = await versions('', '    metadata: { annotations: { paws.dev/rotation: "1" } }\n');
    expect([db.password, db.published]).toEqual([2, 2]);
    expect([other.password, other.published]).toEqual([1, 1]);
  });
});
