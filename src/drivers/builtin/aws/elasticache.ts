import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group/index.js';
import type { Construct } from 'constructs';
import type { CdktfInput } from '../../cdktf-runtime.js';
import { awsName, isProduction, param, statePassword, tags } from './common.js';

/**
 * ElastiCache for Redis (OSS): encrypted at rest and in transit, AUTH token required; in production
 * two nodes with automatic failover. auth_token has no write-only form, so its random value lives in
 * the (sensitive) Terraform state.
 */
export default function elasticache(scope: Construct, input: CdktfInput) {
  const production = isProduction(input);
  const token = statePassword(scope, input, 'auth_token');
  const group = new ElasticacheReplicationGroup(scope, input.resource.tfName, {
    replicationGroupId: awsName(input, 40),
    description: `paws ${input.resource.uid} in ${input.environment.name}`,
    engine: 'redis',
    engineVersion: param(input, 'version', '7.1'),
    nodeType: production ? 'cache.t4g.medium' : 'cache.t4g.micro',
    numCacheClusters: production ? 2 : 1,
    automaticFailoverEnabled: production,
    multiAzEnabled: production,
    port: 6379,
    atRestEncryptionEnabled: 'true',
    transitEncryptionEnabled: true,
    authToken: token,
    snapshotRetentionLimit: production ? 7 : 0,
    tags: tags(input),
  });
  return { host: group.primaryEndpointAddress, port: 6379, username: 'default', password: token };
}
