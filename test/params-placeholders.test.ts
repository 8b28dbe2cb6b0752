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
