import { MqBroker } from '@cdktf/provider-aws/lib/mq-broker/index.js';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import type { CdktfInput } from '../../cdktf-runtime.js';
import { awsName, isProduction, param, statePassword, tags } from './common.js';

/** Amazon MQ for RabbitMQ: private, encrypted; a three-node cluster in production. */
export default function amazonmq(scope: Construct, input: CdktfInput) {
  const production = isProduction(input);
  const password = statePassword(scope, input, 'password');
  const broker = new MqBroker(scope, input.resource.tfName, {
    brokerName: awsName(input, 50),
    engineType: 'RabbitMQ',
    engineVersion: '3.13',
    autoMinorVersionUpgrade: true,
    hostInstanceType: production ? 'mq.m5.large' : 'mq.t3.micro',
    deploymentMode: production ? 'CLUSTER_MULTI_AZ' : 'SINGLE_INSTANCE',
    publiclyAccessible: false,
    user: [{ username: 'app', password }],
    tags: tags(input),
  });
  // The endpoint is amqps://<host>:5671; the contract wants the host alone. Built with Terraform
  // functions on the list token, never by slicing its text (a token's text is a placeholder).
  const endpoint = Fn.element(broker.instances.get(0).endpoints, 0);
  return {
    host: Fn.trimsuffix(Fn.trimprefix(endpoint, 'amqps://'), ':5671'),
    port: 5671,
    vhost: param(input, 'vhost', '/'),
    username: 'app',
    password,
  };
}
