import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone/index.js';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import type { Construct } from 'constructs';
import type { CdktfInput } from '../../cdktf-runtime.js';
import { param } from './common.js';

/**
 * A Route53 CNAME <name>.<zone> → the environment's ingress host, with zone and target from the
 * Environment (spec.dns.zone, spec.dns.target).
 */
export default function route53(scope: Construct, input: CdktfInput) {
  const dns = input.environment.dns;
  if (!dns?.zone || !dns.target) {
    throw new Error(
      `environment "${input.environment.name}" needs spec.dns.zone and spec.dns.target for Route53 host names`,
    );
  }
  // Environments may share a zone (a preview and its base do): outside production the label carries
  // the environment, so two environments never own one record.
  const chosen = param<string | undefined>(input, 'subdomain', undefined);
  const label =
    chosen !== undefined
      ? input.environment.type === 'production'
        ? chosen
        : `${chosen}-${input.environment.name}`
      : `${input.workloads.length === 1 ? input.workloads[0] : input.resource.k8sName}-${input.environment.name}`;
  const zone = new DataAwsRoute53Zone(scope, `${input.resource.tfName}_zone`, {
    name: dns.zone,
    privateZone: false,
  });
  const host = `${label}.${dns.zone}`;
  new Route53Record(scope, input.resource.tfName, {
    zoneId: zone.zoneId,
    name: host,
    type: 'CNAME',
    ttl: 300,
    records: [dns.target],
  });
  // Public host names are served over TLS by the environment's gateway.
  return { host, url: `https://${host}` };
}
