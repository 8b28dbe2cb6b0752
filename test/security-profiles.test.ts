import { describe, expect, it } from 'vitest';
import { compile, createMemoryHost } from '../src/index.js';
import { isKnownRootImage } from '../src/validate/root-images.js';
import { brief } from './helpers.js';
import { validateYamlFiles } from './support/k8s-schemas.js';
import { objectIn, objectsOf } from './support/manifests.js';

const score = (annotations: string, image = 'acme/web') =>
  `apiVersion: score.dev/v1b1
metadata:
  name: api
  annotations: { ${annotations} }
containers:
  main: { image: ${image} }
`;

const environment = (profiles?: string) => `apiVersion: paws.dev/v1
kind: Environment
metadata: { name: prod }
spec:
  type: production
${profiles ? `  kubernetes: { securityProfiles: ${profiles} }\n` : ''}`;

async function compileOne(spec: string, env?: string) {
  const files: Record<string, string> = { 'score.yaml': spec };
  if (env) files['platform/prod.yaml'] = env;
  const result = await compile({}, createMemoryHost(files));
  const deployment = result.files
    .filter((f) => f.path.endsWith('/kubernetes/api/manifests.yaml'))
    .flatMap((f) => objectsOf(f.content))
    .find((o) => o.kind === 'Deployment');
  return { result, pod: deployment?.spec.template.spec };
}

describe('security profiles', () => {
  it.each([
    [
      'restricted (the default): a pinned non-root user, so an image with a named USER (or none) starts',
      '',
      {
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        fsGroup: 65532,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    ],
    [
      'baseline, asked for by annotation',
      'paws.dev/security-profile: baseline',
      { seccompProfile: { type: 'RuntimeDefault' } },
      { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
    ],
  ])('%s', async (_name, annotations, pod, container) => {
    const { result, pod: spec } = await compileOne(score(annotations));
    expect(result.diagnostics).toEqual([]);
    expect(spec.securityContext).toEqual(pod);
    expect(spec.containers[0].securityContext).toEqual(container);
    await validateYamlFiles(result.files.filter((f) => f.path.endsWith('.yaml')));
  });

  it('privileged sets no security context where the environment allows it, and the annotation stays off the pod', async () => {
    const { result, pod } = await compileOne(
      score('paws.dev/security-profile: privileged, team: payments'),
      environment('[restricted, privileged]'),
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(pod.securityContext).toBeUndefined();
    expect(pod.containers[0].securityContext).toBeUndefined();
    const deployment = objectIn(result.files, 'prod/kubernetes/api', 'Deployment');
    expect(deployment?.spec.template.metadata.annotations).toMatchObject({ team: 'payments' });
    expect(JSON.stringify(deployment)).not.toContain('security-profile');
  });

  it.each([
    ['privileged by default', 'paws.dev/security-profile: privileged', undefined, 'PAWS3007@4:45'],
    [
      'baseline where only restricted is allowed',
      'paws.dev/security-profile: baseline',
      '[restricted]',
      'PAWS3007@4:45',
    ],
  ])('refuses %s, at the annotation', async (_name, annotations, profiles, expected) => {
    const { result } = await compileOne(score(annotations), environment(profiles));
    expect(result.diagnostics.map(brief)).toEqual([expected]);
    expect(result.diagnostics[0]?.message).toContain('environment "prod" does not allow');
  });

  it('refuses the paws.dev/v1 field at its place, and one that disagrees with the annotation', async () => {
    const paws = `apiVersion: paws.dev/v1
metadata: { name: api }
securityProfile: privileged
containers: { main: { image: acme/web } }
`;
    expect((await compileOne(paws, environment())).result.diagnostics.map(brief)).toEqual(['PAWS3007@3:18']);
    const both = paws.replace(
      '{ name: api }',
      '{ name: api, annotations: { paws.dev/security-profile: baseline } }',
    );
    expect((await compileOne(both)).result.diagnostics.map(brief)).toEqual(['PAWS2508@2:66']);
  });

  it.each([
    ['paws.dev/security-profile: restricte', 'did you mean "restricted"'],
    ['k8s.score.dev/kind: Statefulset', 'did you mean "StatefulSet"'],
    ['k8s.score.dev/service-name: My_Service', 'not a valid Service name'],
  ])('an invalid %s is an error at its place', async (annotations, message) => {
    const { result } = await compileOne(score(annotations));
    expect(result.diagnostics.map(brief)).toEqual([expect.stringMatching(/^PAWS2508@4:/)]);
    expect(result.diagnostics[0]?.message).toContain(message);
  });

  it('a known root image gets the most restrictive profile that runs it (a note at the image); asked-for restricted warns; asked-for baseline is quiet', async () => {
    const chosen = await compileOne(score('', 'busybox:1.37'));
    expect(chosen.result.diagnostics.map(brief)).toEqual(['PAWS3013@6:18']);
    expect(chosen.pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    const restricted = await compileOne(score('paws.dev/security-profile: restricted', 'busybox:1.37'));
    expect(restricted.result.diagnostics.map(brief)).toEqual(['PAWS2509@6:18']);
    expect(restricted.result.diagnostics[0]?.hint).toContain('paws.dev/security-profile: baseline');
    const asked = await compileOne(score('paws.dev/security-profile: baseline', 'busybox:1.37'));
    expect(asked.result.diagnostics).toEqual([]);
  });

  it.each([
    ['busybox', true],
    ['nginx:1.27', true],
    ['docker.io/library/postgres:17@sha256:abc', true],
    ['docker.io/nginx:1.27', true],
    ['index.docker.io/library/busybox@sha256:abc', true],
    ['library/redis', true],
    ['nginxinc/nginx-unprivileged:1.27', false],
    ['ghcr.io/acme/nginx:1', false],
    ['registry.example.com/busybox', false],
    ['bitnami/postgresql:17', false],
  ])('%s is a known root image: %s', (image, expected) => {
    expect(isKnownRootImage(image)).toBe(expected);
  });
});

describe('no container is refused by the kubelet for running as root (image × environment table)', () => {
  const IMAGES = [
    'busybox',
    'nginx:1.27',
    'docker.io/nginx:1.27',
    'ghcr.io/stefanprodan/podinfo:6.7.0', // USER app: a name, which runAsNonRoot refuses without runAsUser
    'nginxinc/nginx-unprivileged:1.27',
    'registry.example.com/acme/api:1',
  ];
  const ENVIRONMENTS: [string, string | undefined][] = [
    ['restricted and baseline (the default)', undefined],
    ['restricted only', '[restricted]'],
    ['every profile', '[restricted, baseline, privileged]'],
  ];
  const cases = IMAGES.flatMap((image) =>
    ENVIRONMENTS.map(([name, profiles]) => [image, name, profiles] as const),
  );

  it.each(cases)('%s in an environment allowing %s', async (image, _name, profiles) => {
    const { result, pod } = await compileOne(score('', image), environment(profiles));
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    if (isKnownRootImage(image) && profiles === '[restricted]') {
      // Refused at the image, never a pod that cannot start.
      expect(errors).toEqual(['PAWS3012']);
      return;
    }
    expect(errors).toEqual([]);
    const context = pod?.securityContext ?? {};
    // The kubelet refuses runAsNonRoot without a numeric non-root user, and a root image under it.
    if (context.runAsNonRoot) {
      expect(context.runAsUser).toBeGreaterThan(0);
      expect(isKnownRootImage(image)).toBe(false);
    }
    // Volumes of a restricted pod are writable by its group.
    if (context.runAsNonRoot) expect(context.fsGroup).toBe(context.runAsGroup);
  });
});
