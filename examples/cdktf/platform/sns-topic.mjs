// An SNS topic named after the environment and the resource, encrypted with the AWS-managed key.
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';

export default function snsTopic(scope, input) {
  const topic = new SnsTopic(scope, input.resource.tfName, {
    name: `${input.environment.name}-${input.resource.k8sName}`,
    displayName: input.params.displayName ?? input.resource.id,
    kmsMasterKeyId: 'alias/aws/sns',
    tags: { 'paws.dev/environment': input.environment.name, 'paws.dev/resource': input.resource.uid },
  });
  return { arn: topic.arn, name: topic.name };
}
