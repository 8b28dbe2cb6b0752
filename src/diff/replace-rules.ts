/**
 * What forces a replace, as the providers document it: arguments of a Terraform resource that name
 * or shape the physical thing (a change destroys it and makes a new one), and fields of Kubernetes
 * objects the API server refuses to change in place. Only what the built-in definitions and common
 * platform definitions use is listed: elsewhere paws says "update", and the Terraform plan decides.
 */
const FORCE_NEW: Record<string, readonly string[]> = {
  aws_db_instance: [
    'identifier',
    'identifier_prefix',
    'engine',
    'db_name',
    'username',
    'storage_encrypted',
    'kms_key_id',
    'availability_zone',
    'snapshot_identifier',
    'character_set_name',
  ],
  aws_rds_cluster: [
    'cluster_identifier',
    'engine',
    'database_name',
    'master_username',
    'storage_encrypted',
    'kms_key_id',
  ],
  aws_elasticache_replication_group: [
    'replication_group_id',
    'engine',
    'at_rest_encryption_enabled',
    'subnet_group_name',
    'kms_key_id',
  ],
  aws_elasticache_cluster: ['cluster_id', 'engine', 'subnet_group_name'],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_sqs_queue: ['name', 'name_prefix', 'fifo_queue'],
  aws_opensearch_domain: ['domain_name'],
  aws_mq_broker: [
    'broker_name',
    'engine_type',
    'deployment_mode',
    'storage_type',
    'publicly_accessible',
    'subnet_ids',
  ],
  aws_dynamodb_table: ['name', 'hash_key', 'range_key'],
  aws_route53_zone: ['name'],
  aws_route53_record: ['name', 'type', 'zone_id', 'set_identifier'],
  aws_secretsmanager_secret: ['name', 'name_prefix'],
  aws_ebs_volume: ['availability_zone', 'encrypted', 'snapshot_id'],
  aws_efs_file_system: ['creation_token', 'encrypted', 'performance_mode'],
  aws_iam_user: [],
};

/** The arguments whose change forces a replace of this Terraform resource type, where they differ. */
export function replacingArguments(terraformType: string, before: unknown, after: unknown): string[] {
  const names = Object.hasOwn(FORCE_NEW, terraformType)
    ? (FORCE_NEW[terraformType] as readonly string[])
    : [];
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  return names.filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]));
}

/** Terraform resource types that hold data: a replace or delete of one destroys what it holds. */
const DATA_STORES =
  /^aws_(db_instance|rds_cluster|elasticache_(replication_group|cluster)|s3_bucket|sqs_queue|opensearch_domain|mq_broker|dynamodb_table|ebs_volume|efs_file_system|msk_cluster|docdb_cluster|elasticsearch_domain)$/;
/** Types around a store that hold none of its data (access, configuration, published secrets). */
const SATELLITES =
  /^(aws_(secretsmanager_|iam_|security_group|s3_bucket_.|opensearch_domain_policy|route53_)|random_|terraform_data$|null_resource$|time_)/;

/**
 * Whether a block of a stateful resource holds its data: a known store does, a known satellite does
 * not, and anything else (another provider's resource) is taken as the resource's own.
 */
export function holdsData(terraformType: string): boolean {
  if (DATA_STORES.test(terraformType)) return true;
  return !SATELLITES.test(terraformType);
}

/** Kubernetes kinds that hold data (their claims outlive pods, but not a delete of the claim). */
export const DATA_KINDS: ReadonlySet<string> = new Set(['StatefulSet', 'PersistentVolumeClaim']);

type Loose = Record<string, unknown> | undefined;
const at = (object: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
    object,
  );

/** Fields the API server will not change in place, per kind: a change means delete and create. */
const IMMUTABLE: Record<string, readonly (readonly string[])[]> = {
  Deployment: [['spec', 'selector']],
  StatefulSet: [
    ['spec', 'selector'],
    ['spec', 'volumeClaimTemplates'],
    ['spec', 'serviceName'],
    ['spec', 'podManagementPolicy'],
  ],
  DaemonSet: [['spec', 'selector']],
  Job: [
    ['spec', 'template'],
    ['spec', 'selector'],
    ['spec', 'completions'],
  ],
  Service: [['spec', 'clusterIP']],
  PersistentVolumeClaim: [
    ['spec', 'storageClassName'],
    ['spec', 'accessModes'],
    ['spec', 'volumeName'],
  ],
};

/** The immutable fields (as dotted paths) that differ between two versions of one object. */
export function immutableKubernetesField(before: unknown, after: unknown): string[] {
  const kind = (after as Loose)?.kind;
  const paths =
    typeof kind === 'string' && Object.hasOwn(IMMUTABLE, kind)
      ? (IMMUTABLE[kind] as readonly (readonly string[])[])
      : [];
  return paths
    .filter((path) => JSON.stringify(at(before, path)) !== JSON.stringify(at(after, path)))
    .map((path) => path.join('.'));
}
