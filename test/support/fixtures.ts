/** A workload `api` with one postgres resource `db`. */
export const API_WITH_DB =
  'apiVersion: paws.dev/v1\nmetadata: { name: api }\ncontainers: { main: { image: acme/web } }\nresources: { db: { type: postgres } }\n';

/** A static postgres definition whose outputs are given (one `key: value` per entry), for the shared db. */
export function staticPostgres(name: string, outputs: Record<string, string>): string {
  const lines = Object.entries(outputs).map(([key, value]) => `    ${key}: ${value}`);
  return `apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: ${name} }
spec:
  type: postgres
  driver: { kind: static }
  outputs:
${lines.join('\n')}
`;
}

/** The outputs of a well-formed static postgres, to override one at a time. */
export const POSTGRES_OUTPUTS: Record<string, string> = {
  host: 'db.internal',
  port: '5432',
  name: 'app',
  database: 'app',
  username: 'app',
  password: '{ secretRef: { key: db, property: password } }',
};

/** Two environments, `dev` (development) and `prod` (production), with nothing else set. */
export const DEV_AND_PROD = `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: dev }
spec: { type: development }
---
apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec: { type: production }
`;
