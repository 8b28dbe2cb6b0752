import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region/index.js';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key/index.js';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user/index.js';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import type { CdktfInput } from '../../cdktf-runtime.js';
import { awsName, isProduction, param, tags } from './common.js';

/**
 * An S3 bucket with every public access blocked, encryption at rest, bucket-owner object ownership,
 * versioning in production, and an IAM user whose access key may use this bucket only (Score's s3
 * contract hands out keys). The secret key is in the sensitive Terraform state and published to the
 * secret store.
 */
export default function s3(scope: Construct, input: CdktfInput) {
  const name = input.resource.tfName;
  const production = isProduction(input);
  const bucket = new S3Bucket(scope, name, {
    bucket: awsName(input, 63, param<string | undefined>(input, 'bucket', undefined)),
    forceDestroy: !production,
    tags: tags(input),
  });
  new S3BucketPublicAccessBlock(scope, `${name}_public_access`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, `${name}_ownership`, {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, `${name}_encryption`, {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  new S3BucketVersioningA(scope, `${name}_versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: production ? 'Enabled' : 'Suspended' },
  });
  const user = new IamUser(scope, `${name}_user`, { name: awsName(input, 64), tags: tags(input) });
  new IamUserPolicy(scope, `${name}_policy`, {
    user: user.name,
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: [bucket.arn] },
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          Resource: [`${bucket.arn}/*`],
        },
      ],
    }),
  });
  const key = new IamAccessKey(scope, `${name}_key`, { user: user.name });
  const region = new DataAwsRegion(scope, `${name}_region`, {});
  return {
    bucket: bucket.bucket,
    access_key_id: key.id,
    aws_access_key_id: key.id,
    secret_key: key.secret,
    aws_secret_key: key.secret,
    endpoint: `https://s3.${region.region}.amazonaws.com`,
    region: region.region,
  };
}
