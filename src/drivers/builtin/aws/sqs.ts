import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import type { Construct } from 'constructs';
import type { CdktfInput } from '../../cdktf-runtime.js';
import { awsName, isProduction, param, tags } from './common.js';

/** An SQS queue, encrypted with SQS-managed keys; messages kept 14 days in production, 4 elsewhere. */
export default function sqs(scope: Construct, input: CdktfInput) {
  const fifo = param(input, 'fifo', false);
  const queue = new SqsQueue(scope, input.resource.tfName, {
    name: `${awsName(input, fifo ? 75 : 80)}${fifo ? '.fifo' : ''}`,
    fifoQueue: fifo,
    sqsManagedSseEnabled: true,
    visibilityTimeoutSeconds: param(input, 'visibilityTimeoutSeconds', 30),
    messageRetentionSeconds: isProduction(input) ? 1209600 : 345600,
    tags: tags(input),
  });
  const region = new DataAwsRegion(scope, `${input.resource.tfName}_region`, {});
  return { url: queue.url, arn: queue.arn, name: queue.name, region: region.region };
}
