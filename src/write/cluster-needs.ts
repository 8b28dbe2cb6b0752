import type { EncodedFile } from '../compiler/background-writes.js';
import type { OutputFile } from './index.js';

/** What a cluster must run for objects of an API group: a line an object of it starts with, and the need in the words of its install docs. */
const NEEDS: [line: string, need: string][] = [
  ['apiVersion: external-secrets.io/', 'External Secrets Operator serving external-secrets.io/v1'],
  ['apiVersion: generators.external-secrets.io/', 'its Password generator (generators.external-secrets.io)'],
  [
    'apiVersion: gateway.networking.k8s.io/',
    'Gateway API CRDs and a Gateway "paws" in namespace paws-gateway',
  ],
  ['apiVersion: dapr.io/', 'Dapr (its control plane serves dapr.io Components and Subscriptions)'],
  ['kind: HorizontalPodAutoscaler\n', 'metrics-server (CPU metrics for HorizontalPodAutoscalers)'],
  ['apiVersion: argoproj.io/', 'Argo CD'],
];

/** Whether a line of the text starts with `line` (which is ASCII), searched in the text or in its UTF-8 bytes. */
function hasLine(content: string | Buffer, line: string): boolean {
  if (content.indexOf(`\n${line}`) >= 0) return true;
  return typeof content === 'string'
    ? content.startsWith(line)
    : content.toString('latin1', 0, line.length) === line;
}

/** The cluster components the emitted objects need (beside those `found` before), for one note after a compile. */
export function clusterNeeds(
  files: readonly (OutputFile | EncodedFile)[],
  found: readonly string[] = [],
): string[] {
  const yaml = files.filter((f) => f.path.endsWith('.yaml')).map((f) => ('bytes' in f ? f.bytes : f.content));
  return NEEDS.filter(([line, need]) => found.includes(need) || yaml.some((c) => hasLine(c, line))).map(
    ([, need]) => need,
  );
}
