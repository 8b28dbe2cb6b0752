import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';

// Params are checked as a provisioner sees them: with the workload's metadata placeholders replaced.
const spec = (size: string) => `apiVersion: paws.dev/v1
metadata:
  name: api
  annotations: { size: ${JSON.stringify(size)} }
containers: { main: { image: nginxinc/nginx-unprivileged:1.27, volumes: { /data: { source: "\${resources.data}" } } } }
resources:
  data: { type: volume, params: { size: "\${metadata.annotations.size}" } }
`;

describe('placeholders are replaced before params are validated', () => {
  it('size: ${metadata.annotations.size} with the annotation 2Gi is valid and reaches the claim', async () => {
    const result = await compile({}, createMemoryHost({ 'paws.yaml': spec('2Gi') }));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.files.map((f) => f.content).join('\n')).toContain('storage: 2Gi');
  });

  it('an annotation that is not a valid size is still PAWS3104, at the param', async () => {
    const result = await compile({}, createMemoryHost({ 'paws.yaml': spec('two gigs') }));
    expect(
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.line}`),
    ).toEqual(['PAWS3104@7']);
  });
});

describe('a built-in that looks up a developer’s value reports at that value', () => {
  const files = (params: string) => ({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'web/paws.yaml': `apiVersion: paws.dev/v1\nmetadata: { name: web }\ncontainers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }\nresources:\n  api: { type: service-port, params: ${params} }\n`,
    'api/paws.yaml': `apiVersion: paws.dev/v1\nmetadata: { name: api }\nservice: { ports: { http: { port: 80, targetPort: 8080 } } }\ncontainers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }\n`,
  });

  it.each([
    [
      'an unknown workload',
      '{ workload: apii, port: http }',
      'web/paws.yaml:5:50',
      'params.workload names no workload',
    ],
    [
      'an unknown port',
      '{ workload: api, port: grpc }',
      'web/paws.yaml:5:61',
      'params.port names no service port',
    ],
  ])('%s: once, at the developer’s line, the built-in as related', async (_name, params, where, message) => {
    const result = await compile({}, createMemoryHost(files(params)));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([where]);
    expect(errors[0]?.message).toContain(message);
    expect(errors[0]?.related?.[0]?.file).toBe('<paws>/catalog/definitions/cluster.yaml');
  });
});
