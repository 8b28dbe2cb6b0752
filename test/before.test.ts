import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { validateYamlFiles } from './support/k8s-schemas.js';
import { objectIn } from './support/manifests.js';

const workload = (containers: string) =>
  `apiVersion: score.dev/v1b1\nmetadata: { name: api }\ncontainers:\n${containers}`;

describe('Score before: init containers and native sidecars', () => {
  it('complete → init container, started / healthy → sidecar (restartPolicy: Always), in order', async () => {
    const spec = workload(`  app: { image: acme/web }
  migrate:
    image: migrate
    before: { app: { ready: complete } }
  seed:
    image: seed
    before: { migrate: { ready: complete } }
  proxy:
    image: envoy
    before: { app: { ready: started } }
  cache:
    image: warm
    readinessProbe: { httpGet: { port: 8080, path: /ready } }
    before: { app: { ready: healthy } }
`);
    const result = await compile({}, createMemoryHost({ 'score.yaml': spec }));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const pod = objectIn(result.files, 'dev/kubernetes/api', 'Deployment')?.spec.template.spec;
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['app']);
    expect(
      pod.initContainers.map((c: { name: string; restartPolicy?: string }) => [
        c.name,
        c.restartPolicy ?? null,
      ]),
    ).toEqual([
      ['cache', 'Always'],
      ['seed', null],
      ['migrate', null],
      ['proxy', 'Always'],
    ]);
    expect(pod.initContainers[0].startupProbe).toEqual({ httpGet: { port: 8080, path: '/ready' } });
    // Validated against the Kubernetes 1.35 schema (unknown fields rejected).
    expect(await validateYamlFiles(result.files.filter((f) => f.path.endsWith('.yaml')))).toMatchObject({
      'apps/v1 Deployment': 1,
    });
  });

  it.each([
    [
      'an unknown container',
      '  app: { image: acme/web }\n  init: { image: x, before: { ap: { ready: complete } } }\n',
      'PAWS2506@5:31',
      'did you mean "app"',
    ],
    [
      'an unknown container in a one-container workload (only PAWS2506, not also "none is left")',
      '  app: { image: acme/web, before: { ap: { ready: complete } } }\n',
      'PAWS2506@4:37',
      'which is not a container of this workload',
    ],
    [
      'itself',
      '  app: { image: acme/web }\n  init: { image: x, before: { init: { ready: complete } } }\n',
      'PAWS2506@5:31',
      'which is itself',
    ],
    [
      'a cycle',
      '  app: { image: acme/web }\n  aa: { image: x, before: { bb: { ready: complete } } }\n  bb: { image: x, before: { aa: { ready: complete } } }\n',
      'PAWS2507@5:19',
      'aa → bb → aa',
    ],
    [
      'no main container',
      '  aa: { image: x, before: { bb: { ready: complete } } }\n  bb: { image: x, before: { cc: { ready: complete } } }\n  cc: { image: x, before: { aa: { ready: started } } }\n',
      'PAWS2507',
      'none is left',
    ],
    [
      'healthy without a readiness probe',
      '  app: { image: acme/web }\n  init: { image: x, before: { app: { ready: healthy } } }\n',
      'PAWS2507@5:45',
      'has no readinessProbe',
    ],
  ])('%s is refused at its position', async (_name, containers, code, message) => {
    if (code === 'PAWS2506@4:37') {
      const only = await compile({}, createMemoryHost({ 'score.yaml': workload(containers) }));
      expect(
        only.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.line}:${d.column}`),
      ).toEqual([code]);
    }
    const result = await compile({}, createMemoryHost({ 'score.yaml': workload(containers) }));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code}@${d.line}:${d.column}`).join(' ')).toContain(code);
    expect(errors.map((d) => d.message).join('\n')).toContain(message);
    expect(result.files).toEqual([]);
  });
});
