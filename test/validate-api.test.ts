import { describe, expect, it } from 'vitest';
import { check, createMemoryHost, validate } from '../src/index.js';
import { runCli } from './helpers.js';

// The library's validate() reports what `paws validate` reports: resolution in every environment
// included. check() is the quick part (load and schemas) and says so.
const unknownType = {
  'paws.yaml': `apiVersion: paws.dev/v1
metadata: { name: api }
containers: { main: { image: nginxinc/nginx-unprivileged:1.27 } }
resources:
  db: { type: widget }
`,
  'platform/widget.yaml': `apiVersion: paws.dev/v1
kind: ResourceType
metadata: { name: widget }
spec: { outputs: { type: object } }
---
apiVersion: paws.dev/v1
kind: ResourceDefinition
metadata: { name: widget-elsewhere }
spec:
  type: widget
  match: { environments: [elsewhere] }
  driver: { kind: static }
`,
};

describe('validate() is the whole check', () => {
  it('a resource no definition serves: PAWS3101 from validate() and paws validate alike', async () => {
    const result = await validate({}, createMemoryHost(unknownType));
    expect(result.valid).toBe(false);
    const cli = await runCli(['validate', '--format', 'json'], { files: unknownType });
    const reported = JSON.parse(cli.stdout).diagnostics.map((d: { code: string }) => d.code);
    expect(result.diagnostics.map((d) => d.code)).toEqual(reported);
    expect(reported).toContain('PAWS3101');
  });

  it('check() stops before resolution, as paws validate --schema-only does', async () => {
    const quick = check({}, createMemoryHost(unknownType));
    const cli = await runCli(['validate', '--schema-only', '--format', 'json'], { files: unknownType });
    expect(quick.diagnostics.map((d) => d.code)).toEqual(
      JSON.parse(cli.stdout).diagnostics.map((d: { code: string }) => d.code),
    );
    expect(quick.diagnostics.map((d) => d.code)).not.toContain('PAWS3101');
  });

  it('a valid project is valid, with its project', async () => {
    const result = await validate(
      {},
      createMemoryHost({ 'paws.yaml': unknownType['paws.yaml'].replace(/resources:[^]*/, '') }),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.project?.workloads).toHaveLength(1);
  });
});
