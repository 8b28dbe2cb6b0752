import type { OutputFile } from './index.js';

/** What a cluster must run for objects of an API group, in the words of its install docs. */
const NEEDS: [RegExp, string][] = [
  [/^apiVersion: external-secrets\.io\//m, 'External Secrets Operator serving external-secrets.io/v1'],
  [
    /^apiVersion: generators\.external-secrets\.io\//m,
    'its Password generator (generators.external-secrets.io)',
  ],
  [
    /^apiVersion: gateway\.networking\.k8s\.io\//m,
    'Gateway API CRDs and a Gateway "paws" in namespace paws-gateway',
  ],
  [/^apiVersion: dapr\.io\//m, 'Dapr (its control plane serves dapr.io Components and Subscriptions)'],
  [/^kind: HorizontalPodAutoscaler$/m, 'metrics-server (CPU metrics for HorizontalPodAutoscalers)'],
  [/^apiVersion: argoproj\.io\//m, 'Argo CD'],
];

/** The cluster components the emitted objects need (beside those `found` before), for one note after a compile. */
export function clusterNeeds(files: readonly OutputFile[], found: readonly string[] = []): string[] {
  const yaml = files.filter((f) => f.path.endsWith('.yaml'));
  return NEEDS.filter(
    ([pattern, need]) => found.includes(need) || yaml.some((f) => pattern.test(f.content)),
  ).map(([, need]) => need);
}
