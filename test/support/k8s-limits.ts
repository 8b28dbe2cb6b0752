import type { K8sObject } from './manifests.js';

/**
 * What the API server checks of names beyond the OpenAPI schemas (which say "string"): DNS labels
 * (63, namespaces, Services), DNS subdomains (253, most names), label values (63, a pattern),
 * hostnames (each label 63). Argo CD's label tracking writes the Application's name as a label
 * value, so it must fit 63 too. Returns one line per problem.
 */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function nameLimitProblems(object: K8sObject, where = ''): string[] {
  const problems: string[] = [];
  const at = `${where}${object.kind}/${object.metadata?.name}`;
  const check = (what: string, value: unknown, max: number, pattern: RegExp) => {
    if (typeof value !== 'string') return;
    if (value.length > max || !pattern.test(value))
      problems.push(`${at}: ${what} ${JSON.stringify(value)} (${value.length} > ${max} or not ${pattern})`);
  };
  const label = ['Namespace', 'Service', 'Application'].includes(object.kind);
  check('name', object.metadata?.name, label ? 63 : 253, label ? DNS_LABEL : DNS_SUBDOMAIN);
  check('namespace', object.metadata?.namespace, 63, DNS_LABEL);
  const labels = (record: unknown, what: string) => {
    for (const [key, value] of Object.entries((record ?? {}) as Record<string, unknown>))
      check(`${what} ${key}`, value, 63, LABEL_VALUE);
  };
  labels((object.metadata as { labels?: unknown } | undefined)?.labels, 'label');
  labels(object.spec?.template?.metadata?.labels, 'pod label');
  labels(object.spec?.jobTemplate?.spec?.template?.metadata?.labels, 'pod label');
  labels(object.spec?.selector?.matchLabels, 'selector');
  if (object.kind === 'Service') labels(object.spec?.selector, 'selector');
  check('destination namespace', object.spec?.destination?.namespace, 63, DNS_LABEL);
  for (const host of [
    ...((object.spec?.hostnames as string[] | undefined) ?? []),
    ...((object.spec?.rules as { host?: string }[] | undefined) ?? []).flatMap((r) =>
      r?.host ? [r.host] : [],
    ),
  ])
    for (const part of String(host).replace(/^\*\./, '').split('.'))
      check('hostname label', part, 63, DNS_LABEL);
  return problems;
}
